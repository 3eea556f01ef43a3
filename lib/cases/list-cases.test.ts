// listCases (GET /api/v1/cases) picks its way to a page by the scope's share of all cases — walking the newest-first
// index for a wide scope, sorting the scope for a narrow one or a deep page. Either way the page must be exactly the
// viewer's cases, newest first, with the filters applied.
// On the engine of this test process (test:unit SQLite, where the plain list takes its prepared fast path;
// test:unit:pg PostgreSQL, where every list is built).
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { accounts, CASE_STATUSES } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { cases } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUser } from '@/lib/auth/load-user';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { actorFromUser } from './actor';
import { createCase } from './commands';
import { listCases } from './queries';
import type { Viewer } from './visibility';
import type { CaseListQuery } from './schemas';

const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);

const actor = (username: string) => actorFromUser(loadUser(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
// The bare demo holds few requests: log 300 more across three grids and two communities, two at a time on the same
// millisecond (the id breaks the tie), once per store.
type Row = { number: string; nodePath: string; status: string; createdAt: Date; id: number };
let everyCase: Row[] = [];
let seeded: Promise<void> | null = null;

async function seed(store: Store) {
  const loggers = ['wg01', 'wg02', 'wg21'].map((u) => {
    const a = actor(u);
    const user = loadUser(db, a.id)!;
    return { a, nodeId: user.scopeNodes[0]!.id };
  });
  for (let i = 0; i < 300; i++) {
    const { a, nodeId } = loggers[i % 3]!;
    const r = await createCase(store, a, { description: `列表分页测试 ${i}`, source: 'patrol', nodeId, urgency: 'normal' }, [], new Date(Date.UTC(2026, 4, 1, 2, 0, 0) + Math.floor(i / 2) * 60_000));
    assert.ok(r.ok, JSON.stringify(r));
  }
  everyCase = await store.db.select({ number: cases.number, nodePath: cases.nodePath, status: cases.status, createdAt: cases.createdAt, id: cases.id }).from(cases);
}

/** The store of this engine with the 300 extra requests (undefined: skipped, with the reason). */
async function seededStore(tc: TestContext): Promise<Store | undefined> {
  const store = storeFor(tc);
  if (!store) return undefined;
  seeded ??= seed(store);
  await seeded;
  return store;
}

/** The viewer's cases, newest first, computed in JavaScript from every case. */
function expected(scope: Scope, status?: string[]) {
  return everyCase
    .filter((c) => isWithinScope(scope, c.nodePath) && (!status || status.includes(c.status)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
    .map((c) => c.number);
}

describe('listCases pages', () => {
  for (const username of ['zhenshuji', 'shuji', 'wg01', 'wg21']) {
    test(`${username}: first, middle and last pages are exactly their cases, newest first`, async (tc) => {
      const store = await seededStore(tc);
      if (!store) return;
      const viewer = actor(username);
      const want = expected(viewer.scope);
      assert.ok(want.length > 40, `${username} has cases to page through`);
      const pageSize = 20;
      const last = Math.ceil(want.length / pageSize);
      for (const page of [1, 2, Math.ceil(last / 2), last]) {
        const got = await listCases(store.db, viewer, { page, pageSize } as CaseListQuery);
        assert.equal(got.total, want.length);
        assert.deepEqual(
          got.items.map((i) => i.number),
          want.slice((page - 1) * pageSize, page * pageSize),
          `page ${page} of ${last}`,
        );
      }
    });
  }

  test('a status filter narrows the pages and the total alike', async (tc) => {
    const store = await seededStore(tc);
    if (!store) return;
    const viewer = actor('shuji');
    const want = expected(viewer.scope, ['closed']);
    const got = await listCases(store.db, viewer, { page: 2, pageSize: 20, status: ['closed'] } as CaseListQuery);
    assert.equal(got.total, want.length);
    assert.deepEqual(
      got.items.map((i) => i.number),
      want.slice(20, 40),
    );
  });

  // The plain list (one scope path, no filter) runs on statements prepared once per connection; asked again with a
  // filter that keeps every case, the general builder must give the same pages and totals.
  test('an API token: the prepared plain list equals the general one, page by page', async (tc) => {
    const store = await seededStore(tc);
    if (!store) return;
    const community = loadUser(db, actor('shuji').id)!.scopeNodes[0]!;
    const token: Viewer = { kind: 'integration', id: 1, name: '测试令牌', scope: { paths: [community.path] } };
    const want = expected(token.scope);
    const last = Math.ceil(want.length / 20);
    for (const page of [1, 2, last]) {
      const plain = await listCases(store.db, token, { page, pageSize: 20 } as CaseListQuery);
      const filtered = await listCases(store.db, token, { page, pageSize: 20, status: [...CASE_STATUSES] } as CaseListQuery);
      assert.equal(plain.total, want.length);
      assert.deepEqual(plain.items.map((i) => i.number), want.slice((page - 1) * 20, page * 20), `page ${page} of ${last}`);
      assert.deepEqual(plain, filtered, `page ${page}: the same rows, columns and total`);
    }
  });
});
