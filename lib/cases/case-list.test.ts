// Keyset paging and bounded counts: every row once across pages, in every order, forwards and backwards. On the engine
// of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified copy of the same demo).
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { accounts, orgNodes } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { queueFilterSchema } from '@/lib/desk/filters';
import { queuePage } from '@/lib/desk/queue';
import { actorFromUser } from './actor';
import { LIST_ORDERS, readBoundedCount, readKeysetPage, type Cursor } from './case-list';
import { createCase, performAction } from './commands';
import { visibleCases } from './visibility';

const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });

const actor = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const wg01 = actor('wg01');
const shuji = actor('shuji');
const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const category = db.get<{ id: number }>(sql`select id from categories order by id limit 1`).id;

// 47 cases; every third shares its timestamp with the one before, so only the id tells them apart.
const start = Date.parse('2026-05-01T09:00:00+08:00');
const STEPS = Array.from({ length: 47 }, (_, i) => i).reduce<number[]>((times, i) => [...times, (times.at(-1) ?? start) + (i % 3 !== 2 ? 60_000 : 0)], []);
const NOW = new Date(STEPS.at(-1)! + 3_600_000);
const where = visibleCases(wg01);

let made: Promise<void> | undefined;
/** The store of this test with the 47 cases logged (once, by the first test that asks), or undefined: PostgreSQL is missing. */
async function storeWithCases(tc: TestContext): Promise<Store | undefined> {
  const store = storeFor(tc);
  if (!store) return undefined;
  made ??= (async () => {
    for (const [i, at] of STEPS.entries()) {
      const r = await createCase(store, wg01, { description: `第${i}件：楼道灯不亮`, source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], new Date(at));
      assert.ok(r.ok);
      // Some accepted, so the "due" order mixes running and finished-last keys.
      if (i % 4 === 0) assert.ok((await performAction(store, wg01, { id: r.id }, { action: 'accept', categoryId: category, urgency: 'normal', version: 0 } as never, [], new Date(at + 1000))).ok);
    }
  })();
  await made;
  return store;
}

async function everyRow(store: Store, order: (typeof LIST_ORDERS)[keyof typeof LIST_ORDERS]): Promise<number[]> {
  const dir = sql.raw(order.direction);
  const rows = await store.db.select({ id: t.cases.id }).from(t.cases).where(where).orderBy(sql`${order.key} ${dir}`, sql`${t.cases.id} ${dir}`);
  return rows.map((r) => r.id);
}

describe('keyset pages', () => {
  for (const [name, order] of Object.entries(LIST_ORDERS)) {
    test(`${name}: pages of 10 walked forwards, then backwards, hold every row once in order`, async (tc) => {
      const store = await storeWithCases(tc);
      if (!store) return;
      const expected = await everyRow(store, order);
      assert.equal(expected.length, 47);
      const pages: number[][] = [];
      let cursor: Cursor | undefined;
      for (;;) {
        const page = await readKeysetPage(store.db, where, order, 10, { after: cursor });
        pages.push(page.ids);
        assert.equal(page.hasBefore, cursor !== undefined);
        if (!page.hasAfter) break;
        cursor = page.last!;
      }
      assert.deepEqual(pages.flat(), expected);
      assert.deepEqual(pages.map((p) => p.length), [10, 10, 10, 10, 7]);

      // From the last page back to the first with 上一页.
      let back = await readKeysetPage(store.db, where, order, 10, { after: cursor });
      const seen = [back.ids];
      while (back.hasBefore) {
        back = await readKeysetPage(store.db, where, order, 10, { before: back.first! });
        seen.unshift(back.ids);
      }
      assert.deepEqual(seen.flat(), expected);
      assert.deepEqual(seen.map((p) => p.length), [10, 10, 10, 10, 7]);
    });
  }
});

describe('the queue page', () => {
  test('下一页 then 上一页 comes back to a full first page without 上一页', async (tc) => {
    const store = await storeWithCases(tc);
    if (!store) return;
    const q = (raw: Record<string, string>) => queuePage(store.db, shuji, queueFilterSchema.parse({ pageSize: '20', ...raw }), NOW);
    const first = await q({});
    assert.equal(first.rows.length, 20);
    assert.equal(first.prev, null);
    const second = await q({ after: `${first.next!.key}_${first.next!.id}` });
    assert.equal(second.atStart, false);
    assert.ok(second.prev);
    assert.equal(new Set([...first.rows, ...second.rows].map((r) => r.id)).size, 40);
    const third = await q({ after: `${second.next!.key}_${second.next!.id}` });
    assert.equal(third.rows.length, 7);
    assert.equal(third.next, null);
    const back = await q({ before: `${second.prev!.key}_${second.prev!.id}` });
    assert.equal(back.atStart, true);
    assert.equal(back.prev, null);
    assert.deepEqual(back.rows.map((r) => r.id), first.rows.map((r) => r.id));
  });

  test('a cursor that matches nothing any more shows an empty page with the way back, not an error', async (tc) => {
    const store = await storeWithCases(tc);
    if (!store) return;
    const beyond = await queuePage(store.db, shuji, queueFilterSchema.parse({ sort: 'oldest', after: `${NOW.getTime() + 86_400_000}_1` }), NOW);
    assert.deepEqual(beyond.rows, []);
    assert.equal(beyond.atStart, false);
  });
});

test('a bounded count is exact below its cap and says "at least" at it', async (tc) => {
  const store = await storeWithCases(tc);
  if (!store) return;
  assert.deepEqual(await readBoundedCount(store.db, where, 100), { n: 47, atLeast: false });
  assert.deepEqual(await readBoundedCount(store.db, where, 47), { n: 47, atLeast: true });
  assert.deepEqual(await readBoundedCount(store.db, where, 10), { n: 10, atLeast: true });
  assert.deepEqual(await readBoundedCount(store.db, where, null), { n: 47, atLeast: false });
});
