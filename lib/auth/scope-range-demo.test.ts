// withinScopeRange (path ranges, for counts) selects exactly the records withinScope (LIKE) does, for every node of the
// demo tree, on the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, sql } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import { cases, orgNodes } from '@/db/tables';
import { hashToken } from '@/lib/cases/commands';
import { withinScope, withinScopeRange } from './scope-sql';

const storeFor = registerTestStore({ demo: true });

test('a scope as path ranges holds the same cases as the scope as LIKE prefixes', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const nodes = await store.db.select().from(orgNodes).orderBy(asc(orgNodes.id));
  const at = new Date('2031-01-01T02:00:00Z');
  // One case at every grid and building, and at their grids for the rural ones.
  const places = nodes.filter((n) => n.kind === 'grid' || n.kind === 'building');
  const grids = places.filter((p) => p.kind === 'grid');
  await store.write(async (tx) => {
    await tx.insert(cases).values(
      places.map((n, i) => {
        const gridId = n.kind === 'grid' ? n.id : places.find((g) => g.kind === 'grid' && n.path.startsWith(g.path))!.id;
        return { number: `YH20310101-${String(i + 1).padStart(4, '0')}`, publicTokenHash: hashToken(`scope-${i}`), description: '范围测试', source: 'patrol' as const, nodeId: n.id, nodePath: n.path, gridId, status: 'submitted' as const, acceptDueAt: at, createdAt: at, updatedAt: at };
      }),
    );
    // A sibling whose id shares the leading digits (…/5/ and …/50/) is where a careless range would leak:
    // for every grid, a case filed under such a path (the path alone matters to both conditions).
    await tx.insert(cases).values(
      grids.map((g, i) => ({ number: `YH20310102-${String(i + 1).padStart(4, '0')}`, publicTokenHash: hashToken(`sibling-${i}`), description: '范围测试', source: 'patrol' as const, nodeId: g.id, nodePath: `${g.path.slice(0, -1)}0/`, gridId: g.id, status: 'submitted' as const, acceptDueAt: at, createdAt: at, updatedAt: at })),
    );
  });

  const ids = async (where: ReturnType<typeof withinScope>) => (await store.db.select({ id: cases.id }).from(cases).where(where).orderBy(asc(cases.id))).map((r) => r.id);
  const scopes = [
    ...nodes.map((n) => ({ paths: [n.path] })),
    { paths: [] },
    // Two separate grids, as a worker covering both grids of a community has.
    { paths: grids.slice(0, 2).map((p) => p.path) },
  ];
  let nonEmpty = 0;
  for (const scope of scopes) {
    const expected = await ids(withinScope(cases.nodePath, scope));
    if (expected.length > 0) nonEmpty++;
    assert.deepEqual(await ids(withinScopeRange(cases.nodePath, scope)), expected, `scope ${scope.paths.join(', ') || '(none)'}`);
  }
  assert.ok(nonEmpty > places.length, 'most scopes hold cases');
  // The check can fail: a range one character too wide takes the sibling's case.
  const g = grids[0]!;
  const tooWide = sql`(${cases.nodePath} >= ${g.path.slice(0, -1)} and ${cases.nodePath} < ${g.path.slice(0, -2) + String.fromCharCode(g.path.charCodeAt(g.path.length - 2) + 1)})`;
  assert.ok((await ids(tooWide)).length > (await ids(withinScopeRange(cases.nodePath, { paths: [g.path] }))).length);
});
