// Keyset paging and bounded counts: every row once across pages, in every order, forwards and backwards.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { accounts, cases, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { queueFilterSchema } from '@/lib/desk/filters';
import { queuePage } from '@/lib/desk/queue';
import { actorFromUser } from './actor';
import { LIST_ORDERS, readBoundedCount, readKeysetPage, type Cursor } from './case-list';
import { createCaseSync, performActionSync } from './commands';
import { visibleCases } from './visibility';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const actor = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const wg01 = actor('wg01');
const shuji = actor('shuji');
const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const category = db.get<{ id: number }>(sql`select id from categories order by id limit 1`).id;

// 47 cases; every third shares its timestamp with the one before, so only the id tells them apart.
const start = Date.parse('2026-05-01T09:00:00+08:00');
let at = start;
for (let i = 0; i < 47; i++) {
  if (i % 3 !== 2) at += 60_000;
  const r = createCaseSync(db, wg01, { description: `第${i}件：楼道灯不亮`, source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], new Date(at));
  assert.ok(r.ok);
  // Some accepted, so the "due" order mixes running and finished-last keys.
  if (i % 4 === 0) assert.ok(performActionSync(db, wg01, { id: r.id }, { action: 'accept', categoryId: category, urgency: 'normal', version: 0 } as never, [], new Date(at + 1000)).ok);
}
const NOW = new Date(at + 3_600_000);
const where = visibleCases(wg01);

function everyRow(order: (typeof LIST_ORDERS)[keyof typeof LIST_ORDERS]): number[] {
  const dir = sql.raw(order.direction);
  return db.select({ id: cases.id }).from(cases).where(where).orderBy(sql`${order.key} ${dir}`, sql`${cases.id} ${dir}`).all().map((r) => r.id);
}

describe('keyset pages', () => {
  for (const [name, order] of Object.entries(LIST_ORDERS)) {
    test(`${name}: pages of 10 walked forwards, then backwards, hold every row once in order`, async () => {
      const expected = everyRow(order);
      assert.equal(expected.length, 47);
      const pages: number[][] = [];
      let cursor: Cursor | undefined;
      for (;;) {
        const page = await readKeysetPage(db, where, order, 10, { after: cursor });
        pages.push(page.ids);
        assert.equal(page.hasBefore, cursor !== undefined);
        if (!page.hasAfter) break;
        cursor = page.last!;
      }
      assert.deepEqual(pages.flat(), expected);
      assert.deepEqual(pages.map((p) => p.length), [10, 10, 10, 10, 7]);

      // From the last page back to the first with 上一页.
      let back = await readKeysetPage(db, where, order, 10, { after: cursor });
      const seen = [back.ids];
      while (back.hasBefore) {
        back = await readKeysetPage(db, where, order, 10, { before: back.first! });
        seen.unshift(back.ids);
      }
      assert.deepEqual(seen.flat(), expected);
      assert.deepEqual(seen.map((p) => p.length), [10, 10, 10, 10, 7]);
    });
  }
});

describe('the queue page', () => {
  test('下一页 then 上一页 comes back to a full first page without 上一页', async () => {
    const q = (raw: Record<string, string>) => queuePage(db, shuji, queueFilterSchema.parse({ pageSize: '20', ...raw }), NOW);
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

  test('a cursor that matches nothing any more shows an empty page with the way back, not an error', async () => {
    const beyond = await queuePage(db, shuji, queueFilterSchema.parse({ sort: 'oldest', after: `${NOW.getTime() + 86_400_000}_1` }), NOW);
    assert.deepEqual(beyond.rows, []);
    assert.equal(beyond.atStart, false);
  });
});

test('a bounded count is exact below its cap and says "at least" at it', async () => {
  assert.deepEqual(await readBoundedCount(db, where, 100), { n: 47, atLeast: false });
  assert.deepEqual(await readBoundedCount(db, where, 47), { n: 47, atLeast: true });
  assert.deepEqual(await readBoundedCount(db, where, 10), { n: 10, atLeast: true });
  assert.deepEqual(await readBoundedCount(db, where, null), { n: 47, atLeast: false });
});
