// Property tests of the case commands: random action sequences by random actors, on a real database, never break the invariants.
// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified copy of the
// same demo): the cast is read from the SQLite fixture at load, everything the commands write through the store.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import '@/lib/testing/fast-check-seed';
import { and, asc, count, eq, like } from 'drizzle-orm';
import { accounts, categories, orgNodes, units, type CaseStatus } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { computeStats, type Figures } from '@/lib/stats';
import { actorFromUser } from './actor';
import { createCase, hashToken, performAction } from './commands';
import { availableActions, FINAL_STATUSES, type ActionInput, type ActionName, type Actor, type CaseSnapshot } from './lifecycle';

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

// ---- the demo community's cast ---------------------------------------------------------------

const account = (username: string) => actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const gridNode = (name: string) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, name))).get()!;
const longsheng = gridNode('龙盛华庭');
const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${longsheng.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const integration = (id: number, path: string): Actor => ({ kind: 'integration', id, name: '测试系统', scope: { paths: [path] } });

/** Every role, in and out of the case's scope (cases are logged in 龙盛华庭), plus the resident and the system. */
const CAST: Actor[] = [
  ...['admin', 'zhenshuji', 'shuji', 'fqshuji', 'wg01', 'wg02', 'wg21', 'dy01', 'dy02', 'dy04', 'dw01', 'dw02', 'bm01'].map(account),
  integration(9001, longsheng.path),
  integration(9002, gridNode('府前花园').path),
  { kind: 'resident' },
  { kind: 'system' },
];
const accountIds = ['wg01', 'wg02', 'dy01'].map((u) => (account(u) as { id: number }).id);
const unitIds = ['国网新绛县供电公司', '新绛县人民医院', '新绛县住房和城乡建设局'].map((n) => db.select({ id: units.id }).from(units).where(eq(units.name, n)).get()!.id);
const categoryIds = [...db.select({ id: categories.id }).from(categories).limit(2).all().map((c) => c.id), 999_999];

// ---- the state machine as the README states it, independent of lifecycle.ts ------------------

const OPEN: CaseStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress'];
const EDGES: Record<ActionName, [from: CaseStatus[], to: CaseStatus[]]> = {
  accept: [['submitted'], ['accepted']],
  reject: [['submitted', 'accepted'], ['rejected']],
  mark_duplicate: [['submitted', 'accepted'], ['duplicate']],
  handle_self: [['accepted'], ['in_progress']],
  assign_worker: [['accepted'], ['assigned']],
  post_to_board: [['accepted'], ['assigned']],
  claim: [['assigned'], ['in_progress']],
  hand_to_unit: [['accepted'], ['assigned']],
  escalate: [['accepted', 'assigned', 'in_progress'], ['accepted', 'assigned']],
  sign: [['assigned'], ['in_progress']],
  return: [['assigned', 'in_progress'], ['accepted']],
  progress: [['in_progress'], ['in_progress']],
  request_extension: [['in_progress'], ['in_progress']],
  decide_extension: [['in_progress'], ['in_progress']],
  resolve: [['in_progress'], ['resolved']],
  rate: [['resolved'], ['closed', 'in_progress']],
  supervise: [OPEN, OPEN],
  auto_close: [['resolved'], ['closed']],
};

// ---- generators ------------------------------------------------------------------------------

const note = fc.constantFrom('已处理', '  ', '需要协调物业', '');
const inputArb: fc.Arbitrary<ActionInput> = fc.oneof(
  fc.record({ action: fc.constant('accept' as const), categoryId: fc.constantFrom(...categoryIds), urgency: fc.constantFrom('normal' as const, 'urgent' as const) }),
  fc.record({ action: fc.constant('reject' as const), reason: note }),
  fc.record({ action: fc.constant('mark_duplicate' as const), duplicateOf: fc.constantFrom('YH19990101-0001', 'SELF', 'PREVIOUS') }),
  fc.record({ action: fc.constant('handle_self' as const) }),
  fc.record({ action: fc.constant('assign_worker' as const), accountId: fc.constantFrom(...accountIds) }),
  fc.record({ action: fc.constant('post_to_board' as const) }),
  fc.record({ action: fc.constant('claim' as const) }),
  fc.record({ action: fc.constant('hand_to_unit' as const), unitId: fc.constantFrom(...unitIds) }),
  fc.record({ action: fc.constant('escalate' as const), reason: note, unitId: fc.option(fc.constantFrom(...unitIds), { nil: undefined }) }),
  fc.record({ action: fc.constant('sign' as const) }),
  fc.record({ action: fc.constant('return' as const), reason: note }),
  fc.record({ action: fc.constant('progress' as const), note }),
  fc.record({ action: fc.constant('request_extension' as const), hours: fc.integer({ min: 1, max: 240 }), reason: note }),
  fc.record({ action: fc.constant('decide_extension' as const), grant: fc.boolean() }),
  fc.record({ action: fc.constant('resolve' as const), note }),
  fc.record({ action: fc.constant('rate' as const), rating: fc.constantFrom('satisfied' as const, 'basically' as const, 'unsatisfied' as const) }),
  fc.record({ action: fc.constant('supervise' as const), note, dueAt: fc.option(fc.integer({ min: -48, max: 480 }), { nil: undefined }) }).map(
    // Hours from the step's own time; resolved to a Date when the step runs.
    (s) => s as unknown as ActionInput,
  ),
  fc.record({ action: fc.constant('auto_close' as const) }),
);
/**
 * A quarter of the steps are anything by anyone (mostly refused); the rest an action the rules
 * offer someone now, so sequences get deep into the loop (reopen, escalate, extend, rate …).
 */
const stepArb = fc.record({
  actor: fc.nat({ max: CAST.length - 1 }),
  input: inputArb,
  offered: fc.nat({ max: 3 }).map((n) => n > 0),
  choice: fc.nat({ max: 1000 }),
  staleVersion: fc.nat({ max: 9 }).map((n) => n === 0),
  // Mostly minutes; now and then past a deadline or the 7-day rating window.
  minutesLater: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 120 }), weight: 9 }, { arbitrary: fc.constant(8 * 24 * 60), weight: 1 }),
});

const LOOPS: readonly ActionName[] = ['escalate', 'return', 'supervise', 'progress'];

/** For an "offered" step: one of the (actor, action) pairs the rules offer now, or null when the case is final. */
function offeredStep(c: CaseSnapshot, choice: number, now: Date): { actor: number; action: ActionName } | null {
  // Ending the case at triage is chosen rarely, and going round in circles now and then, or few sequences would get far.
  const pairs = CAST.flatMap((a, actor) =>
    availableActions(c, a, now)
      .filter((action) => (choice % 8 === 0 || (action !== 'reject' && action !== 'mark_duplicate')) && (choice % 3 === 0 || !LOOPS.includes(action)))
      .map((action) => ({ actor, action })),
  );
  return pairs.length > 0 ? pairs[choice % pairs.length]! : null;
}

/** An input for the chosen action: the generated one if it matches, else the action's plainest valid form. */
function inputFor(action: ActionName, generated: ActionInput, choice: number): ActionInput {
  if (generated.action === action) return generated;
  const plain: Record<ActionName, ActionInput> = {
    accept: { action: 'accept', categoryId: categoryIds[0]!, urgency: 'normal' },
    reject: { action: 'reject', reason: '不属于受理范围' },
    mark_duplicate: { action: 'mark_duplicate', duplicateOf: 'PREVIOUS' },
    handle_self: { action: 'handle_self' },
    assign_worker: { action: 'assign_worker', accountId: accountIds[0]! },
    post_to_board: { action: 'post_to_board' },
    claim: { action: 'claim' },
    hand_to_unit: { action: 'hand_to_unit', unitId: unitIds[0]! },
    escalate: { action: 'escalate', reason: '需要部门协调', unitId: unitIds[2]! },
    sign: { action: 'sign' },
    return: { action: 'return', reason: '不属于本单位' },
    progress: { action: 'progress', note: '正在处理' },
    request_extension: { action: 'request_extension', hours: 24, reason: '等待配件' },
    decide_extension: { action: 'decide_extension', grant: choice % 2 === 0 },
    resolve: { action: 'resolve', note: '已修好' },
    rate: { action: 'rate', rating: (['satisfied', 'basically', 'unsatisfied'] as const)[choice % 3]! },
    supervise: { action: 'supervise', note: '请尽快办理' },
    auto_close: { action: 'auto_close' },
  };
  return plain[action];
}

// ---- helpers ---------------------------------------------------------------------------------

async function row(id: number) {
  const [r] = await store.db.select().from(t.cases).where(eq(t.cases.id, id)).limit(1);
  return r!;
}
const eventsOf = (id: number) => store.db.select().from(t.caseEvents).where(eq(t.caseEvents.caseId, id)).orderBy(asc(t.caseEvents.id));
async function notificationCount() {
  const [r] = await store.db.select({ n: count() }).from(t.notifications);
  return r!.n;
}

/** The case's fields as its timeline tells them, folding the events in order. */
function replay(events: Awaited<ReturnType<typeof eventsOf>>) {
  const s = {
    status: 'submitted' as CaseStatus,
    version: -1,
    categoryId: null as number | null,
    handlerKind: null as string | null,
    handlerAccountId: null as number | null,
    handlerUnitId: null as number | null,
    escalationLevel: 0,
    supervised: false,
    rating: null as string | null,
    reopenCount: 0,
    closeReason: null as string | null,
  };
  const handler = (kind: string | null, accountId: number | null = null, unitId: number | null = null) =>
    Object.assign(s, { handlerKind: kind, handlerAccountId: accountId, handlerUnitId: unitId });
  for (const e of events) {
    assert.equal(e.fromStatus, e.action === 'submit' ? null : s.status, `event ${e.action} starts where the last one ended`);
    s.status = e.toStatus;
    s.version++;
    const data = (e.data ?? {}) as Record<string, unknown>;
    switch (e.action) {
      case 'accept':
        s.categoryId = data.categoryId as number;
        break;
      case 'reject':
      case 'mark_duplicate':
      case 'return':
        handler(null);
        break;
      case 'handle_self':
      case 'assign_worker':
        handler('grid_worker', e.targetAccountId);
        break;
      case 'post_to_board':
        handler('board');
        break;
      case 'claim':
        handler('party_member', e.targetAccountId);
        break;
      case 'hand_to_unit':
        handler('unit', null, e.targetUnitId);
        break;
      case 'escalate':
        s.escalationLevel = data.level as number;
        if (s.escalationLevel === 1) handler(null);
        else handler('unit', null, e.targetUnitId);
        break;
      case 'supervise':
        s.supervised = true;
        break;
      case 'rate':
        s.rating = data.rating as string;
        if (data.rating === 'unsatisfied') s.reopenCount++;
        else s.closeReason = 'rated';
        break;
      case 'auto_close':
        s.rating = null;
        s.closeReason = 'not_rated';
        break;
    }
  }
  return s;
}

function checkRates(f: Figures, where: string) {
  for (const key of ['response', 'resolution', 'satisfaction'] as const) {
    const r = f[key];
    assert.ok(r.numerator >= 0 && r.numerator <= r.denominator, `${where} ${key}: ${r.numerator}/${r.denominator}`);
    assert.equal(r.value, r.denominator === 0 ? null : r.numerator / r.denominator);
  }
}

// ---- the properties --------------------------------------------------------------------------

let clock = Date.parse('2026-03-01T02:00:00Z');
let previousNumber: string | null = null;
/** Which accepted (action, resulting status) pairs the runs reached: the property must not stay shallow. */
const reached = new Set<string>();
const start = new Date(clock);

test('random action sequences by random actors keep every invariant of the case lifecycle', async (tc) => {
  if (!use(tc)) return;
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), async (steps) => {
      const created = await createCase(store, CAST[4]!, { description: '属性测试：楼道灯不亮', source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], new Date((clock += 3_600_000)));
      assert.ok(created.ok);
      const { id, token } = created;
      for (const step of steps) {
        const now = new Date((clock += step.minutesLater * 60_000));
        const offered = step.offered ? offeredStep(await row(id), step.choice, now) : null;
        const actor = CAST[offered?.actor ?? step.actor]!;
        let input = offered ? inputFor(offered.action, step.input, step.choice) : step.input;
        if (input.action === 'mark_duplicate') input = { ...input, duplicateOf: input.duplicateOf === 'SELF' ? created.number : input.duplicateOf === 'PREVIOUS' ? (previousNumber ?? created.number) : input.duplicateOf };
        if (input.action === 'supervise' && typeof input.dueAt === 'number') input = { ...input, dueAt: new Date(now.getTime() + (input.dueAt as number) * 3_600_000) };

        const before = await row(id);
        const eventsBefore = (await eventsOf(id)).length;
        const notesBefore = await notificationCount();
        const version = step.staleVersion ? before.version + 1 : before.version;
        const ref = actor.kind === 'resident' ? { tokenHash: hashToken(token) } : { id };
        const result = await performAction(store, actor, ref, { ...input, version }, [], now);
        const after = await row(id);

        if (!result.ok) {
          // A refusal changes nothing: not the case, not its timeline, not anyone's notifications.
          assert.deepEqual(after, before, `refused ${input.action} (${result.code}) left the case as it was`);
          assert.equal((await eventsOf(id)).length, eventsBefore);
          assert.equal(await notificationCount(), notesBefore);
          continue;
        }
        assert.ok(!step.staleVersion, 'a stale version is never accepted');
        assert.equal(after.version, before.version + 1, 'each accepted command moves the version on by one');
        const [from, to]: [CaseStatus[], CaseStatus[]] = EDGES[input.action as ActionName];
        assert.ok(from.includes(before.status) && to.includes(after.status), `${input.action}: ${before.status} → ${after.status} is on the state machine`);
        if (input.action === 'supervise') assert.equal(after.status, before.status);
        assert.ok(!FINAL_STATUSES.includes(before.status), 'a final status never moves');
        assert.equal((await eventsOf(id)).length, eventsBefore + 1, 'one event per accepted command');
        reached.add(`${input.action}:${after.status}`);
      }

      // The timeline alone tells the case's current state.
      const c = await row(id);
      const told = replay(await eventsOf(id));
      assert.deepEqual(told, {
        status: c.status,
        version: c.version,
        categoryId: c.categoryId,
        handlerKind: c.handlerKind,
        handlerAccountId: c.handlerAccountId,
        handlerUnitId: c.handlerUnitId,
        escalationLevel: c.escalationLevel,
        supervised: c.supervised,
        rating: c.rating,
        reopenCount: c.reopenCount,
        closeReason: c.closeReason,
      });
      previousNumber = created.number;
    }),
    { numRuns: 60 },
  );
  for (const deep of ['claim:in_progress', 'resolve:resolved', 'rate:in_progress', 'rate:closed']) {
    assert.ok(reached.has(deep), `the random runs reached ${deep} (reached: ${[...reached].sort().join(', ')})`);
  }
});

test("the statistics over those cases never count more in a rate's numerator than in its denominator", async (tc) => {
  if (!use(tc)) return;
  const now = new Date(clock);
  for (const viewer of CAST.filter((a) => a.kind === 'account' || a.kind === 'integration')) {
    const stats = await computeStats(store.db, viewer as Extract<Actor, { kind: 'account' | 'integration' }>, { from: start, to: new Date(clock + 1) }, now);
    checkRates(stats.totals, 'totals');
    for (const group of [...stats.byGrid, ...stats.byWorker, ...stats.byCategory, ...stats.bySource, ...stats.byMonth]) checkRates(group, 'group');
    assert.ok(stats.partyClaims.done <= stats.partyClaims.claims);
  }
});
