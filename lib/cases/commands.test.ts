// Tests of the case commands on the demo community: logging, the closed loop, optimistic versions, the append-only timeline, notifications and visibility.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, gt, inArray, like, sql } from 'drizzle-orm';
import { accounts, accountScopes, caseEvents, cases, categories, households, notifications, orgNodes, units } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCaseSync, hashToken, performActionSync, type ActionResult } from './commands';
import { addHours } from './due';
import type { ActionInput, Actor } from './lifecycle';
import { visibleCases, type Viewer } from './visibility';

const { db, close } = openTestDatabase({ demo: true });
after(close);

// The migrated database guards the timeline (migration 0009): any UPDATE or DELETE of an event
// row aborts the statement, so a command that rewrote history would fail whichever test exercised it.

// ---- the demo community -----------------------------------------------------------------------

const accountIdOf = (username: string) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
const usernameOf = new Map(db.select({ id: accounts.id, username: accounts.username }).from(accounts).all().map((a) => [a.id, a.username]));
const actor = (username: string) => actorFromUser(loadUserSync(db, accountIdOf(username))!);

const wg01 = actor('wg01'); // grid 龙盛华庭
const wg02 = actor('wg02'); // grid 龙湖花园
const wg21 = actor('wg21'); // both grids of 府前社区
const shuji = actor('shuji'); // secretary of 龙湖社区
const fqshuji = actor('fqshuji'); // secretary of 府前社区
const dy01 = actor('dy01'); // party members of 龙盛华庭
const dy02 = actor('dy02');
const dy04 = actor('dy04'); // party member of 龙湖花园
const dw01 = actor('dw01'); // liaison of 国网新绛县供电公司 (co-building unit)
const dw02 = actor('dw02'); // liaison of 新绛县人民医院 (co-building unit)
const bm01 = actor('bm01'); // liaison of 新绛县住房和城乡建设局 (department)
const resident: Actor = { kind: 'resident' };

const node = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const firstBuildingOf = (grid: { path: string }) =>
  db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const unitId = (name: string) => db.select({ id: units.id }).from(units).where(eq(units.name, name)).get()!.id;

const longsheng = node('龙盛华庭');
const longshengBuilding = firstBuildingOf(longsheng);
const longhuGarden = node('龙湖花园');
const longhuGardenBuilding = firstBuildingOf(longhuGarden);
const fuqianBuilding = firstBuildingOf(node('府前花园'));
const POWER = unitId('国网新绛县供电公司');
const HOSPITAL = unitId('新绛县人民医院');
const HOUSING = unitId('新绛县住房和城乡建设局');
const STREET_LIGHT = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;

/** Most tests run on 2026-04-01 10:00 China time; each step a little later than the last. */
const T0 = new Date('2026-04-01T02:00:00Z');
let clock = T0.getTime();
const tick = () => new Date((clock += 60_000));

// ---- helpers ---------------------------------------------------------------------------------

function newCase(by: Actor = wg01, nodeId = longshengBuilding.id, now = tick()) {
  const r = createCaseSync(db, by, { description: '3 号楼楼道灯不亮，晚上回家看不见', source: 'patrol', nodeId, urgency: 'normal' }, [], now);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

const row = (id: number) => db.select().from(cases).where(eq(cases.id, id)).get()!;

/** Performs an action at the case's current version and insists that it succeeds. */
function step(by: Actor, id: number, input: ActionInput, now = tick()): Extract<ActionResult, { ok: true }> {
  const r = performActionSync(db, by, { id }, { ...input, version: row(id).version }, [], now);
  assert.ok(r.ok, `${input.action}: ${JSON.stringify(r)}`);
  return r;
}

/** The resident acts through the private token of their status link. */
function residentRates(token: string, id: number, rating: 'satisfied' | 'basically' | 'unsatisfied', now = tick()) {
  const r = performActionSync(db, resident, { tokenHash: hashToken(token) }, { action: 'rate', rating, version: row(id).version }, [], now);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

/** "accept" with a category: the first step of almost every path. */
const accept = (by: Actor, id: number) => step(by, id, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' });

const timeline = (id: number) =>
  db
    .select({ action: caseEvents.action, from: caseEvents.fromStatus, to: caseEvents.toStatus })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, id))
    .orderBy(asc(caseEvents.id))
    .all()
    .map((e) => `${e.action}: ${e.from ?? '∅'} → ${e.to}`);

const lastNotificationId = () => db.select({ n: sql<number>`coalesce(max(${notifications.id}), 0)` }).from(notifications).get()!.n;

/** Who was told what by `fn`, as sorted "username:kind". */
function notifiedBy(fn: () => unknown): string[] {
  const before = lastNotificationId();
  fn();
  return db
    .select({ accountId: notifications.accountId, kind: notifications.kind })
    .from(notifications)
    .where(gt(notifications.id, before))
    .all()
    .map((n) => `${usernameOf.get(n.accountId)}:${n.kind}`)
    .sort();
}

const counts = () => ({
  cases: db.$count(cases),
  events: db.$count(caseEvents),
  notifications: db.$count(notifications),
});

/** Which of `ids` a viewer may see, by the one visibility rule every query applies. */
const visibleTo = (viewer: Viewer, ids: number[]) =>
  db
    .select({ id: cases.id })
    .from(cases)
    .where(and(inArray(cases.id, ids), visibleCases(viewer)))
    .orderBy(asc(cases.id))
    .all()
    .map((c) => c.id);

// ---- createCase ------------------------------------------------------------------------------

describe('createCase', () => {
  test('tracking numbers: YH + China date + a per-day sequence', () => {
    const morning = newCase(wg01, longshengBuilding.id, new Date('2026-01-05T02:00:00Z'));
    const lateEvening = newCase(wg01, longshengBuilding.id, new Date('2026-01-05T15:59:00Z'));
    const pastMidnight = newCase(wg01, longshengBuilding.id, new Date('2026-01-05T16:00:00Z'));
    assert.equal(morning.number, 'YH20260105-0001');
    assert.equal(lateEvening.number, 'YH20260105-0002');
    assert.equal(pastMidnight.number, 'YH20260106-0001', 'midnight in China starts a new day');
  });

  test('a grid worker logs a request in their grid: stored as submitted, version 0, with a submit event', () => {
    const c = newCase(wg01);
    const r = row(c.id);
    assert.equal(c.version, 0);
    assert.match(c.number, /^YH\d{8}-\d{4}$/);
    assert.equal(r.status, 'submitted');
    assert.equal(r.nodeId, longshengBuilding.id);
    assert.equal(r.nodePath, longshengBuilding.path);
    assert.equal(r.gridId, longsheng.id, 'the grid is derived from the building');
    assert.equal(r.createdByAccountId, wg01.id);
    const events = db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).all();
    assert.equal(events.length, 1);
    assert.deepEqual(
      { action: events[0]!.action, from: events[0]!.fromStatus, to: events[0]!.toStatus, kind: events[0]!.actorKind, by: events[0]!.actorAccountId, label: events[0]!.actorLabel },
      { action: 'submit', from: null, to: 'submitted', kind: 'account', by: wg01.id, label: '网格员 张丽娟' },
    );
  });

  test('the private token is handed out once; only its sha256 is stored', () => {
    const c = newCase(wg01);
    const r = row(c.id);
    assert.ok(c.token.length >= 20, 'long enough not to be guessed');
    assert.equal(r.publicTokenHash, hashToken(c.token));
    assert.notEqual(r.publicTokenHash, c.token);
    assert.equal(JSON.stringify(r).includes(c.token), false, 'the token itself is in no column');
  });

  test('the grid workers of the grid hear of a new case, but never the one who logged it', () => {
    assert.deepEqual(
      notifiedBy(() => newCase(resident)),
      ['wg01:new_case'],
    );
    assert.deepEqual(
      notifiedBy(() => newCase(shuji)),
      ['wg01:new_case'],
    );
    assert.deepEqual(
      notifiedBy(() => newCase(wg01)),
      [],
    );
    // A second worker on the same grid hears of what the first one logs; an inactive one does not.
    const helperId = db
      .insert(accounts)
      .values({ username: 'wg01b', displayName: '助理网格员', passwordHash: '-', role: 'grid_worker', createdAt: T0 })
      .returning({ id: accounts.id })
      .get().id;
    usernameOf.set(helperId, 'wg01b');
    db.insert(accountScopes).values({ accountId: helperId, nodeId: longsheng.id }).run();
    try {
      assert.deepEqual(
        notifiedBy(() => newCase(wg01)),
        ['wg01b:new_case'],
      );
    } finally {
      db.update(accounts).set({ active: false }).where(eq(accounts.id, helperId)).run();
    }
    assert.deepEqual(
      notifiedBy(() => newCase(wg01)),
      [],
    );
  });

  test('a place outside the actor’s scope is refused and nothing is stored', () => {
    const before = counts();
    const attempts: [Actor, number][] = [
      [wg01, longhuGardenBuilding.id], // another grid of the same community
      [fqshuji, longshengBuilding.id], // another community
      [shuji, node('龙湖社区').id], // in scope, but a community is not a place a request can be at
    ];
    for (const [by, nodeId] of attempts) {
      const r = createCaseSync(db, by, { description: '路灯不亮', source: 'patrol', nodeId, urgency: 'normal' }, [], tick());
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.code, 'invalid_input');
      assert.ok(!r.ok && r.fieldErrors?.nodeId, 'the form can point at the field');
    }
    const elsewhere = db.select({ id: households.id }).from(households).where(like(households.nodePath, `${longhuGarden.path}%`)).get()!;
    const r = createCaseSync(db, wg01, { description: '路灯不亮', source: 'patrol', nodeId: longshengBuilding.id, householdId: elsewhere.id, urgency: 'normal' }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input', 'a household of another place');
    assert.deepEqual(counts(), before);
  });

  test('a unit liaison and the system cannot log requests', () => {
    for (const by of [dw01, { kind: 'system' } as const]) {
      const r = createCaseSync(db, by, { description: '路灯不亮', source: 'patrol', nodeId: longshengBuilding.id, urgency: 'normal' }, [], tick());
      assert.equal(!r.ok && r.code, 'forbidden');
    }
  });
});

// ---- the closed loop -------------------------------------------------------------------------------

describe('the closed loop 居民提事项—网格理事—联动办事', () => {
  test('board → claim → resolve → unsatisfied reopens → resolve → satisfied closes; every step one event, one version', () => {
    const c = newCase(wg01);
    const versions = [c.version];
    const run = (r: { version: number; status: string }, status: string) => {
      assert.equal(r.status, status);
      versions.push(r.version);
    };
    run(accept(wg01, c.id), 'accepted');
    run(step(wg01, c.id, { action: 'post_to_board', note: '请党员认领' }), 'assigned');
    assert.deepEqual(visibleTo(dy01, [c.id]), [c.id], 'the board case is visible to the party members of the grid');
    run(step(dy01, c.id, { action: 'claim' }), 'in_progress');
    run(step(dy01, c.id, { action: 'progress', note: '已联系电工，明天上午更换灯泡' }), 'in_progress');
    run(step(dy01, c.id, { action: 'resolve', note: '已更换灯泡' }), 'resolved');
    assert.deepEqual(
      notifiedBy(() => run(residentRates(c.token, c.id, 'unsatisfied'), 'in_progress')),
      ['dy01:reopened'],
    );
    run(step(dy01, c.id, { action: 'resolve', note: '更换了整套灯具' }), 'resolved');
    run(residentRates(c.token, c.id, 'satisfied'), 'closed');

    assert.deepEqual(versions, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(timeline(c.id), [
      'submit: ∅ → submitted',
      'accept: submitted → accepted',
      'post_to_board: accepted → assigned',
      'claim: assigned → in_progress',
      'progress: in_progress → in_progress',
      'resolve: in_progress → resolved',
      'rate: resolved → in_progress',
      'resolve: in_progress → resolved',
      'rate: resolved → closed',
    ]);
    const events = db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.id)).all();
    assert.deepEqual(
      events.map((e) => e.actorKind),
      ['account', 'account', 'account', 'account', 'account', 'account', 'resident', 'account', 'resident'],
    );
    const claim = events[3]!;
    assert.equal(claim.actorAccountId, dy01.id);
    assert.equal(claim.targetAccountId, dy01.id);
    assert.deepEqual(claim.data, { pledgeMonth: '2026-04' });
    assert.ok(events.every((e, i) => i === 0 || e.at.getTime() > events[i - 1]!.at.getTime()), 'in time order');

    const done = row(c.id);
    assert.equal(done.status, 'closed');
    assert.equal(done.closeReason, 'rated');
    assert.equal(done.rating, 'satisfied');
    assert.equal(done.reopenCount, 1);
    assert.equal(done.handlerKind, 'party_member');
    assert.equal(done.handlerAccountId, dy01.id);
    assert.equal(done.version, 8);
  });
});

// ---- optimistic versions ---------------------------------------------------------------------------

describe('optimistic versions', () => {
  test('two people acting on the same version: exactly one succeeds, the other gets conflict with the current state', () => {
    const c = newCase(wg01);
    const seen = row(c.id).version;
    const first = performActionSync(db, wg01, { id: c.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: seen }, [], tick());
    const second = performActionSync(db, shuji, { id: c.id }, { action: 'reject', reason: '不属于社区职责', version: seen }, [], tick());
    assert.equal(first.ok, true);
    assert.deepEqual(
      { ok: second.ok, code: !second.ok && second.code, current: !second.ok && second.current },
      { ok: false, code: 'conflict', current: { version: seen + 1, status: 'accepted' } },
    );
    assert.deepEqual(timeline(c.id), ['submit: ∅ → submitted', 'accept: submitted → accepted']);
    assert.equal(row(c.id).status, 'accepted');
  });

  test('a double tap by the same person records the action once', () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    const v = row(c.id).version;
    const once = performActionSync(db, wg01, { id: c.id }, { action: 'handle_self', version: v }, [], tick());
    const twice = performActionSync(db, wg01, { id: c.id }, { action: 'handle_self', version: v }, [], tick());
    assert.equal(once.ok, true);
    assert.equal(!twice.ok && twice.code, 'conflict');
    assert.equal(timeline(c.id).filter((e) => e.startsWith('handle_self')).length, 1);
  });

  test('a refused action changes nothing and reports the current state', () => {
    const c = newCase(wg01);
    const before = row(c.id);
    const r = performActionSync(db, wg01, { id: c.id }, { action: 'resolve', note: '已处理', version: before.version }, [], tick());
    assert.deepEqual(!r.ok && { code: r.code, current: r.current }, { code: 'invalid_state', current: { version: 0, status: 'submitted' } });
    assert.deepEqual(row(c.id), before);
    assert.equal(timeline(c.id).length, 1);
  });
});

// ---- the append-only timeline ----------------------------------------------------------------------

describe('the timeline is append-only', () => {
  test('the database refuses to rewrite or erase an event; only the retention purge may clear a note', () => {
    const event = db.select().from(caseEvents).orderBy(asc(caseEvents.id)).get()!;
    assert.throws(() => db.update(caseEvents).set({ note: 'rewritten' }).where(eq(caseEvents.id, event.id)).run(), /append-only/);
    assert.throws(() => db.update(caseEvents).set({ toStatus: 'closed' }).where(eq(caseEvents.id, event.id)).run(), /append-only/);
    assert.throws(() => db.update(caseEvents).set({ actorLabel: '别人', note: null }).where(eq(caseEvents.id, event.id)).run(), /append-only/);
    assert.throws(() => db.delete(caseEvents).where(eq(caseEvents.id, event.id)).run(), /append-only/);
    db.update(caseEvents).set({ note: null }).where(eq(caseEvents.id, event.id)).run();
    assert.equal(db.select().from(caseEvents).where(eq(caseEvents.id, event.id)).get()!.note, null);
  });

  test('performAction only ever adds rows: every earlier event is unchanged afterwards', () => {
    const older = newCase(wg01);
    accept(wg01, older.id);
    const before = db.select().from(caseEvents).orderBy(asc(caseEvents.id)).all();
    const maxBefore = before.at(-1)!.id;

    step(wg01, older.id, { action: 'hand_to_unit', unitId: POWER });
    step(dw01, older.id, { action: 'sign' });
    step(dw01, older.id, { action: 'request_extension', hours: 24, reason: '等待变压器配件' });
    step(shuji, older.id, { action: 'decide_extension', grant: true });
    step(shuji, older.id, { action: 'supervise', note: '请本周内办结' });
    step(dw01, older.id, { action: 'resolve', note: '已更换线路' });
    residentRates(older.token, older.id, 'unsatisfied');
    step(dw01, older.id, { action: 'return', reason: '需物业配合' });

    const afterRows = db.select().from(caseEvents).orderBy(asc(caseEvents.id)).all();
    assert.deepEqual(afterRows.slice(0, before.length), before, 'no earlier event changed or disappeared');
    const added = afterRows.slice(before.length);
    assert.equal(added.length, 8);
    assert.ok(added.every((e) => e.id > maxBefore && e.caseId === older.id));
  });
});

// ---- closing unrated cases: lib/cases/commands.store.test.ts (closeUnratedCases is on the store) ----------

// ---- notifications --------------------------------------------------------------------------------

describe('notifications reach the right accounts and never the actor', () => {
  test('assigning tells the assigned grid worker; assigning oneself tells nobody', () => {
    const c = newCase(wg01);
    accept(shuji, c.id);
    assert.deepEqual(
      notifiedBy(() => step(shuji, c.id, { action: 'assign_worker', accountId: wg01.id })),
      ['wg01:assigned'],
    );
    const own = newCase(wg01);
    accept(wg01, own.id);
    assert.deepEqual(
      notifiedBy(() => step(wg01, own.id, { action: 'assign_worker', accountId: wg01.id })),
      [],
    );
  });

  test("handing to a unit tells that unit's liaisons only", () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    assert.deepEqual(
      notifiedBy(() => step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER })),
      ['dw01:assigned'],
    );
  });

  test('supervising (督办) tells whoever holds the case, or the grid workers when nobody does', () => {
    const supervise = (id: number) => notifiedBy(() => step(shuji, id, { action: 'supervise', note: '请加快办理' }));

    const unattended = newCase(wg01);
    assert.deepEqual(supervise(unattended.id), ['wg01:supervised'], 'not yet accepted');

    const withUnit = newCase(wg01);
    accept(wg01, withUnit.id);
    step(wg01, withUnit.id, { action: 'hand_to_unit', unitId: POWER });
    assert.deepEqual(supervise(withUnit.id), ['dw01:supervised']);

    const onBoard = newCase(wg01);
    accept(wg01, onBoard.id);
    step(wg01, onBoard.id, { action: 'post_to_board' });
    assert.deepEqual(supervise(onBoard.id), ['wg01:supervised'], 'nobody has claimed it yet');

    step(dy01, onBoard.id, { action: 'claim' });
    assert.deepEqual(supervise(onBoard.id), ['dy01:supervised']);

    const otherGrid = newCase(wg02, longhuGardenBuilding.id);
    accept(wg02, otherGrid.id);
    step(wg02, otherGrid.id, { action: 'handle_self' });
    assert.deepEqual(supervise(otherGrid.id), ['wg02:supervised']);
  });

  test('a return goes back to the grid, or to the secretaries once escalated; escalation tells the level above', () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER });
    assert.deepEqual(
      notifiedBy(() => step(dw01, c.id, { action: 'return', reason: '不属于供电线路问题' })),
      ['wg01:returned'],
    );

    // The township secretary covers the community too; 府前社区's secretary and the admin do not get it.
    assert.deepEqual(
      notifiedBy(() => step(wg01, c.id, { action: 'escalate', reason: '需社区协调' })),
      ['shuji:escalated', 'zhenshuji:escalated'],
    );
    assert.deepEqual(
      notifiedBy(() => step(shuji, c.id, { action: 'hand_to_unit', unitId: HOSPITAL })),
      ['dw02:assigned'],
    );
    assert.deepEqual(
      notifiedBy(() => step(dw02, c.id, { action: 'return', reason: '不属于医院职责' })),
      ['shuji:returned', 'zhenshuji:returned'],
    );
    assert.deepEqual(
      notifiedBy(() => step(shuji, c.id, { action: 'escalate', reason: '需住建部门处理', unitId: HOUSING })),
      ['bm01:escalated'],
    );
  });

  test('a secretary escalating tells the other secretaries above the case, not themself', () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    assert.deepEqual(
      notifiedBy(() => step(shuji, c.id, { action: 'escalate', reason: '涉及多个网格' })),
      ['zhenshuji:escalated'],
    );
  });

  test('an unsatisfied rating reopens the case to its handler; a handler recording it themself is not told', () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER });
    step(dw01, c.id, { action: 'sign' });
    step(dw01, c.id, { action: 'resolve', note: '已恢复供电' });
    assert.deepEqual(
      notifiedBy(() => residentRates(c.token, c.id, 'unsatisfied')),
      ['dw01:reopened'],
    );

    const own = newCase(wg01);
    accept(wg01, own.id);
    step(wg01, own.id, { action: 'handle_self' });
    step(wg01, own.id, { action: 'resolve', note: '已修复' });
    assert.deepEqual(
      notifiedBy(() => step(wg01, own.id, { action: 'rate', rating: 'unsatisfied', comment: '电话回访：居民仍不满意' })),
      [],
    );
    assert.equal(row(own.id).status, 'in_progress');
  });

  test('an extension request goes to the secretaries; the decision back to the handling unit', () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER });
    step(dw01, c.id, { action: 'sign' });
    assert.deepEqual(
      notifiedBy(() => step(dw01, c.id, { action: 'request_extension', hours: 48, reason: '等待配件' })),
      ['shuji:extension_requested', 'zhenshuji:extension_requested'],
    );
    const due = row(c.id).resolveDueAt!;
    assert.deepEqual(
      notifiedBy(() => step(shuji, c.id, { action: 'decide_extension', grant: true })),
      ['dw01:extension_decided'],
    );
    assert.equal(row(c.id).resolveDueAt!.getTime(), addHours(due, 48).getTime());
  });
});

// ---- hand-over targets as the command looks them up ----------------------------------------------------------

describe('targets are looked up and judged by the command', () => {
  test('accepting into an unknown or retired category is invalid input, not a server error', () => {
    const c = newCase(wg01);
    const before = row(c.id);
    db.update(categories).set({ active: false }).where(eq(categories.code, 'employment')).run();
    const retired = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'employment')).get()!.id;
    for (const categoryId of [999_999, retired]) {
      const r = performActionSync(db, wg01, { id: c.id }, { action: 'accept', categoryId, urgency: 'normal', version: before.version }, [], tick());
      assert.equal(!r.ok && r.code, 'invalid_input', String(categoryId));
    }
    assert.deepEqual(row(c.id), before);
  });

  test('assigning to a grid worker of another grid is invalid input', () => {
    const c = newCase(wg01);
    accept(shuji, c.id);
    const r = performActionSync(db, shuji, { id: c.id }, { action: 'assign_worker', accountId: wg02.id, version: row(c.id).version }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input');
  });

  test("handing a 府前社区 case to one of 龙湖社区's co-building units is invalid input", () => {
    const c = newCase(wg21, fuqianBuilding.id);
    accept(wg21, c.id);
    const r = performActionSync(db, wg21, { id: c.id }, { action: 'hand_to_unit', unitId: POWER, version: row(c.id).version }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input');
  });

  test('the second 吹哨 must name a department, not a co-building unit', () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    step(wg01, c.id, { action: 'escalate', reason: '需社区协调' });
    const r = performActionSync(db, shuji, { id: c.id }, { action: 'escalate', reason: '需部门处理', unitId: POWER, version: row(c.id).version }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input');
  });

  test('duplicates: of itself, of a rejected case or of an invisible case are refused; of a live case it closes', () => {
    const original = newCase(wg01);
    const rejected = newCase(wg01);
    step(wg01, rejected.id, { action: 'reject', reason: '信息不全无法核实' });
    const elsewhere = newCase(wg02, longhuGardenBuilding.id);
    const c = newCase(wg01);
    for (const duplicateOf of [c.number, rejected.number, elsewhere.number, 'YH20990101-0001']) {
      const r = performActionSync(db, wg01, { id: c.id }, { action: 'mark_duplicate', duplicateOf, version: row(c.id).version }, [], tick());
      assert.equal(!r.ok && r.code, 'invalid_input', duplicateOf);
    }
    step(wg01, c.id, { action: 'mark_duplicate', duplicateOf: original.number });
    assert.deepEqual({ status: row(c.id).status, of: row(c.id).duplicateOfId }, { status: 'duplicate', of: original.id });
  });
});

// ---- visibility ---------------------------------------------------------------------------------

describe('who can reach a case', () => {
  test('a grid worker of another grid, or the secretary of another community, cannot load it: not_found', () => {
    const c = newCase(wg01);
    const before = row(c.id);
    for (const by of [wg02, fqshuji, wg21]) {
      const r = performActionSync(db, by, { id: c.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: before.version }, [], tick());
      assert.equal(!r.ok && r.code, 'not_found', by.name);
      assert.equal(!r.ok && r.current, undefined, 'not even the version leaks');
    }
    assert.deepEqual(row(c.id), before);
  });

  test('a resident reaches a case only through its own private token', () => {
    const c = newCase(wg01);
    const other = newCase(wg01);
    for (const ref of [{ number: c.number }, { id: c.id }, { tokenHash: hashToken(other.token + 'x') }]) {
      const r = performActionSync(db, resident, ref, { action: 'rate', rating: 'satisfied', version: 0 }, [], tick());
      assert.equal(!r.ok && r.code, 'not_found', JSON.stringify(ref));
    }
  });

  test('a unit liaison sees exactly the cases ever handed to their unit', () => {
    const handedAndReturned = newCase(wg01);
    accept(wg01, handedAndReturned.id);
    step(wg01, handedAndReturned.id, { action: 'hand_to_unit', unitId: POWER });
    step(dw01, handedAndReturned.id, { action: 'return', reason: '不属于供电问题' });
    const atHospital = newCase(wg01);
    accept(wg01, atHospital.id);
    step(wg01, atHospital.id, { action: 'hand_to_unit', unitId: HOSPITAL });
    const neverHanded = newCase(wg01);
    accept(wg01, neverHanded.id);
    const ids = [handedAndReturned.id, atHospital.id, neverHanded.id];

    assert.deepEqual(visibleTo(dw01, ids), [handedAndReturned.id], 'handed and returned: still in their history');
    assert.deepEqual(visibleTo(dw02, ids), [atHospital.id]);
    assert.deepEqual(visibleTo(bm01, ids), []);
    const r = performActionSync(db, dw02, { id: handedAndReturned.id }, { action: 'progress', note: '看看', version: row(handedAndReturned.id).version }, [], tick());
    assert.equal(!r.ok && r.code, 'not_found');

    step(wg01, neverHanded.id, { action: 'escalate', reason: '需社区协调' });
    step(shuji, neverHanded.id, { action: 'escalate', reason: '需住建部门处理', unitId: HOUSING });
    assert.deepEqual(visibleTo(bm01, ids), [neverHanded.id], 'the department sees what was whistled to it');
  });

  test('a party member sees the claim board of their scope and what they claimed, nothing else', () => {
    const boardHere = newCase(wg01);
    accept(wg01, boardHere.id);
    step(wg01, boardHere.id, { action: 'post_to_board' });
    const notOnBoard = newCase(wg01);
    accept(wg01, notOnBoard.id);
    const boardElsewhere = newCase(wg02, longhuGardenBuilding.id);
    accept(wg02, boardElsewhere.id);
    step(wg02, boardElsewhere.id, { action: 'post_to_board' });
    const ids = [boardHere.id, notOnBoard.id, boardElsewhere.id];

    assert.deepEqual(visibleTo(dy01, ids), [boardHere.id]);
    assert.deepEqual(visibleTo(dy02, ids), [boardHere.id]);
    assert.deepEqual(visibleTo(dy04, ids), [boardElsewhere.id]);
    const r = performActionSync(db, dy04, { id: boardHere.id }, { action: 'claim', version: row(boardHere.id).version }, [], tick());
    assert.equal(!r.ok && r.code, 'not_found', 'a party member of another grid cannot even load it');

    step(dy01, boardHere.id, { action: 'claim' });
    assert.deepEqual(visibleTo(dy01, ids), [boardHere.id], 'the claimer keeps it');
    assert.deepEqual(visibleTo(dy02, ids), [], 'once claimed it leaves the board');

    step(dy01, boardHere.id, { action: 'return', reason: '本周出差，无法办理' });
    assert.deepEqual(visibleTo(dy01, ids), [boardHere.id], 'a case once claimed stays in the claimer’s history');
    assert.deepEqual(visibleTo(dy02, ids), []);
  });

  test('the slower of two members claiming from the same board is told it was just taken (conflict), and nothing more', () => {
    const c = newCase(wg01);
    accept(wg01, c.id);
    step(wg01, c.id, { action: 'post_to_board' });
    const seen = row(c.id).version; // both members loaded the board at this version

    const faster = performActionSync(db, dy01, { id: c.id }, { action: 'claim', version: seen }, [], tick());
    const slower = performActionSync(db, dy02, { id: c.id }, { action: 'claim', version: seen }, [], tick());
    assert.equal(faster.ok, true);
    assert.deepEqual(slower, { ok: false, code: 'conflict', message: '该事项刚刚已被他人处理，已不在认领台上。' }, 'no current state: the member may not learn it');
    // A moment later, with the version the member saw then, and by number as the board sends it.
    const later = performActionSync(db, dy02, { number: c.number }, { action: 'claim', version: seen + 1 }, [], tick());
    assert.equal(!later.ok && later.code, 'conflict');
    assert.deepEqual(timeline(c.id).slice(-1), ['claim: assigned → in_progress'], 'only the faster claim is recorded');

    // Still a secret: a member of another grid, and a case that was never on any board.
    const elsewhere = performActionSync(db, dy04, { id: c.id }, { action: 'claim', version: seen }, [], tick());
    assert.equal(!elsewhere.ok && elsewhere.code, 'not_found');
    const neverPosted = newCase(wg01);
    accept(wg01, neverPosted.id);
    const hidden = performActionSync(db, dy02, { id: neverPosted.id }, { action: 'claim', version: row(neverPosted.id).version }, [], tick());
    assert.equal(!hidden.ok && hidden.code, 'not_found');
  });
});
