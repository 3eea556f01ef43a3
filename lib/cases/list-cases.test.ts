// listCases (GET /api/v1/cases) hands out keyset pages and picks its way to each by the scope's share of all cases —
// walking the newest-first index for a wide scope, sorting the scope for a narrow one. Either way, following the cursor
// must yield exactly the viewer's cases, newest first, each once, with the filters applied.
// On the engine of this test process (test:unit SQLite, where the plain list takes its prepared fast path;
// test:unit:pg PostgreSQL, where every list is built).
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { accounts, CASE_STATUSES } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { cases } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { actorFromUser } from './actor';
import { createCase } from './commands';
import { listCases, type CaseListPage } from './queries';
import type { Viewer } from './visibility';
import type { CaseListQuery } from './schemas';

const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);

const actor = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
// The bare demo holds few requests: log 300 more across three grids and two communities, two at a time on the same
// millisecond (the id breaks the tie), once per store.
type Row = { number: string; nodePath: string; status: string; createdAt: Date; id: number };
let everyCase: Row[] = [];
let seeded: Promise<void> | null = null;

async function seed(store: Store) {
  const loggers = ['wg01', 'wg02', 'wg21'].map((u) => {
    const a = actor(u);
    const user = loadUserSync(db, a.id)!;
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

type Query = Partial<CaseListQuery> & { pageSize: number };

/** Every page from the first, following the cursor, as the API's client does. */
async function allPages(db: AppDb, viewer: Viewer, q: Query) {
  const pages: CaseListPage[] = [];
  let cursor: CaseListQuery['cursor'];
  do {
    const page = await listCases(db, viewer, { ...q, cursor } as CaseListQuery);
    pages.push(page);
    cursor = page.next ?? undefined;
    assert.ok(pages.length < 1000, 'the cursor moves on');
  } while (cursor);
  return pages;
}

describe('listCases keyset pages', () => {
  for (const username of ['zhenshuji', 'shuji', 'wg01', 'wg21']) {
    test(`${username}: following the cursor yields exactly their cases, newest first, each once`, async (tc) => {
    const store = await seededStore(tc);
    if (!store) return;
      const viewer = actor(username);
      const want = expected(viewer.scope);
      assert.ok(want.length > 40, `${username} has cases to page through`);
      const pages = await allPages(store.db, viewer, { pageSize: 20 });
      assert.equal(pages.length, Math.ceil(want.length / 20));
      pages.forEach((page, i) => {
        assert.deepEqual(page.items.map((c) => c.number), want.slice(i * 20, (i + 1) * 20), `page ${i + 1} of ${pages.length}`);
        assert.equal(page.next === null, i === pages.length - 1, 'only the last page has no next cursor');
        assert.equal(page.total, undefined, 'no total unless asked for');
      });
    });
  }

  test('a status filter narrows the pages; count: exact adds the total of the filtered cases', async (tc) => {
    const store = await seededStore(tc);
    if (!store) return;
    const viewer = actor('shuji');
    const want = expected(viewer.scope, ['closed']);
    const pages = await allPages(store.db, viewer, { pageSize: 20, status: ['closed'] });
    assert.deepEqual(pages.flatMap((p) => p.items.map((c) => c.number)), want);
    const counted = await listCases(store.db, viewer, { pageSize: 20, status: ['closed'], count: 'exact' } as CaseListQuery);
    assert.equal(counted.total, want.length);
    assert.deepEqual(counted.items, pages[0]!.items);
  });

  test('a page size that divides the cases exactly ends without an empty page', async (tc) => {
    const store = await seededStore(tc);
    if (!store) return;
    const viewer = actor('wg21');
    const want = expected(viewer.scope);
    const pageSize = want.length;
    const only = await listCases(store.db, viewer, { pageSize } as CaseListQuery);
    assert.equal(only.items.length, want.length);
    assert.equal(only.next, null);
  });

  // The plain list (one scope path, no filter) runs on statements prepared once per connection; asked again with a
  // filter that keeps every case, the general builder must give the same pages and totals.
  test('an API token: the prepared plain list equals the general one, page by page', async (tc) => {
    const store = await seededStore(tc);
    if (!store) return;
    const community = loadUserSync(db, actor('shuji').id)!.scopeNodes[0]!;
    const token: Viewer = { kind: 'integration', id: 1, name: '测试令牌', scope: { paths: [community.path] } };
    const want = expected(token.scope);
    const plain = await allPages(store.db, token, { pageSize: 20 });
    const filtered = await allPages(store.db, token, { pageSize: 20, status: [...CASE_STATUSES] });
    assert.deepEqual(plain.flatMap((p) => p.items.map((c) => c.number)), want);
    assert.deepEqual(plain, filtered, 'the same rows, columns and cursors');
    const counted = await listCases(store.db, token, { pageSize: 20, count: 'exact', cursor: plain[1]!.next! } as CaseListQuery);
    assert.equal(counted.total, want.length, 'the total is the whole scope, on any page');
    assert.deepEqual(counted.items, plain[2]!.items);
  });

  // Wide scopes walk the newest-first index, narrow ones sort their own entries; the choice must not change a page.
  test('walking and sorting give the same pages: a county token and a grid token', async (tc) => {
    const store = await seededStore(tc);
    if (!store) return;
    const county = loadUserSync(db, actor('zhenshuji').id)!.scopeNodes[0]!;
    const grid = loadUserSync(db, actor('wg21').id)!.scopeNodes[0]!;
    for (const path of [county.path, grid.path]) {
      const token: Viewer = { kind: 'integration', id: 1, name: '测试令牌', scope: { paths: [path] } };
      for (const pageSize of [1, 7, 100]) {
        const pages = await allPages(store.db, token, { pageSize });
        assert.deepEqual(pages.flatMap((p) => p.items.map((c) => c.number)), expected(token.scope), `${path}, ${pageSize} a page`);
      }
    }
  });
});
