// Tests of deadlines: hour arithmetic, the "剩余 / 已超期" wording, and limits read from the database by the commands.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { accounts, cases, categories, orgNodes, timeLimits, type Urgency } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCaseSync, hashToken, loadLimits, performActionSync } from './commands';
import { addHours, DEFAULT_LIMITS, describeDue, hoursUntil, RATING_WINDOW_HOURS } from './due';

const NOW = new Date('2026-03-10T02:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('addHours', () => {
  test('adds plain elapsed hours, whole, fractional or negative', () => {
    assert.equal(addHours(NOW, 24).toISOString(), '2026-03-11T02:00:00.000Z');
    assert.equal(addHours(NOW, 1.5).toISOString(), '2026-03-10T03:30:00.000Z');
    assert.equal(addHours(NOW, -3).toISOString(), '2026-03-09T23:00:00.000Z');
    assert.equal(addHours(NOW, 0).getTime(), NOW.getTime());
  });

  test('does not change the date it starts from', () => {
    const from = new Date(NOW);
    addHours(from, 5);
    assert.equal(from.getTime(), NOW.getTime());
  });

  test('the rating window is seven days', () => {
    assert.equal(RATING_WINDOW_HOURS, 168);
  });

  test('hoursUntil is negative once a deadline has passed', () => {
    assert.equal(hoursUntil(addHours(NOW, 3), NOW), 3);
    assert.equal(hoursUntil(addHours(NOW, -5), NOW), -5);
  });
});

describe('describeDue', () => {
  const at = (ms: number) => new Date(NOW.getTime() + ms);
  const wording: [string, number, string][] = [
    ['half an hour left', 30 * MINUTE, '剩余 30 分钟'],
    ['seconds left still show a minute', 20_000, '剩余 1 分钟'],
    ['59 minutes', 59 * MINUTE + 59_000, '剩余 59 分钟'],
    ['exactly an hour', HOUR, '剩余 1 小时'],
    ['hours round down', 5 * HOUR + 59 * MINUTE, '剩余 5 小时'],
    ['just under two days is still hours', 48 * HOUR - 1, '剩余 47 小时'],
    ['two days', 48 * HOUR, '剩余 2 天'],
    ['days round down', 71 * HOUR, '剩余 2 天'],
    ['three days', 72 * HOUR, '剩余 3 天'],
    ['seconds overdue', -20_000, '已超期 1 分钟'],
    ['half an hour overdue', -30 * MINUTE, '已超期 30 分钟'],
    ['five hours overdue', -5 * HOUR - 10 * MINUTE, '已超期 5 小时'],
    ['47 hours overdue', -47 * HOUR, '已超期 47 小时'],
    ['three days overdue', -(3 * 24 + 5) * HOUR, '已超期 3 天'],
  ];
  for (const [label, ms, text] of wording) {
    test(`${label}: ${text}`, () => assert.equal(describeDue(at(ms), NOW), text));
  }
});

// ---- deadlines computed by the commands from the time limits in the database ---------------------------

describe('deadlines follow the category and urgency limits in the database', () => {
  const { db, close } = openTestDatabase({ demo: true });
  after(close);

  const wg01 = actorFromUser(loadUserSync(db, db.select().from(accounts).where(eq(accounts.username, 'wg01')).get()!.id)!);
  const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
  const categoryId = (code: string) => db.select().from(categories).where(eq(categories.code, code)).get()!.id;
  const limitRow = (code: string, urgency: Urgency) =>
    db.select().from(timeLimits).where(and(eq(timeLimits.categoryId, categoryId(code)), eq(timeLimits.urgency, urgency))).get()!;
  const row = (id: number) => db.select().from(cases).where(eq(cases.id, id)).get()!;

  function create(urgency: Urgency, code: string | null, now: Date) {
    const r = createCaseSync(db, wg01, { description: '楼道灯不亮', source: 'patrol', nodeId: grid.id, urgency, ...(code ? { categoryId: categoryId(code) } : {}) }, [], now);
    assert.ok(r.ok, JSON.stringify(r));
    return r;
  }

  function accept(id: number, version: number, code: string, urgency: Urgency, now: Date) {
    const r = performActionSync(db, wg01, { id }, { action: 'accept', categoryId: categoryId(code), urgency, version }, [], now);
    assert.ok(r.ok, JSON.stringify(r));
    return r;
  }

  test('the demo seeds its own limits: 电梯维修 urgent 1 h / 12 h, normal 24 h / 72 h', () => {
    const hours = (u: Urgency) => ({ acceptHours: limitRow('lift', u).acceptHours, resolveHours: limitRow('lift', u).resolveHours });
    assert.deepEqual(hours('urgent'), { acceptHours: 1, resolveHours: 12 });
    assert.deepEqual(hours('normal'), { acceptHours: 24, resolveHours: 72 });
  });

  test('createCase starts the acceptance deadline from the category+urgency limit', () => {
    const c = create('urgent', 'lift', NOW);
    assert.equal(row(c.id).acceptDueAt.getTime(), NOW.getTime() + 1 * HOUR);
    assert.equal(row(c.id).resolveDueAt, null, 'the resolve clock starts at acceptance');
  });

  test('accept starts the resolve deadline from the limit of the category and urgency chosen at acceptance', () => {
    const c = create('normal', null, NOW);
    const acceptedAt = addHours(NOW, 2);
    accept(c.id, c.version, 'lift', 'urgent', acceptedAt);
    assert.equal(row(c.id).resolveDueAt!.getTime(), acceptedAt.getTime() + 12 * HOUR);
    const other = create('normal', 'lift', NOW);
    accept(other.id, other.version, 'lift', 'normal', acceptedAt);
    assert.equal(row(other.id).resolveDueAt!.getTime(), acceptedAt.getTime() + 72 * HOUR);
  });

  test('without a category the defaults apply: 24 h (normal) and 2 h (urgent) to accept', () => {
    assert.equal(row(create('normal', null, NOW).id).acceptDueAt.getTime(), NOW.getTime() + DEFAULT_LIMITS.normal.acceptHours * HOUR);
    assert.equal(row(create('urgent', null, NOW).id).acceptDueAt.getTime(), NOW.getTime() + DEFAULT_LIMITS.urgent.acceptHours * HOUR);
    assert.deepEqual(DEFAULT_LIMITS, { urgent: { acceptHours: 2, resolveHours: 24 }, normal: { acceptHours: 24, resolveHours: 120 } });
    assert.deepEqual(loadLimits(db)(null, 'urgent'), DEFAULT_LIMITS.urgent);
  });

  test('a category without limits of its own falls back to the defaults', () => {
    db.delete(timeLimits).where(eq(timeLimits.categoryId, categoryId('other'))).run();
    const c = create('normal', 'other', NOW);
    assert.equal(row(c.id).acceptDueAt.getTime(), NOW.getTime() + DEFAULT_LIMITS.normal.acceptHours * HOUR);
    accept(c.id, c.version, 'other', 'urgent', NOW);
    assert.equal(row(c.id).resolveDueAt!.getTime(), NOW.getTime() + DEFAULT_LIMITS.urgent.resolveHours * HOUR);
  });

  test("an admin's change of a time limit drives the next deadlines, and leaves deadlines already running alone", () => {
    const before = create('urgent', 'lift', NOW);
    accept(before.id, before.version, 'lift', 'urgent', NOW);
    const runningDeadline = row(before.id).resolveDueAt!.getTime();

    db.update(timeLimits).set({ acceptHours: 3, resolveHours: 30 }).where(and(eq(timeLimits.categoryId, categoryId('lift')), eq(timeLimits.urgency, 'urgent'))).run();

    const later = addHours(NOW, 1);
    const after = create('urgent', 'lift', later);
    assert.equal(row(after.id).acceptDueAt.getTime(), later.getTime() + 3 * HOUR);
    accept(after.id, after.version, 'lift', 'urgent', later);
    assert.equal(row(after.id).resolveDueAt!.getTime(), later.getTime() + 30 * HOUR);
    assert.equal(row(before.id).resolveDueAt!.getTime(), runningDeadline, 'a running deadline is not recomputed');
  });

  test('an unsatisfied rating restarts the resolve clock from the limit in force when it is rated', () => {
    const c = create('urgent', 'drainage', NOW);
    let v = accept(c.id, c.version, 'drainage', 'urgent', NOW).version;
    for (const step of [{ action: 'handle_self' as const }, { action: 'resolve' as const, note: '已疏通下水管道' }]) {
      const r = performActionSync(db, wg01, { id: c.id }, { ...step, version: v }, [], NOW);
      assert.ok(r.ok, JSON.stringify(r));
      v = r.version;
    }
    db.update(timeLimits).set({ resolveHours: 40 }).where(and(eq(timeLimits.categoryId, categoryId('drainage')), eq(timeLimits.urgency, 'urgent'))).run();
    const ratedAt = addHours(NOW, 20);
    const r = performActionSync(db, { kind: 'resident' }, { tokenHash: hashToken(c.token) }, { action: 'rate', rating: 'unsatisfied', version: v }, [], ratedAt);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(row(c.id).resolveDueAt!.getTime(), ratedAt.getTime() + 40 * HOUR);
  });
});
