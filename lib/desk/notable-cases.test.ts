// Tests of the monthly report's notable requests: each reason picks what its timeline says happened that month, in the viewer's scope only.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, like } from 'drizzle-orm';
import { accounts, categories, orgNodes } from '@/db/schema';
import { cases } from '@/db/tables';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, performAction } from '@/lib/cases/commands';
import type { ActionInput } from '@/lib/cases/lifecycle';
import { monthSpan } from './month';
import { notableCases, type NotableReason } from './notable-cases';

// The requests are logged on the store of this test process's engine (test:unit: SQLite; test:unit:pg: PostgreSQL);
// who is who comes from the same demo in SQLite.
const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);

const actor = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const buildingOf = (gridName: string) => {
  const grid = db.select().from(orgNodes).where(eq(orgNodes.name, gridName)).get()!;
  return db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).get()!.id;
};
const STREET_LIGHT = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;

/** Day `d` of April 2026 at `h` o'clock, China time. */
const april = (d: number, h = 10) => new Date(Date.UTC(2026, 3, d, h - 8));
const NOW = new Date(Date.UTC(2026, 4, 5, 2)); // 5 May, 10:00

async function logCase(store: Store, by: string, gridName: string, description: string, when: Date): Promise<{ id: number; number: string }> {
  const r = await createCase(store, actor(by), { description, source: 'patrol', nodeId: buildingOf(gridName), urgency: 'normal', categoryId: STREET_LIGHT }, [], when);
  assert.ok(r.ok, JSON.stringify(r));
  return { id: r.id, number: r.number };
}

async function step(store: Store, by: string, c: { id: number }, input: ActionInput, when: Date) {
  const [{ v: version }] = (await store.db.select({ v: cases.version }).from(cases).where(eq(cases.id, c.id))) as [{ v: number }];
  const r = await performAction(store, actor(by), { id: c.id }, { ...input, version }, [], when);
  assert.ok(r.ok, `${input.action}: ${JSON.stringify(r)}`);
}

const accept = (store: Store, c: { id: number }, when: Date) => step(store, 'wg01', c, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' }, when);

async function scenario(store: Store) {
  const supervisedInApril = await logCase(store, 'wg01', '龙盛华庭', '督办：路灯不亮', april(1));
  await accept(store, supervisedInApril, april(1, 11));
  await step(store, 'shuji', supervisedInApril, { action: 'supervise', note: '请三天内办结' }, april(10));

  const supervisedInMarch = await logCase(store, 'wg01', '龙盛华庭', '三月督办的路灯', new Date(Date.UTC(2026, 2, 20, 2)));
  await step(store, 'shuji', supervisedInMarch, { action: 'supervise', note: '三月的督办' }, new Date(Date.UTC(2026, 2, 21, 2)));

  const escalated = await logCase(store, 'wg01', '龙盛华庭', '吹哨：线路老化', april(2));
  await accept(store, escalated, april(2, 11));
  await step(store, 'wg01', escalated, { action: 'escalate', reason: '需供电公司处置' }, april(3));

  const reopened = await logCase(store, 'wg01', '龙盛华庭', '重办：路灯又坏了', april(4));
  await accept(store, reopened, april(4, 11));
  await step(store, 'wg01', reopened, { action: 'handle_self' }, april(4, 12));
  await step(store, 'wg01', reopened, { action: 'resolve', note: '已更换灯泡' }, april(5));
  await step(store, 'wg01', reopened, { action: 'rate', rating: 'unsatisfied', comment: '第二天又不亮了' }, april(6));

  // Handled but never resolved: its deadline passes in April and it is still open on 5 May.
  const overdue = await logCase(store, 'wg01', '龙盛华庭', '超期：楼道灯', april(7));
  await accept(store, overdue, april(7, 11));
  await step(store, 'wg01', overdue, { action: 'handle_self' }, april(7, 12));

  const praised = await logCase(store, 'wg01', '龙盛华庭', '党员认领：帮老人换灯', april(8));
  await accept(store, praised, april(8, 11));
  await step(store, 'wg01', praised, { action: 'post_to_board' }, april(8, 12));
  await step(store, 'dy01', praised, { action: 'claim' }, april(9));
  await step(store, 'dy01', praised, { action: 'resolve', note: '党员上门换了灯' }, april(9, 15));
  await step(store, 'wg01', praised, { action: 'rate', rating: 'satisfied' }, april(10));

  // Another community's supervised request: never in 龙湖社区's report.
  const elsewhere = await logCase(store, 'wg21', '府前花园', '府前督办', april(1));
  await step(store, 'fqshuji', elsewhere, { action: 'supervise', note: '府前的督办' }, april(10));

  const report = await notableCases(store.db, actor('shuji'), monthSpan('2026-04'), NOW);
  return { supervisedInApril, escalated, reopened, overdue, praised, elsewhere, report };
}
let built: ReturnType<typeof scenario> | undefined;

/** The scenario, logged once on the first test's store; undefined where the engine is not available (skipped). */
async function given(t: TestContext) {
  const store = storeFor(t);
  if (!store) return undefined;
  built ??= scenario(store);
  const s = await built;
  const numbersOf = (reason: NotableReason) => s.report.find((g) => g.reason === reason)!.items.map((c) => c.number);
  const itemOf = (reason: NotableReason, number: string) => s.report.find((g) => g.reason === reason)!.items.find((c) => c.number === number)!;
  return { store, ...s, numbersOf, itemOf };
}

test('supervised: a 督办 entry dated in the month, in scope', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { supervisedInApril, numbersOf, itemOf } = g;
  assert.deepEqual(numbersOf('supervised'), [supervisedInApril.number]);
  assert.equal(itemOf('supervised', supervisedInApril.number).detail, '请三天内办结');
});

test('escalated and reopened come with the reason and the resident’s words', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { escalated, reopened, numbersOf, itemOf } = g;
  assert.deepEqual(numbersOf('escalated'), [escalated.number]);
  assert.equal(itemOf('escalated', escalated.number).detail, '需供电公司处置');
  assert.deepEqual(numbersOf('reopened'), [reopened.number]);
  assert.equal(itemOf('reopened', reopened.number).detail, '第二天又不亮了');
});

test('longest overdue: deadline in the month and still open (or resolved late), most overdue first, lateness counted to now', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { store, supervisedInApril, escalated, reopened, overdue, numbersOf } = g;
  const all = (await notableCases(store.db, actor('shuji'), monthSpan('2026-04'), NOW, 10)).find((g) => g.reason === 'longestOverdue')!.items;
  // Everything accepted in April and left open is late by 5 May; the praised claim was resolved in time.
  assert.deepEqual(all.map((c) => c.number).sort(), [supervisedInApril, escalated, reopened, overdue].map((c) => c.number).sort());
  assert.ok(all.every((c, i) => i === 0 || all[i - 1]!.hoursLate! >= c.hoursLate!), 'sorted by lateness');
  const item = all.find((c) => c.number === overdue.number)!;
  const [{ due }] = (await store.db.select({ due: cases.resolveDueAt }).from(cases).where(eq(cases.id, overdue.id))) as [{ due: Date }];
  assert.ok(Math.abs(item.hoursLate! - (NOW.getTime() - due.getTime()) / 3_600_000) < 0.01);
  assert.equal(item.outcome, null);
  assert.equal(numbersOf('longestOverdue').length, 3, 'the report shows three per reason');
});

test('praised party-member claims carry the member and the outcome', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { praised, numbersOf, itemOf } = g;
  assert.deepEqual(numbersOf('partyPraise'), [praised.number]);
  const item = itemOf('partyPraise', praised.number);
  assert.equal(item.outcome, '党员上门换了灯');
  assert.equal(item.detail, actor('dy01').name);
});

test('another community’s secretary sees only its own', async (t) => {
  const g = await given(t);
  if (!g) return;
  const { store, elsewhere } = g;
  const theirs = await notableCases(store.db, actor('fqshuji'), monthSpan('2026-04'), NOW);
  assert.deepEqual(
    theirs.flatMap((g) => g.items.map((c) => c.number)),
    [elsewhere.number],
  );
});
