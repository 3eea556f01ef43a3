// The range form of a scope selects exactly the rows the LIKE form selects, on the engine of this test process
// (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, whose LIKE minds case and whose text order is its collation's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, sql } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import { orgNodes } from '@/db/tables';
import { prefixEnd, withinScope, withinScopeRange } from './scope-sql';

const storeFor = registerTestStore();

test('prefixEnd is the first string past every string with the prefix', () => {
  assert.equal(prefixEnd('/1/2/'), '/1/20');
  assert.equal(prefixEnd('/9/'), '/90');
  assert.ok('/1/2/99/3/' < prefixEnd('/1/2/'));
  assert.ok('/1/20/' >= prefixEnd('/1/2/'));
});

test('withinScopeRange and withinScope pick the same paths, for one scope path or several', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const paths = ['/1/', '/1/2/', '/1/2/3/', '/1/2/30/', '/1/20/', '/1/29/4/', '/1/3/', '/10/', '/2/', '/1/2/3/10/66/', '/1/2/39/'];
  // Nodes of an otherwise empty tree: only their paths matter to the two conditions.
  await store.write(async (tx) => {
    await tx.insert(orgNodes).values(paths.map((path, i) => ({ id: i + 1, kind: 'grid' as const, name: `节点${i + 1}`, path, depth: path.split('/').length - 2 })));
  });
  const pick = async (where: ReturnType<typeof sql>) =>
    (await store.db.select({ path: orgNodes.path }).from(orgNodes).where(where).orderBy(asc(orgNodes.id))).map((r) => r.path).sort();
  for (const scope of [['/1/2/'], ['/1/2/3/'], ['/1/'], ['/1/2/3/', '/1/20/'], ['/2/', '/10/'], []]) {
    const s = { paths: scope };
    const expected = await pick(withinScope(orgNodes.path, s));
    assert.deepEqual(await pick(withinScopeRange(orgNodes.path, s)), expected, scope.join(','));
    assert.deepEqual(await pick(withinScopeRange(orgNodes.path, s, { seek: false })), expected, `${scope.join(',')} (no seek)`);
  }
  assert.deepEqual(await pick(withinScopeRange(orgNodes.path, { paths: ['/1/2/'] })), ['/1/2/', '/1/2/3/', '/1/2/3/10/66/', '/1/2/30/', '/1/2/39/']);
});
