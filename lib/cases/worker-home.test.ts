// The grid worker's home (/work): keyset pages most urgent first, a bad place in the address, the search; on the
// engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, like } from 'drizzle-orm';
import { accounts as fixtureAccounts } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { categories, orgNodes } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { readCaseListRows } from './case-list';
import { createCase, performAction } from './commands';
import { formatWorkerCursor, loadWorkerHome } from './worker-home';

const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);
const actor = (username: string) =>
  actorFromUser(loadUserSync(fixtures, fixtures.select({ id: fixtureAccounts.id }).from(fixtureAccounts).where(eq(fixtureAccounts.username, username)).get()!.id)!);
const wg01 = actor('wg01');

// 47 cases; every third shares its timestamp with the one before, so only the id tells them apart.
const start = Date.parse('2026-05-01T09:00:00+08:00');
const NOW = new Date(start + 32 * 60_000 + 3_600_000);
let seeded: Promise<void> | null = null;

async function seed(store: Store): Promise<void> {
  const [grid] = await store.db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).limit(1);
  const [building] = await store.db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid!.path}%`)))
    .orderBy(asc(orgNodes.id))
    .limit(1);
  const [category] = await store.db.select({ id: categories.id }).from(categories).orderBy(asc(categories.id)).limit(1);
  let at = start;
  for (let i = 0; i < 47; i++) {
    if (i % 3 !== 2) at += 60_000;
    const r = await createCase(store, wg01, { description: `第${i}件：楼道灯不亮`, source: 'patrol', nodeId: building!.id, urgency: 'normal' }, [], new Date(at));
    assert.ok(r.ok);
    // Some accepted, so the list mixes deadlines of accepting and of resolving.
    if (i % 4 === 0) {
      const accepted = await performAction(store, wg01, { id: r.id }, { action: 'accept', categoryId: category!.id, urgency: 'normal', version: 0 } as never, [], new Date(at + 1000));
      assert.ok(accepted.ok);
    }
  }
  assert.equal(at + 3_600_000, NOW.getTime());
}

async function ready(t: TestContext): Promise<Store | undefined> {
  const store = storeFor(t);
  if (!store) return undefined;
  seeded ??= seed(store);
  await seeded;
  return store;
}

describe("the grid worker's home", () => {
  test('下一页 walks every case of the list once, most urgent first, and 上一页 walks back', async (t) => {
    const store = await ready(t);
    if (!store) return;
    const first = await loadWorkerHome(store.db, wg01, {}, NOW);
    assert.equal(first.items.length, 20);
    assert.equal(first.prev, null);
    assert.equal(first.total.n, first.counts.all);
    const pages = [first.items.map((i) => i.id)];
    let page = first;
    while (page.next) {
      page = await loadWorkerHome(store.db, wg01, { after: formatWorkerCursor(page.next) }, NOW);
      pages.push(page.items.map((i) => i.id));
    }
    const seen = pages.flat();
    assert.equal(seen.length, first.counts.all);
    assert.equal(new Set(seen).size, seen.length, 'a case appears once');
    // Overdue first: no overdue case after a case that is not.
    const rows = await readCaseListRows(store.db, seen, NOW);
    const firstCalm = rows.findIndex((r) => !r.overdue);
    assert.ok(rows.slice(Math.max(firstCalm, 0)).every((r) => !r.overdue || firstCalm === -1));
    // Back from the last page to the first.
    const back: number[][] = [page.items.map((i) => i.id)];
    while (page.prev) {
      page = await loadWorkerHome(store.db, wg01, { before: formatWorkerCursor(page.prev) }, NOW);
      back.unshift(page.items.map((i) => i.id));
    }
    assert.deepEqual(back[0], pages[0]);
    assert.deepEqual(new Set(back.flat()), new Set(seen));
  });

  test('a bad place in the address bar shows the first page with a word why', async (t) => {
    const store = await ready(t);
    if (!store) return;
    const r = await loadWorkerHome(store.db, wg01, { after: "1_1' or 1=1" }, NOW);
    assert.equal(r.problem, '翻页位置无效，已回到第一页。');
    assert.equal(r.prev, null);
    assert.equal(r.items.length, 20);
  });

  test('a search finds closed cases too, by any 3+ character part of the text', async (t) => {
    const store = await ready(t);
    if (!store) return;
    const r = await loadWorkerHome(store.db, wg01, { q: '第12件' }, NOW);
    assert.deepEqual(r.items.map((i) => i.description), ['第12件：楼道灯不亮']);
  });

  test('a search of two characters finds every case holding them (PostgreSQL: through the 2-character index)', async (t) => {
    const store = await ready(t);
    if (!store) return;
    const r = await loadWorkerHome(store.db, wg01, { q: '第1' }, NOW);
    const expected = ['第1件：楼道灯不亮', ...Array.from({ length: 10 }, (_, i) => `第1${i}件：楼道灯不亮`)];
    assert.deepEqual(r.items.map((i) => i.description).sort(), expected.sort());
    assert.deepEqual(r.total, { n: 11, atLeast: false });
  });
});
