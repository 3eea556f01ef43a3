// Tests of the case commands on the demo community: logging, the closed loop, optimistic versions, the append-only timeline, notifications and visibility.
// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified copy
// of the same demo): who is who is read from the SQLite fixture at load, everything the commands write through the store.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, gt, inArray, like, sql } from 'drizzle-orm';
import { accounts, categories, households, orgNodes, units } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { createCase, hashToken, performAction, type ActionResult } from './commands';
import { addHours } from './due';
import type { ActionInput, Actor } from './lifecycle';
import { visibleCases, type Viewer } from './visibility';

const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });
let store: Store;
/** The store of this test, or false when PostgreSQL is missing (the test is then skipped with the reason). */
function use(tc: TestContext): boolean {
  const s = storeFor(tc);
  if (s) store = s;
  return s !== undefined;
}

// The migrated database guards the timeline (SQLite migration 0009, PostgreSQL 0001): any UPDATE or DELETE of an event
// row aborts the statement, so a command that rewrote history would fail whichever test exercised it.
const appendOnly = (e: unknown) => /append-only/.test(`${String(e)} ${String((e as { cause?: unknown }).cause ?? '')}`);

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

async function newCase(by: Actor = wg01, nodeId = longshengBuilding.id, now = tick()) {
  const r = await createCase(store, by, { description: '3 号楼楼道灯不亮，晚上回家看不见', source: 'patrol', nodeId, urgency: 'normal' }, [], now);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

async function row(id: number) {
  const [r] = await store.db.select().from(t.cases).where(eq(t.cases.id, id)).limit(1);
  return r!;
}

/** Performs an action at the case's current version and insists that it succeeds. */
async function step(by: Actor, id: number, input: ActionInput, now = tick()): Promise<Extract<ActionResult, { ok: true }>> {
  const r = await performAction(store, by, { id }, { ...input, version: (await row(id)).version }, [], now);
  assert.ok(r.ok, `${input.action}: ${JSON.stringify(r)}`);
  return r;
}

/** The resident acts through the private token of their status link. */
async function residentRates(token: string, id: number, rating: 'satisfied' | 'basically' | 'unsatisfied', now = tick()) {
  const r = await performAction(store, resident, { tokenHash: hashToken(token) }, { action: 'rate', rating, version: (await row(id)).version }, [], now);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

/** "accept" with a category: the first step of almost every path. */
const accept = (by: Actor, id: number) => step(by, id, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' });

async function eventsOf(id: number) {
  return store.db.select().from(t.caseEvents).where(eq(t.caseEvents.caseId, id)).orderBy(asc(t.caseEvents.id));
}

const timeline = async (id: number) => (await eventsOf(id)).map((e) => `${e.action}: ${e.fromStatus ?? '∅'} → ${e.toStatus}`);

async function lastNotificationId() {
  const [r] = await store.db.select({ n: sql<number>`coalesce(max(${t.notifications.id}), 0)`.mapWith(Number) }).from(t.notifications);
  return r!.n;
}

/** Who was told what by `fn`, as sorted "username:kind". */
async function notifiedBy(fn: () => Promise<unknown>): Promise<string[]> {
  const before = await lastNotificationId();
  await fn();
  const rows = await store.db
    .select({ accountId: t.notifications.accountId, kind: t.notifications.kind })
    .from(t.notifications)
    .where(gt(t.notifications.id, before));
  return rows.map((n) => `${usernameOf.get(n.accountId)}:${n.kind}`).sort();
}

async function countOf(table: typeof t.cases | typeof t.caseEvents | typeof t.notifications) {
  const [r] = await store.db.select({ n: count() }).from(table);
  return r!.n;
}

const counts = async () => ({
  cases: await countOf(t.cases),
  events: await countOf(t.caseEvents),
  notifications: await countOf(t.notifications),
});

/** Which of `ids` a viewer may see, by the one visibility rule every query applies. */
const visibleTo = async (viewer: Viewer, ids: number[]) =>
  (
    await store.db
      .select({ id: t.cases.id })
      .from(t.cases)
      .where(and(inArray(t.cases.id, ids), visibleCases(viewer)))
      .orderBy(asc(t.cases.id))
  ).map((c) => c.id);

// ---- createCase ------------------------------------------------------------------------------

describe('createCase', () => {
  test('tracking numbers: YH + China date + a per-day sequence', async (tc) => {
    if (!use(tc)) return;
    const morning = await newCase(wg01, longshengBuilding.id, new Date('2026-01-05T02:00:00Z'));
    const lateEvening = await newCase(wg01, longshengBuilding.id, new Date('2026-01-05T15:59:00Z'));
    const pastMidnight = await newCase(wg01, longshengBuilding.id, new Date('2026-01-05T16:00:00Z'));
    assert.equal(morning.number, 'YH20260105-0001');
    assert.equal(lateEvening.number, 'YH20260105-0002');
    assert.equal(pastMidnight.number, 'YH20260106-0001', 'midnight in China starts a new day');
  });

  test('a grid worker logs a request in their grid: stored as submitted, version 0, with a submit event', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const r = await row(c.id);
    assert.equal(c.version, 0);
    assert.match(c.number, /^YH\d{8}-\d{4}$/);
    assert.equal(r.status, 'submitted');
    assert.equal(r.nodeId, longshengBuilding.id);
    assert.equal(r.nodePath, longshengBuilding.path);
    assert.equal(r.gridId, longsheng.id, 'the grid is derived from the building');
    assert.equal(r.createdByAccountId, wg01.id);
    const events = await eventsOf(c.id);
    assert.equal(events.length, 1);
    assert.deepEqual(
      { action: events[0]!.action, from: events[0]!.fromStatus, to: events[0]!.toStatus, kind: events[0]!.actorKind, by: events[0]!.actorAccountId, label: events[0]!.actorLabel },
      { action: 'submit', from: null, to: 'submitted', kind: 'account', by: wg01.id, label: '网格员 张丽娟' },
    );
  });

  test('the private token is handed out once; only its sha256 is stored', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const r = await row(c.id);
    assert.ok(c.token.length >= 20, 'long enough not to be guessed');
    assert.equal(r.publicTokenHash, hashToken(c.token));
    assert.notEqual(r.publicTokenHash, c.token);
    assert.equal(JSON.stringify(r).includes(c.token), false, 'the token itself is in no column');
  });

  test('the grid workers of the grid hear of a new case, but never the one who logged it', async (tc) => {
    if (!use(tc)) return;
    assert.deepEqual(
      await notifiedBy(async () => await newCase(resident)),
      ['wg01:new_case'],
    );
    assert.deepEqual(
      await notifiedBy(async () => await newCase(shuji)),
      ['wg01:new_case'],
    );
    assert.deepEqual(
      await notifiedBy(async () => await newCase(wg01)),
      [],
    );
    // A second worker on the same grid hears of what the first one logs; an inactive one does not.
    const helperId = await store.write(async (tx) => {
      const [made] = await tx
        .insert(t.accounts)
        .values({ username: 'wg01b', displayName: '助理网格员', passwordHash: '-', role: 'grid_worker', createdAt: T0 })
        .returning({ id: t.accounts.id });
      await tx.insert(t.accountScopes).values({ accountId: made!.id, nodeId: longsheng.id });
      return made!.id;
    });
    usernameOf.set(helperId, 'wg01b');
    try {
      assert.deepEqual(
        await notifiedBy(async () => await newCase(wg01)),
        ['wg01b:new_case'],
      );
    } finally {
      await store.write(async (tx) => {
        await tx.update(t.accounts).set({ active: false }).where(eq(t.accounts.id, helperId));
      });
    }
    assert.deepEqual(
      await notifiedBy(async () => await newCase(wg01)),
      [],
    );
  });

  test('a place outside the actor’s scope is refused and nothing is stored', async (tc) => {
    if (!use(tc)) return;
    const before = await counts();
    const attempts: [Actor, number][] = [
      [wg01, longhuGardenBuilding.id], // another grid of the same community
      [fqshuji, longshengBuilding.id], // another community
      [shuji, node('龙湖社区').id], // in scope, but a community is not a place a request can be at
    ];
    for (const [by, nodeId] of attempts) {
      const r = await createCase(store, by, { description: '路灯不亮', source: 'patrol', nodeId, urgency: 'normal' }, [], tick());
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.code, 'invalid_input');
      assert.ok(!r.ok && r.fieldErrors?.nodeId, 'the form can point at the field');
    }
    const elsewhere = db.select({ id: households.id }).from(households).where(like(households.nodePath, `${longhuGarden.path}%`)).get()!;
    const r = await createCase(store, wg01, { description: '路灯不亮', source: 'patrol', nodeId: longshengBuilding.id, householdId: elsewhere.id, urgency: 'normal' }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input', 'a household of another place');
    assert.deepEqual(await counts(), before);
  });

  test('a unit liaison and the system cannot log requests', async (tc) => {
    if (!use(tc)) return;
    for (const by of [dw01, { kind: 'system' } as const]) {
      const r = await createCase(store, by, { description: '路灯不亮', source: 'patrol', nodeId: longshengBuilding.id, urgency: 'normal' }, [], tick());
      assert.equal(!r.ok && r.code, 'forbidden');
    }
  });
});

// ---- the closed loop -------------------------------------------------------------------------------

describe('the closed loop 居民提事项—网格理事—联动办事', () => {
  test('board → claim → resolve → unsatisfied reopens → resolve → satisfied closes; every step one event, one version', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const versions = [c.version];
    const run = (r: { version: number; status: string }, status: string) => {
      assert.equal(r.status, status);
      versions.push(r.version);
    };
    run(await accept(wg01, c.id), 'accepted');
    run(await step(wg01, c.id, { action: 'post_to_board', note: '请党员认领' }), 'assigned');
    assert.deepEqual(await visibleTo(dy01, [c.id]), [c.id], 'the board case is visible to the party members of the grid');
    run(await step(dy01, c.id, { action: 'claim' }), 'in_progress');
    run(await step(dy01, c.id, { action: 'progress', note: '已联系电工，明天上午更换灯泡' }), 'in_progress');
    run(await step(dy01, c.id, { action: 'resolve', note: '已更换灯泡' }), 'resolved');
    assert.deepEqual(
      await notifiedBy(async () => run(await residentRates(c.token, c.id, 'unsatisfied'), 'in_progress')),
      ['dy01:reopened'],
    );
    run(await step(dy01, c.id, { action: 'resolve', note: '更换了整套灯具' }), 'resolved');
    run(await residentRates(c.token, c.id, 'satisfied'), 'closed');

    assert.deepEqual(versions, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(await timeline(c.id), [
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
    const events = await eventsOf(c.id);
    assert.deepEqual(
      events.map((e) => e.actorKind),
      ['account', 'account', 'account', 'account', 'account', 'account', 'resident', 'account', 'resident'],
    );
    const claim = events[3]!;
    assert.equal(claim.actorAccountId, dy01.id);
    assert.equal(claim.targetAccountId, dy01.id);
    assert.deepEqual(claim.data, { pledgeMonth: '2026-04' });
    assert.ok(events.every((e, i) => i === 0 || e.at.getTime() > events[i - 1]!.at.getTime()), 'in time order');

    const done = await row(c.id);
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
  test('two people acting on the same version: exactly one succeeds, the other gets conflict with the current state', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const seen = (await row(c.id)).version;
    const first = await performAction(store, wg01, { id: c.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: seen }, [], tick());
    const second = await performAction(store, shuji, { id: c.id }, { action: 'reject', reason: '不属于社区职责', version: seen }, [], tick());
    assert.equal(first.ok, true);
    assert.deepEqual(
      { ok: second.ok, code: !second.ok && second.code, current: !second.ok && second.current },
      { ok: false, code: 'conflict', current: { version: seen + 1, status: 'accepted' } },
    );
    assert.deepEqual(await timeline(c.id), ['submit: ∅ → submitted', 'accept: submitted → accepted']);
    assert.equal((await row(c.id)).status, 'accepted');
  });

  test('a double tap by the same person records the action once', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    const v = (await row(c.id)).version;
    const once = await performAction(store, wg01, { id: c.id }, { action: 'handle_self', version: v }, [], tick());
    const twice = await performAction(store, wg01, { id: c.id }, { action: 'handle_self', version: v }, [], tick());
    assert.equal(once.ok, true);
    assert.equal(!twice.ok && twice.code, 'conflict');
    assert.equal((await timeline(c.id)).filter((e) => e.startsWith('handle_self')).length, 1);
  });

  test('a refused action changes nothing and reports the current state', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const before = await row(c.id);
    const r = await performAction(store, wg01, { id: c.id }, { action: 'resolve', note: '已处理', version: before.version }, [], tick());
    assert.deepEqual(!r.ok && { code: r.code, current: r.current }, { code: 'invalid_state', current: { version: 0, status: 'submitted' } });
    assert.deepEqual(await row(c.id), before);
    assert.equal((await timeline(c.id)).length, 1);
  });
});

// ---- the append-only timeline ----------------------------------------------------------------------

describe('the timeline is append-only', () => {
  test('the database refuses to rewrite or erase an event; only the retention purge may clear a note', async (tc) => {
    if (!use(tc)) return;
    const [event] = await store.db.select().from(t.caseEvents).orderBy(asc(t.caseEvents.id)).limit(1);
    const byId = eq(t.caseEvents.id, event!.id);
    await assert.rejects(store.write(async (tx) => tx.update(t.caseEvents).set({ note: 'rewritten' }).where(byId)), appendOnly);
    await assert.rejects(store.write(async (tx) => tx.update(t.caseEvents).set({ toStatus: 'closed' }).where(byId)), appendOnly);
    await assert.rejects(store.write(async (tx) => tx.update(t.caseEvents).set({ actorLabel: '别人', note: null }).where(byId)), appendOnly);
    await assert.rejects(store.write(async (tx) => tx.delete(t.caseEvents).where(byId)), appendOnly);
    await store.write(async (tx) => tx.update(t.caseEvents).set({ note: null }).where(byId));
    const [cleared] = await store.db.select().from(t.caseEvents).where(byId);
    assert.equal(cleared!.note, null);
  });

  test('performAction only ever adds rows: every earlier event is unchanged afterwards', async (tc) => {
    if (!use(tc)) return;
    const older = await newCase(wg01);
    await accept(wg01, older.id);
    const before = await store.db.select().from(t.caseEvents).orderBy(asc(t.caseEvents.id));
    const maxBefore = before.at(-1)!.id;

    await step(wg01, older.id, { action: 'hand_to_unit', unitId: POWER });
    await step(dw01, older.id, { action: 'sign' });
    await step(dw01, older.id, { action: 'request_extension', hours: 24, reason: '等待变压器配件' });
    await step(shuji, older.id, { action: 'decide_extension', grant: true });
    await step(shuji, older.id, { action: 'supervise', note: '请本周内办结' });
    await step(dw01, older.id, { action: 'resolve', note: '已更换线路' });
    await residentRates(older.token, older.id, 'unsatisfied');
    await step(dw01, older.id, { action: 'return', reason: '需物业配合' });

    const afterRows = await store.db.select().from(t.caseEvents).orderBy(asc(t.caseEvents.id));
    assert.deepEqual(afterRows.slice(0, before.length), before, 'no earlier event changed or disappeared');
    const added = afterRows.slice(before.length);
    assert.equal(added.length, 8);
    assert.ok(added.every((e) => e.id > maxBefore && e.caseId === older.id));
  });
});

// ---- closing unrated cases: lib/cases/commands.store.test.ts (closeUnratedCases is on the store) ----------

// ---- notifications --------------------------------------------------------------------------------

describe('notifications reach the right accounts and never the actor', () => {
  test('assigning tells the assigned grid worker; assigning oneself tells nobody', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(shuji, c.id);
    assert.deepEqual(
      await notifiedBy(async () => await step(shuji, c.id, { action: 'assign_worker', accountId: wg01.id })),
      ['wg01:assigned'],
    );
    const own = await newCase(wg01);
    await accept(wg01, own.id);
    assert.deepEqual(
      await notifiedBy(async () => await step(wg01, own.id, { action: 'assign_worker', accountId: wg01.id })),
      [],
    );
  });

  test("handing to a unit tells that unit's liaisons only", async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    assert.deepEqual(
      await notifiedBy(async () => await step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER })),
      ['dw01:assigned'],
    );
  });

  test('supervising (督办) tells whoever holds the case, or the grid workers when nobody does', async (tc) => {
    if (!use(tc)) return;
    const supervise = (id: number) => notifiedBy(async () => await step(shuji, id, { action: 'supervise', note: '请加快办理' }));

    const unattended = await newCase(wg01);
    assert.deepEqual(await supervise(unattended.id), ['wg01:supervised'], 'not yet accepted');

    const withUnit = await newCase(wg01);
    await accept(wg01, withUnit.id);
    await step(wg01, withUnit.id, { action: 'hand_to_unit', unitId: POWER });
    assert.deepEqual(await supervise(withUnit.id), ['dw01:supervised']);

    const onBoard = await newCase(wg01);
    await accept(wg01, onBoard.id);
    await step(wg01, onBoard.id, { action: 'post_to_board' });
    assert.deepEqual(await supervise(onBoard.id), ['wg01:supervised'], 'nobody has claimed it yet');

    await step(dy01, onBoard.id, { action: 'claim' });
    assert.deepEqual(await supervise(onBoard.id), ['dy01:supervised']);

    const otherGrid = await newCase(wg02, longhuGardenBuilding.id);
    await accept(wg02, otherGrid.id);
    await step(wg02, otherGrid.id, { action: 'handle_self' });
    assert.deepEqual(await supervise(otherGrid.id), ['wg02:supervised']);
  });

  test('a return goes back to the grid, or to the secretaries once escalated; escalation tells the level above', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    await step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER });
    assert.deepEqual(
      await notifiedBy(async () => await step(dw01, c.id, { action: 'return', reason: '不属于供电线路问题' })),
      ['wg01:returned'],
    );

    // The township secretary covers the community too; 府前社区's secretary and the admin do not get it.
    assert.deepEqual(
      await notifiedBy(async () => await step(wg01, c.id, { action: 'escalate', reason: '需社区协调' })),
      ['shuji:escalated', 'zhenshuji:escalated'],
    );
    assert.deepEqual(
      await notifiedBy(async () => await step(shuji, c.id, { action: 'hand_to_unit', unitId: HOSPITAL })),
      ['dw02:assigned'],
    );
    assert.deepEqual(
      await notifiedBy(async () => await step(dw02, c.id, { action: 'return', reason: '不属于医院职责' })),
      ['shuji:returned', 'zhenshuji:returned'],
    );
    assert.deepEqual(
      await notifiedBy(async () => await step(shuji, c.id, { action: 'escalate', reason: '需住建部门处理', unitId: HOUSING })),
      ['bm01:escalated'],
    );
  });

  test('a secretary escalating tells the other secretaries above the case, not themself', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    assert.deepEqual(
      await notifiedBy(async () => await step(shuji, c.id, { action: 'escalate', reason: '涉及多个网格' })),
      ['zhenshuji:escalated'],
    );
  });

  test('an unsatisfied rating reopens the case to its handler; a handler recording it themself is not told', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    await step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER });
    await step(dw01, c.id, { action: 'sign' });
    await step(dw01, c.id, { action: 'resolve', note: '已恢复供电' });
    assert.deepEqual(
      await notifiedBy(async () => await residentRates(c.token, c.id, 'unsatisfied')),
      ['dw01:reopened'],
    );

    const own = await newCase(wg01);
    await accept(wg01, own.id);
    await step(wg01, own.id, { action: 'handle_self' });
    await step(wg01, own.id, { action: 'resolve', note: '已修复' });
    assert.deepEqual(
      await notifiedBy(async () => await step(wg01, own.id, { action: 'rate', rating: 'unsatisfied', comment: '电话回访：居民仍不满意' })),
      [],
    );
    assert.equal((await row(own.id)).status, 'in_progress');
  });

  test('an extension request goes to the secretaries; the decision back to the handling unit', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    await step(wg01, c.id, { action: 'hand_to_unit', unitId: POWER });
    await step(dw01, c.id, { action: 'sign' });
    assert.deepEqual(
      await notifiedBy(async () => await step(dw01, c.id, { action: 'request_extension', hours: 48, reason: '等待配件' })),
      ['shuji:extension_requested', 'zhenshuji:extension_requested'],
    );
    const due = (await row(c.id)).resolveDueAt!;
    assert.deepEqual(
      await notifiedBy(async () => await step(shuji, c.id, { action: 'decide_extension', grant: true })),
      ['dw01:extension_decided'],
    );
    assert.equal((await row(c.id)).resolveDueAt!.getTime(), addHours(due, 48).getTime());
  });
});

// ---- hand-over targets as the command looks them up ----------------------------------------------------------

describe('targets are looked up and judged by the command', () => {
  test('accepting into an unknown or retired category is invalid input, not a server error', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const before = await row(c.id);
    await store.write(async (tx) => tx.update(t.categories).set({ active: false }).where(eq(t.categories.code, 'employment')));
    const retired = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'employment')).get()!.id;
    for (const categoryId of [999_999, retired]) {
      const r = await performAction(store, wg01, { id: c.id }, { action: 'accept', categoryId, urgency: 'normal', version: before.version }, [], tick());
      assert.equal(!r.ok && r.code, 'invalid_input', String(categoryId));
    }
    assert.deepEqual(await row(c.id), before);
  });

  test('assigning to a grid worker of another grid is invalid input', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(shuji, c.id);
    const r = await performAction(store, shuji, { id: c.id }, { action: 'assign_worker', accountId: wg02.id, version: (await row(c.id)).version }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input');
  });

  test("handing a 府前社区 case to one of 龙湖社区's co-building units is invalid input", async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg21, fuqianBuilding.id);
    await accept(wg21, c.id);
    const r = await performAction(store, wg21, { id: c.id }, { action: 'hand_to_unit', unitId: POWER, version: (await row(c.id)).version }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input');
  });

  test('the second 吹哨 must name a department, not a co-building unit', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    await step(wg01, c.id, { action: 'escalate', reason: '需社区协调' });
    const r = await performAction(store, shuji, { id: c.id }, { action: 'escalate', reason: '需部门处理', unitId: POWER, version: (await row(c.id)).version }, [], tick());
    assert.equal(!r.ok && r.code, 'invalid_input');
  });

  test('duplicates: of itself, of a rejected case or of an invisible case are refused; of a live case it closes', async (tc) => {
    if (!use(tc)) return;
    const original = await newCase(wg01);
    const rejected = await newCase(wg01);
    await step(wg01, rejected.id, { action: 'reject', reason: '信息不全无法核实' });
    const elsewhere = await newCase(wg02, longhuGardenBuilding.id);
    const c = await newCase(wg01);
    for (const duplicateOf of [c.number, rejected.number, elsewhere.number, 'YH20990101-0001']) {
      const r = await performAction(store, wg01, { id: c.id }, { action: 'mark_duplicate', duplicateOf, version: (await row(c.id)).version }, [], tick());
      assert.equal(!r.ok && r.code, 'invalid_input', duplicateOf);
    }
    await step(wg01, c.id, { action: 'mark_duplicate', duplicateOf: original.number });
    assert.deepEqual({ status: (await row(c.id)).status, of: (await row(c.id)).duplicateOfId }, { status: 'duplicate', of: original.id });
  });
});

// ---- visibility ---------------------------------------------------------------------------------

describe('who can reach a case', () => {
  test('a grid worker of another grid, or the secretary of another community, cannot load it: not_found', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const before = await row(c.id);
    for (const by of [wg02, fqshuji, wg21]) {
      const r = await performAction(store, by, { id: c.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: before.version }, [], tick());
      assert.equal(!r.ok && r.code, 'not_found', by.name);
      assert.equal(!r.ok && r.current, undefined, 'not even the version leaks');
    }
    assert.deepEqual(await row(c.id), before);
  });

  test('a resident reaches a case only through its own private token', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    const other = await newCase(wg01);
    for (const ref of [{ number: c.number }, { id: c.id }, { tokenHash: hashToken(other.token + 'x') }]) {
      const r = await performAction(store, resident, ref, { action: 'rate', rating: 'satisfied', version: 0 }, [], tick());
      assert.equal(!r.ok && r.code, 'not_found', JSON.stringify(ref));
    }
  });

  test('a unit liaison sees exactly the cases ever handed to their unit', async (tc) => {
    if (!use(tc)) return;
    const handedAndReturned = await newCase(wg01);
    await accept(wg01, handedAndReturned.id);
    await step(wg01, handedAndReturned.id, { action: 'hand_to_unit', unitId: POWER });
    await step(dw01, handedAndReturned.id, { action: 'return', reason: '不属于供电问题' });
    const atHospital = await newCase(wg01);
    await accept(wg01, atHospital.id);
    await step(wg01, atHospital.id, { action: 'hand_to_unit', unitId: HOSPITAL });
    const neverHanded = await newCase(wg01);
    await accept(wg01, neverHanded.id);
    const ids = [handedAndReturned.id, atHospital.id, neverHanded.id];

    assert.deepEqual(await visibleTo(dw01, ids), [handedAndReturned.id], 'handed and returned: still in their history');
    assert.deepEqual(await visibleTo(dw02, ids), [atHospital.id]);
    assert.deepEqual(await visibleTo(bm01, ids), []);
    const r = await performAction(store, dw02, { id: handedAndReturned.id }, { action: 'progress', note: '看看', version: (await row(handedAndReturned.id)).version }, [], tick());
    assert.equal(!r.ok && r.code, 'not_found');

    await step(wg01, neverHanded.id, { action: 'escalate', reason: '需社区协调' });
    await step(shuji, neverHanded.id, { action: 'escalate', reason: '需住建部门处理', unitId: HOUSING });
    assert.deepEqual(await visibleTo(bm01, ids), [neverHanded.id], 'the department sees what was whistled to it');
  });

  test('a party member sees the claim board of their scope and what they claimed, nothing else', async (tc) => {
    if (!use(tc)) return;
    const boardHere = await newCase(wg01);
    await accept(wg01, boardHere.id);
    await step(wg01, boardHere.id, { action: 'post_to_board' });
    const notOnBoard = await newCase(wg01);
    await accept(wg01, notOnBoard.id);
    const boardElsewhere = await newCase(wg02, longhuGardenBuilding.id);
    await accept(wg02, boardElsewhere.id);
    await step(wg02, boardElsewhere.id, { action: 'post_to_board' });
    const ids = [boardHere.id, notOnBoard.id, boardElsewhere.id];

    assert.deepEqual(await visibleTo(dy01, ids), [boardHere.id]);
    assert.deepEqual(await visibleTo(dy02, ids), [boardHere.id]);
    assert.deepEqual(await visibleTo(dy04, ids), [boardElsewhere.id]);
    const r = await performAction(store, dy04, { id: boardHere.id }, { action: 'claim', version: (await row(boardHere.id)).version }, [], tick());
    assert.equal(!r.ok && r.code, 'not_found', 'a party member of another grid cannot even load it');

    await step(dy01, boardHere.id, { action: 'claim' });
    assert.deepEqual(await visibleTo(dy01, ids), [boardHere.id], 'the claimer keeps it');
    assert.deepEqual(await visibleTo(dy02, ids), [], 'once claimed it leaves the board');

    await step(dy01, boardHere.id, { action: 'return', reason: '本周出差，无法办理' });
    assert.deepEqual(await visibleTo(dy01, ids), [boardHere.id], 'a case once claimed stays in the claimer’s history');
    assert.deepEqual(await visibleTo(dy02, ids), []);
  });

  test('the slower of two members claiming from the same board is told it was just taken (conflict), and nothing more', async (tc) => {
    if (!use(tc)) return;
    const c = await newCase(wg01);
    await accept(wg01, c.id);
    await step(wg01, c.id, { action: 'post_to_board' });
    const seen = (await row(c.id)).version; // both members loaded the board at this version

    const faster = await performAction(store, dy01, { id: c.id }, { action: 'claim', version: seen }, [], tick());
    const slower = await performAction(store, dy02, { id: c.id }, { action: 'claim', version: seen }, [], tick());
    assert.equal(faster.ok, true);
    assert.deepEqual(slower, { ok: false, code: 'conflict', message: '该事项刚刚已被他人处理，已不在认领台上。' }, 'no current state: the member may not learn it');
    // A moment later, with the version the member saw then, and by number as the board sends it.
    const later = await performAction(store, dy02, { number: c.number }, { action: 'claim', version: seen + 1 }, [], tick());
    assert.equal(!later.ok && later.code, 'conflict');
    assert.deepEqual((await timeline(c.id)).slice(-1), ['claim: assigned → in_progress'], 'only the faster claim is recorded');

    // Still a secret: a member of another grid, and a case that was never on any board.
    const elsewhere = await performAction(store, dy04, { id: c.id }, { action: 'claim', version: seen }, [], tick());
    assert.equal(!elsewhere.ok && elsewhere.code, 'not_found');
    const neverPosted = await newCase(wg01);
    await accept(wg01, neverPosted.id);
    const hidden = await performAction(store, dy02, { id: neverPosted.id }, { action: 'claim', version: (await row(neverPosted.id)).version }, [], tick());
    assert.equal(!hidden.ok && hidden.code, 'not_found');
  });

  test('two members claiming the same board case at the same moment: exactly one claim is recorded, the other is told it was taken', async (tc) => {
    if (!use(tc)) return;
    for (let round = 0; round < 5; round++) {
      const c = await newCase(wg01);
      await accept(wg01, c.id);
      await step(wg01, c.id, { action: 'post_to_board' });
      const seen = (await row(c.id)).version;
      const now = tick();
      const results = await Promise.all([dy01, dy02].map((by) => performAction(store, by, { id: c.id }, { action: 'claim', version: seen }, [], now)));
      assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
      assert.deepEqual(
        results.find((r) => !r.ok),
        { ok: false, code: 'conflict', message: '该事项刚刚已被他人处理，已不在认领台上。' },
      );
      assert.equal((await timeline(c.id)).filter((e) => e.startsWith('claim')).length, 1);
      const winner = [dy01, dy02][results.findIndex((r) => r.ok)]!;
      assert.equal((await row(c.id)).handlerAccountId, winner.id);
    }
  });
});
