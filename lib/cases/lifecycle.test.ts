// Tests of the case state machine: every action × status × actor, the hand-over targets, ratings, deadlines and what the UI may offer.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CASE_STATUSES, type CaseStatus } from '@/db/schema';
import { addHours, RATING_WINDOW_HOURS } from './due';
import {
  availableActions,
  decide,
  isOverdue,
  pledgeMonth,
  RULES,
  type ActionInput,
  type ActionName,
  type Actor,
  type CasePatch,
  type CaseSnapshot,
  type Decision,
  type DecisionContext,
} from './lifecycle';

// ---- a small organisation tree --------------------------------------------------------------
// county /1/ ⊃ township /1/2/ ⊃ community /1/2/3/ ⊃ grid A /1/2/3/10/ ⊃ building /1/2/3/10/100/.
// Grid B is a neighbouring grid of the same community; /1/2/4/ is a neighbouring community.

const COMMUNITY = '/1/2/3/';
const OTHER_COMMUNITY = '/1/2/4/';
const GRID_A = '/1/2/3/10/';
const GRID_B = '/1/2/3/11/';
const BUILDING_A = '/1/2/3/10/100/';

const account = (id: number, role: Extract<Actor, { kind: 'account' }>['role'], paths: string[], unitId: number | null = null): Actor => ({
  kind: 'account',
  id,
  role,
  name: `#${id}`,
  scope: { paths },
  unitId,
});

/** Unit 5 is a co-building unit of the community, unit 6 another one; unit 9 is a county department. */
const ACTORS = {
  admin: account(1, 'admin', ['/1/']),
  townshipSecretary: account(2, 'secretary', ['/1/2/']),
  secretary: account(3, 'secretary', [COMMUNITY]),
  otherSecretary: account(4, 'secretary', [OTHER_COMMUNITY]),
  gridWorker: account(11, 'grid_worker', [GRID_A]),
  otherGridWorker: account(12, 'grid_worker', [GRID_B]),
  /** A second grid worker of grid A: in scope, but not the handler of grid worker 11's cases. */
  colleague: account(13, 'grid_worker', [GRID_A]),
  partyMember: account(21, 'party_member', [GRID_A]),
  otherPartyMember: account(22, 'party_member', [GRID_B]),
  liaison: account(31, 'unit_liaison', [COMMUNITY], 5),
  otherLiaison: account(32, 'unit_liaison', [COMMUNITY], 6),
  departmentLiaison: account(33, 'unit_liaison', ['/1/'], 9),
  integration: { kind: 'integration', id: 41, name: '12345 热线', scope: { paths: [COMMUNITY] } },
  otherIntegration: { kind: 'integration', id: 42, name: '12345 热线（府前）', scope: { paths: [OTHER_COMMUNITY] } },
  resident: { kind: 'resident' },
  system: { kind: 'system' },
} satisfies Record<string, Actor>;

type ActorName = keyof typeof ACTORS;
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

/** Who triages at grid level (escalation level 0): the grid, its supervisors and integrations. */
const TRIAGERS: ActorName[] = ['admin', 'townshipSecretary', 'secretary', 'gridWorker', 'colleague', 'integration'];
const SUPERVISORS: ActorName[] = ['admin', 'townshipSecretary', 'secretary'];

// ---- cases and context ----------------------------------------------------------------------

const NOW = new Date('2026-03-10T02:00:00Z');
const hoursFromNow = (h: number) => addHours(NOW, h);

const noHandler = { handlerKind: null, handlerAccountId: null, handlerUnitId: null } as const;
const onBoard = { handlerKind: 'board', handlerAccountId: null, handlerUnitId: null } as const;
const withGridWorker = { handlerKind: 'grid_worker', handlerAccountId: 11, handlerUnitId: null } as const;
const withPartyMember = { handlerKind: 'party_member', handlerAccountId: 21, handlerUnitId: null } as const;
const withUnit = { handlerKind: 'unit', handlerAccountId: null, handlerUnitId: 5 } as const;

function caseOf(status: CaseStatus, over: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    status,
    nodePath: BUILDING_A,
    categoryId: 7,
    urgency: 'normal',
    ...noHandler,
    escalationLevel: 0,
    acceptDueAt: hoursFromNow(20),
    resolveDueAt: status === 'submitted' ? null : hoursFromNow(100),
    rateDueAt: status === 'resolved' ? hoursFromNow(100) : null,
    extensionRequestedHours: null,
    reopenCount: 0,
    ...over,
  };
}

/** Time limits by "category:urgency"; an unexpected lookup fails loudly instead of guessing. */
const LIMITS: Record<string, { acceptHours: number; resolveHours: number }> = {
  '3:urgent': { acceptHours: 2, resolveHours: 36 },
  '7:normal': { acceptHours: 24, resolveHours: 72 },
  '7:urgent': { acceptHours: 1, resolveHours: 12 },
};

function ctx(extra: Partial<DecisionContext> = {}): DecisionContext {
  return {
    now: NOW,
    limits: (categoryId, urgency) => {
      const l = LIMITS[`${categoryId}:${urgency}`];
      if (!l) throw new Error(`no limits for ${categoryId}:${urgency}`);
      return l;
    },
    ...extra,
  };
}

const accountId = (a: Actor) => (a.kind === 'account' ? a.id : NaN);

function outcome(d: Decision): string {
  return d.ok ? 'ok' : d.code;
}

function expectOk(d: Decision): Extract<Decision, { ok: true }> {
  assert.ok(d.ok, `expected success, got ${outcome(d)}: ${d.ok ? '' : d.message}`);
  return d;
}

// ---- the matrix: every action, from every status, by every actor ----------------------------

type Expected = {
  to: CaseStatus;
  patch: CasePatch;
  event?: { note?: string | null; targetAccountId?: number; targetUnitId?: number; data?: Record<string, unknown> };
  notify?: Extract<Decision, { ok: true }>['notify'];
};

type Spec = {
  /** The statuses the action starts from, each with exactly who may take it there. */
  allowed: Partial<Record<CaseStatus, ActorName[]>>;
  /** The case (besides its status) the action is tried on. */
  fixture?: (status: CaseStatus) => Partial<CaseSnapshot>;
  input: ActionInput;
  context?: Partial<DecisionContext>;
  /** The full decision a permitted actor gets; the event's action/from/to are checked for every spec. */
  expect: (from: CaseStatus, actor: Actor) => Expected;
};

// Handing a case on also drops a pending extension request: it belonged to the previous handler.
const clearHandler = { handlerKind: null, handlerAccountId: null, handlerUnitId: null, extensionRequestedHours: null, extensionReason: null };

const SPECS: Record<ActionName, Spec> = {
  accept: {
    allowed: { submitted: TRIAGERS },
    input: { action: 'accept', categoryId: 3, urgency: 'urgent', note: '  已核实地点  ' },
    context: { category: { id: 3, active: true } },
    expect: () => ({
      to: 'accepted',
      patch: { status: 'accepted', categoryId: 3, urgency: 'urgent', acceptedAt: NOW, resolveDueAt: hoursFromNow(36) },
      event: { note: '已核实地点', data: { categoryId: 3, urgency: 'urgent' } },
    }),
  },
  reject: {
    allowed: { submitted: TRIAGERS, accepted: TRIAGERS },
    input: { action: 'reject', reason: '不属于社区职责范围' },
    expect: () => ({ to: 'rejected', patch: { status: 'rejected', ...clearHandler, closedAt: NOW }, event: { note: '不属于社区职责范围' } }),
  },
  mark_duplicate: {
    allowed: { submitted: TRIAGERS, accepted: TRIAGERS },
    input: { action: 'mark_duplicate', duplicateOf: 'YH20260309-0003' },
    context: { original: { id: 77, status: 'in_progress', coversCase: true, isSelf: false } },
    expect: () => ({
      to: 'duplicate',
      patch: { status: 'duplicate', ...clearHandler, duplicateOfId: 77, closedAt: NOW },
      event: { note: null, data: { duplicateOf: 'YH20260309-0003' } },
    }),
  },
  handle_self: {
    allowed: { accepted: ['gridWorker', 'colleague'] },
    input: { action: 'handle_self' },
    expect: (_from, a) => ({
      to: 'in_progress',
      patch: { status: 'in_progress', handlerKind: 'grid_worker', handlerAccountId: accountId(a), handlerUnitId: null },
      event: { note: null, targetAccountId: accountId(a) },
    }),
  },
  assign_worker: {
    allowed: { accepted: TRIAGERS },
    input: { action: 'assign_worker', accountId: 13, note: '请上门查看' },
    context: { targetAccount: { id: 13, role: 'grid_worker', coversCase: true } },
    expect: () => ({
      to: 'assigned',
      patch: { status: 'assigned', handlerKind: 'grid_worker', handlerAccountId: 13, handlerUnitId: null },
      event: { note: '请上门查看', targetAccountId: 13 },
      notify: [{ target: { to: 'account', accountId: 13 }, kind: 'assigned' }],
    }),
  },
  post_to_board: {
    allowed: { accepted: TRIAGERS },
    input: { action: 'post_to_board' },
    expect: () => ({ to: 'assigned', patch: { status: 'assigned', ...onBoard }, event: { note: null } }),
  },
  claim: {
    allowed: { assigned: ['partyMember'] },
    fixture: () => onBoard,
    input: { action: 'claim', note: '我来办' },
    expect: () => ({
      to: 'in_progress',
      patch: { status: 'in_progress', handlerKind: 'party_member', handlerAccountId: 21, handlerUnitId: null },
      event: { note: '我来办', targetAccountId: 21, data: { pledgeMonth: '2026-03' } },
    }),
  },
  hand_to_unit: {
    allowed: { accepted: TRIAGERS },
    input: { action: 'hand_to_unit', unitId: 5 },
    context: { targetUnit: { id: 5, kind: 'co_building', coversCase: true } },
    expect: () => ({
      to: 'assigned',
      patch: { status: 'assigned', handlerKind: 'unit', handlerUnitId: 5, handlerAccountId: null },
      event: { note: null, targetUnitId: 5 },
      notify: [{ target: { to: 'unit', unitId: 5 }, kind: 'assigned' }],
    }),
  },
  escalate: {
    // The handler may whistle too: the unit on an assigned case, the party member on a claimed one.
    allowed: { accepted: TRIAGERS, assigned: [...TRIAGERS, 'liaison'], in_progress: [...TRIAGERS, 'partyMember'] },
    fixture: (s) => (s === 'assigned' ? withUnit : s === 'in_progress' ? withPartyMember : noHandler),
    input: { action: 'escalate', reason: '需社区协调物业' },
    expect: (from) => ({
      to: 'accepted',
      patch: { ...(from === 'accepted' ? {} : { status: 'accepted' as const }), ...clearHandler, escalationLevel: 1 },
      event: { note: '需社区协调物业', data: { level: 1 } },
      notify: [{ target: { to: 'secretaries' }, kind: 'escalated', note: '需社区协调物业' }],
    }),
  },
  sign: {
    allowed: { assigned: ['liaison'] },
    fixture: () => withUnit,
    input: { action: 'sign' },
    expect: () => ({ to: 'in_progress', patch: { status: 'in_progress' }, event: { note: null } }),
  },
  return: {
    allowed: { assigned: ['liaison'], in_progress: ['liaison'] },
    fixture: () => withUnit,
    input: { action: 'return', reason: '不属于本单位职责' },
    expect: () => ({
      to: 'accepted',
      patch: { status: 'accepted', ...clearHandler },
      event: { note: '不属于本单位职责' },
      notify: [{ target: { to: 'grid_workers' }, kind: 'returned', note: '不属于本单位职责' }],
    }),
  },
  progress: {
    allowed: { in_progress: [...TRIAGERS, 'partyMember'] },
    fixture: () => withPartyMember,
    input: { action: 'progress', note: '已联系物业' },
    expect: () => ({ to: 'in_progress', patch: {}, event: { note: '已联系物业' } }),
  },
  request_extension: {
    allowed: { in_progress: ['partyMember'] },
    fixture: () => withPartyMember,
    input: { action: 'request_extension', hours: 48, reason: '等待配件' },
    expect: () => ({
      to: 'in_progress',
      patch: { extensionRequestedHours: 48, extensionReason: '等待配件' },
      event: { note: '等待配件', data: { hours: 48 } },
      notify: [{ target: { to: 'secretaries' }, kind: 'extension_requested', note: '等待配件' }],
    }),
  },
  decide_extension: {
    allowed: { in_progress: SUPERVISORS },
    fixture: () => ({ ...withPartyMember, extensionRequestedHours: 48 }),
    input: { action: 'decide_extension', grant: true },
    expect: () => ({
      to: 'in_progress',
      patch: { extensionRequestedHours: null, extensionReason: null, resolveDueAt: hoursFromNow(100 + 48) },
      event: { note: null, data: { grant: true, hours: 48 } },
      notify: [{ target: { to: 'handler' }, kind: 'extension_decided', note: '延期 48 小时已批准' }],
    }),
  },
  resolve: {
    allowed: { in_progress: ['gridWorker'] },
    fixture: () => withGridWorker,
    input: { action: 'resolve', note: '路灯已更换' },
    expect: () => ({
      to: 'resolved',
      patch: { status: 'resolved', resolvedAt: NOW, rateDueAt: hoursFromNow(RATING_WINDOW_HOURS), extensionRequestedHours: null, extensionReason: null },
      event: { note: '路灯已更换' },
    }),
  },
  rate: {
    // The resident through their private link, or staff of the case's place recording a follow-up (回访).
    allowed: { resolved: [...TRIAGERS, 'resident'] },
    fixture: () => withGridWorker,
    input: { action: 'rate', rating: 'satisfied', comment: '很满意' },
    expect: (_from, a) => ({
      to: 'closed',
      patch: { status: 'closed', rating: 'satisfied', ratingComment: '很满意', ratedAt: NOW, closeReason: 'rated', closedAt: NOW, rateDueAt: null },
      event: { note: '很满意', data: { rating: 'satisfied', via: a.kind === 'resident' ? 'resident' : 'follow_up' } },
    }),
  },
  supervise: {
    allowed: { submitted: SUPERVISORS, accepted: SUPERVISORS, assigned: SUPERVISORS, in_progress: SUPERVISORS },
    fixture: (s) => (s === 'assigned' ? withUnit : s === 'in_progress' ? withGridWorker : noHandler),
    input: { action: 'supervise', note: '请加快办理', dueAt: hoursFromNow(24) },
    expect: (from, a) => ({
      to: from,
      patch: {
        supervised: true,
        supervisionNote: '请加快办理',
        supervisedByAccountId: accountId(a),
        // Before acceptance the acceptance deadline is what runs; afterwards the resolution deadline.
        ...(from === 'submitted' ? { acceptDueAt: hoursFromNow(24) } : { resolveDueAt: hoursFromNow(24) }),
      },
      event: { note: '请加快办理', data: { dueAt: hoursFromNow(24).toISOString() } },
      notify: [{ target: from === 'assigned' || from === 'in_progress' ? { to: 'handler' } : { to: 'grid_workers' }, kind: 'supervised', note: '请加快办理' }],
    }),
  },
  auto_close: {
    allowed: { resolved: ['system'] },
    fixture: () => ({ ...withGridWorker, rateDueAt: hoursFromNow(-1) }),
    input: { action: 'auto_close' },
    expect: () => ({
      to: 'closed',
      // A rating left over from before a reopening is not the outcome: the case ends unrated.
      patch: { status: 'closed', closeReason: 'not_rated', closedAt: NOW, rateDueAt: null, rating: null, ratingComment: null },
      event: { note: '7 天内未评价，自动关闭（计为未评价）' },
    }),
  },
};

describe('every action × status × actor', () => {
  test('the matrix covers exactly the actions of RULES', () => {
    assert.deepEqual(Object.keys(SPECS).sort(), Object.keys(RULES).sort());
  });

  for (const [action, spec] of Object.entries(SPECS) as [ActionName, Spec][]) {
    test(`${action}: permitted where expected, refused elsewhere with the right code`, () => {
      for (const status of CASE_STATUSES) {
        const c = caseOf(status, spec.fixture?.(status));
        const permitted = spec.allowed[status];
        for (const name of ACTOR_NAMES) {
          const actor = ACTORS[name];
          const where = `${action} on a ${status} case by ${name}`;
          const d = decide(c, actor, spec.input, ctx(spec.context));
          const expectedCode = !permitted ? 'invalid_state' : permitted.includes(name) ? 'ok' : 'forbidden';
          assert.equal(outcome(d), expectedCode, where);
          // The UI offers an action exactly when deciding it would not be refused for state or role.
          assert.equal(availableActions(c, actor, NOW).includes(action), expectedCode === 'ok', `availableActions: ${where}`);
          if (!d.ok) continue;
          const e = spec.expect(status, actor);
          assert.deepEqual(d.patch, e.patch, `patch: ${where}`);
          assert.deepEqual(d.event, { action, from: status, to: e.to, note: null, ...e.event }, `event: ${where}`);
          assert.deepEqual(d.notify, e.notify ?? [], `notify: ${where}`);
        }
      }
    });
  }
});

// ---- scope and role, spelled out ----------------------------------------------------------------

describe('wrong role or wrong scope is forbidden', () => {
  test('a grid worker of another grid can neither triage nor supervise', () => {
    for (const input of [
      { action: 'accept', categoryId: 7, urgency: 'normal' },
      { action: 'reject', reason: '重复' },
    ] as ActionInput[]) {
      assert.equal(outcome(decide(caseOf('submitted'), ACTORS.otherGridWorker, input, ctx())), 'forbidden');
    }
    assert.equal(outcome(decide(caseOf('accepted'), ACTORS.otherGridWorker, { action: 'handle_self' }, ctx())), 'forbidden');
  });

  test('the secretary of another community is forbidden; the township secretary above both is not', () => {
    const supervise: ActionInput = { action: 'supervise', note: '请尽快处理' };
    assert.equal(outcome(decide(caseOf('accepted'), ACTORS.otherSecretary, supervise, ctx())), 'forbidden');
    assert.equal(outcome(decide(caseOf('accepted'), ACTORS.townshipSecretary, supervise, ctx())), 'ok');
  });

  test('a party member, a unit liaison or a resident cannot accept; the system cannot supervise', () => {
    const accept: ActionInput = { action: 'accept', categoryId: 7, urgency: 'normal' };
    for (const name of ['partyMember', 'liaison', 'resident'] as const) {
      assert.equal(outcome(decide(caseOf('submitted'), ACTORS[name], accept, ctx())), 'forbidden', name);
    }
    assert.equal(outcome(decide(caseOf('accepted'), ACTORS.system, { action: 'supervise', note: '督办' }, ctx())), 'forbidden');
  });

  test('wrong state wins over wrong role: a closed case refuses everyone with invalid_state', () => {
    for (const name of ACTOR_NAMES) {
      assert.deepEqual(availableActions(caseOf('closed'), ACTORS[name], NOW), [], name);
      assert.equal(outcome(decide(caseOf('closed'), ACTORS[name], { action: 'progress', note: '补充' }, ctx())), 'invalid_state', name);
    }
  });
});

// ---- hand-over targets -----------------------------------------------------------------------

describe('bad targets are invalid_input', () => {
  const accepted = caseOf('accepted');
  const assign: ActionInput = { action: 'assign_worker', accountId: 12 };

  test('accepting into a category that does not exist or has been retired', () => {
    const accept: ActionInput = { action: 'accept', categoryId: 3, urgency: 'normal' };
    for (const category of [undefined, { id: 3, active: false }]) {
      assert.equal(outcome(decide(caseOf('submitted'), ACTORS.gridWorker, accept, ctx({ category }))), 'invalid_input', JSON.stringify(category));
    }
  });

  test('assigning to a grid worker who does not cover the case, to a non-grid-worker, or to nobody', () => {
    const cases: DecisionContext['targetAccount'][] = [
      { id: 12, role: 'grid_worker', coversCase: false },
      { id: 21, role: 'party_member', coversCase: true },
      undefined,
    ];
    for (const targetAccount of cases) {
      assert.equal(outcome(decide(accepted, ACTORS.secretary, assign, ctx({ targetAccount }))), 'invalid_input', JSON.stringify(targetAccount));
    }
  });

  test('handing to a unit that does not serve this community (or an unknown unit)', () => {
    const hand: ActionInput = { action: 'hand_to_unit', unitId: 6 };
    assert.equal(outcome(decide(accepted, ACTORS.gridWorker, hand, ctx({ targetUnit: { id: 6, kind: 'co_building', coversCase: false } }))), 'invalid_input');
    assert.equal(outcome(decide(accepted, ACTORS.gridWorker, hand, ctx())), 'invalid_input');
  });

  test('escalating beyond the community must go to a department that covers the case', () => {
    const atCommunity = caseOf('accepted', { escalationLevel: 1 });
    const escalate: ActionInput = { action: 'escalate', reason: '需住建部门处理', unitId: 9 };
    const targets: DecisionContext['targetUnit'][] = [
      { id: 5, kind: 'co_building', coversCase: true },
      { id: 9, kind: 'department', coversCase: false },
      undefined,
    ];
    for (const targetUnit of targets) {
      assert.equal(outcome(decide(atCommunity, ACTORS.secretary, escalate, ctx({ targetUnit }))), 'invalid_input', JSON.stringify(targetUnit));
    }
  });

  test('a duplicate must point at another, valid case the actor can see', () => {
    const dup: ActionInput = { action: 'mark_duplicate', duplicateOf: 'YH20260309-0003' };
    const originals: DecisionContext['original'][] = [
      { id: 1, status: 'accepted', coversCase: true, isSelf: true },
      { id: 2, status: 'rejected', coversCase: true, isSelf: false },
      { id: 3, status: 'duplicate', coversCase: true, isSelf: false },
      { id: 4, status: 'accepted', coversCase: false, isSelf: false },
      undefined,
    ];
    for (const original of originals) {
      assert.equal(outcome(decide(caseOf('submitted'), ACTORS.gridWorker, dup, ctx({ original }))), 'invalid_input', JSON.stringify(original));
    }
    // A closed original is a fine original: the resident gets pointed at its outcome.
    const closed = ctx({ original: { id: 5, status: 'closed', coversCase: true, isSelf: false } });
    assert.equal(outcome(decide(caseOf('submitted'), ACTORS.gridWorker, dup, closed)), 'ok');
  });

  test('supervising with a deadline that is not in the future', () => {
    for (const dueAt of [hoursFromNow(-1), NOW]) {
      const d = decide(caseOf('in_progress', withGridWorker), ACTORS.secretary, { action: 'supervise', note: '督办', dueAt }, ctx());
      assert.equal(outcome(d), 'invalid_input', dueAt.toISOString());
    }
  });

  test('supervising without a new deadline keeps the deadlines and still notifies', () => {
    const d = expectOk(decide(caseOf('accepted'), ACTORS.secretary, { action: 'supervise', note: ' 请本周内办结 ' }, ctx()));
    assert.deepEqual(d.patch, { supervised: true, supervisionNote: '请本周内办结', supervisedByAccountId: 3 });
    assert.deepEqual(d.event.data, {});
  });
});

// ---- escalation (吹哨) ------------------------------------------------------------------------

describe('escalation', () => {
  const escalated = caseOf('accepted', { escalationLevel: 1 });

  test('after 吹哨 to the community the grid worker can no longer triage, but the secretary can', () => {
    const triage: [ActionInput, Partial<DecisionContext>][] = [
      [{ action: 'reject', reason: '不属实' }, {}],
      [{ action: 'mark_duplicate', duplicateOf: 'YH20260309-0003' }, { original: { id: 77, status: 'accepted', coversCase: true, isSelf: false } }],
      [{ action: 'assign_worker', accountId: 13 }, { targetAccount: { id: 13, role: 'grid_worker', coversCase: true } }],
      [{ action: 'post_to_board' }, {}],
      [{ action: 'hand_to_unit', unitId: 5 }, { targetUnit: { id: 5, kind: 'co_building', coversCase: true } }],
      [{ action: 'escalate', reason: '需部门处理', unitId: 9 }, { targetUnit: { id: 9, kind: 'department', coversCase: true } }],
    ];
    for (const [input, extra] of triage) {
      assert.equal(outcome(decide(escalated, ACTORS.gridWorker, input, ctx(extra))), 'forbidden', `grid worker: ${input.action}`);
      assert.equal(outcome(decide(escalated, ACTORS.integration, input, ctx(extra))), 'forbidden', `integration: ${input.action}`);
      assert.equal(outcome(decide(escalated, ACTORS.secretary, input, ctx(extra))), 'ok', `secretary: ${input.action}`);
    }
    assert.equal(outcome(decide(escalated, ACTORS.gridWorker, { action: 'handle_self' }, ctx())), 'forbidden');
    assert.deepEqual(availableActions(escalated, ACTORS.gridWorker, NOW), []);
  });

  test('the second 吹哨 goes to a department: assigned to the unit at level 2, the unit is told', () => {
    const d = expectOk(
      decide(escalated, ACTORS.secretary, { action: 'escalate', reason: '需住建部门处理', unitId: 9 }, ctx({ targetUnit: { id: 9, kind: 'department', coversCase: true } })),
    );
    assert.deepEqual(d.patch, { status: 'assigned', handlerKind: 'unit', handlerUnitId: 9, handlerAccountId: null, escalationLevel: 2 });
    assert.deepEqual(d.event, { action: 'escalate', from: 'accepted', to: 'assigned', note: '需住建部门处理', targetUnitId: 9, data: { level: 2 } });
    assert.deepEqual(d.notify, [{ target: { to: 'unit', unitId: 9 }, kind: 'escalated', note: '需住建部门处理' }]);
  });

  test('a case at the department cannot be escalated further', () => {
    const atDepartment = caseOf('in_progress', { escalationLevel: 2, handlerKind: 'unit', handlerUnitId: 9 });
    assert.equal(outcome(decide(atDepartment, ACTORS.secretary, { action: 'escalate', reason: '再升级' }, ctx())), 'invalid_state');
  });

  test('a unit returning an escalated case hands it back to the secretaries, not the grid', () => {
    const atDepartment = caseOf('assigned', { escalationLevel: 2, handlerKind: 'unit', handlerUnitId: 9 });
    const d = expectOk(decide(atDepartment, ACTORS.departmentLiaison, { action: 'return', reason: '不属于本部门职责' }, ctx()));
    assert.deepEqual(d.patch, { status: 'accepted', ...clearHandler });
    assert.deepEqual(d.notify, [{ target: { to: 'secretaries' }, kind: 'returned', note: '不属于本部门职责' }]);
  });
});

// ---- the claim board (党员每月一件事) -------------------------------------------------------------

describe('the claim board', () => {
  test('a party member of the grid claims a board case; it becomes theirs, counted for this month', () => {
    const d = expectOk(decide(caseOf('assigned', onBoard), ACTORS.partyMember, { action: 'claim' }, ctx()));
    assert.equal(d.patch.handlerKind, 'party_member');
    assert.equal(d.patch.handlerAccountId, 21);
    assert.deepEqual(d.event.data, { pledgeMonth: '2026-03' });
  });

  test('a party member of another grid cannot claim it', () => {
    assert.equal(outcome(decide(caseOf('assigned', onBoard), ACTORS.otherPartyMember, { action: 'claim' }, ctx())), 'forbidden');
  });

  test('a case assigned to a grid worker or a unit is not on the board and cannot be claimed', () => {
    for (const handler of [withGridWorker, withUnit]) {
      assert.equal(outcome(decide(caseOf('assigned', handler), ACTORS.partyMember, { action: 'claim' }, ctx())), 'invalid_state', handler.handlerKind);
    }
  });

  test('a board case cannot be signed for or returned: nobody holds it yet', () => {
    assert.equal(outcome(decide(caseOf('assigned', onBoard), ACTORS.gridWorker, { action: 'sign' }, ctx())), 'invalid_state');
    assert.equal(outcome(decide(caseOf('assigned', onBoard), ACTORS.gridWorker, { action: 'return', reason: '无人认领' }, ctx())), 'invalid_state');
  });
});

// ---- handler-only actions --------------------------------------------------------------------------

describe('only the handler signs, returns, resolves and asks for more time', () => {
  const handlerOnly: [CaseStatus, ActionInput][] = [
    ['assigned', { action: 'sign' }],
    ['assigned', { action: 'return', reason: '不属于我的职责' }],
    ['in_progress', { action: 'return', reason: '不属于我的职责' }],
    ['in_progress', { action: 'resolve', note: '已处理' }],
    ['in_progress', { action: 'request_extension', hours: 24, reason: '等待配件' }],
  ];

  test('the assigned grid worker may; a colleague of the same grid and the secretary may not', () => {
    for (const [status, input] of handlerOnly) {
      const c = caseOf(status, withGridWorker);
      assert.equal(outcome(decide(c, ACTORS.gridWorker, input, ctx())), 'ok', `handler: ${input.action}`);
      assert.equal(outcome(decide(c, ACTORS.colleague, input, ctx())), 'forbidden', `colleague: ${input.action}`);
      assert.equal(outcome(decide(c, ACTORS.secretary, input, ctx())), 'forbidden', `secretary: ${input.action}`);
    }
  });

  test("the liaison of the handling unit may; another unit's liaison and the department's may not", () => {
    for (const [status, input] of handlerOnly) {
      const c = caseOf(status, withUnit);
      assert.equal(outcome(decide(c, ACTORS.liaison, input, ctx())), 'ok', `own unit: ${input.action}`);
      assert.equal(outcome(decide(c, ACTORS.otherLiaison, input, ctx())), 'forbidden', `other unit: ${input.action}`);
      assert.equal(outcome(decide(c, ACTORS.departmentLiaison, input, ctx())), 'forbidden', `department: ${input.action}`);
    }
  });

  test('the party member who claimed it resolves it; a claimed case is not signed for', () => {
    const c = caseOf('in_progress', withPartyMember);
    assert.equal(outcome(decide(c, ACTORS.partyMember, { action: 'resolve', note: '已送餐上门' }, ctx())), 'ok');
    assert.equal(outcome(decide(c, ACTORS.otherPartyMember, { action: 'resolve', note: '已送餐上门' }, ctx())), 'forbidden');
    assert.equal(outcome(decide(caseOf('assigned', withPartyMember), ACTORS.partyMember, { action: 'sign' }, ctx())), 'invalid_state');
  });

  test('a grid worker signing for an assigned case starts work on it', () => {
    const d = expectOk(decide(caseOf('assigned', withGridWorker), ACTORS.gridWorker, { action: 'sign', note: '收到' }, ctx()));
    assert.deepEqual(d.patch, { status: 'in_progress' });
    assert.equal(d.event.note, '收到');
  });
});

// ---- extensions --------------------------------------------------------------------------------

describe('extensions', () => {
  const requested = caseOf('in_progress', { ...withUnit, resolveDueAt: hoursFromNow(5), extensionRequestedHours: 72 });

  test('a pending request blocks a second one and is decided only by a supervisor', () => {
    assert.equal(outcome(decide(requested, ACTORS.liaison, { action: 'request_extension', hours: 24, reason: '再等等' }, ctx())), 'invalid_state');
    assert.equal(outcome(decide(requested, ACTORS.gridWorker, { action: 'decide_extension', grant: true }, ctx())), 'forbidden');
    assert.equal(outcome(decide(caseOf('in_progress', withUnit), ACTORS.secretary, { action: 'decide_extension', grant: true }, ctx())), 'invalid_state');
  });

  test('granting extends the resolve deadline by the requested hours', () => {
    const d = expectOk(decide(requested, ACTORS.secretary, { action: 'decide_extension', grant: true, note: '同意' }, ctx()));
    assert.deepEqual(d.patch, { extensionRequestedHours: null, extensionReason: null, resolveDueAt: hoursFromNow(5 + 72) });
    assert.deepEqual(d.event.data, { grant: true, hours: 72 });
    assert.deepEqual(d.notify, [{ target: { to: 'handler' }, kind: 'extension_decided', note: '延期 72 小时已批准' }]);
  });

  test('refusing clears the request and leaves the deadline alone', () => {
    const d = expectOk(decide(requested, ACTORS.secretary, { action: 'decide_extension', grant: false, note: '请按期办结' }, ctx()));
    assert.deepEqual(d.patch, { extensionRequestedHours: null, extensionReason: null });
    assert.equal('resolveDueAt' in d.patch, false);
    assert.deepEqual(d.event.data, { grant: false, hours: 72 });
    assert.deepEqual(d.notify, [{ target: { to: 'handler' }, kind: 'extension_decided', note: '延期申请未批准' }]);
  });

  test('resolving drops a pending request', () => {
    const d = expectOk(decide(requested, ACTORS.liaison, { action: 'resolve', note: '已修复' }, ctx()));
    assert.equal(d.patch.extensionRequestedHours, null);
    assert.equal(d.patch.extensionReason, null);
  });
});

// ---- rating and closing ------------------------------------------------------------------------

describe('rating', () => {
  const resolved = caseOf('resolved', { ...withUnit, urgency: 'urgent', reopenCount: 2, rateDueAt: hoursFromNow(100) });

  test('the resident rating satisfied or basically satisfied closes the case as rated', () => {
    for (const rating of ['satisfied', 'basically'] as const) {
      const d = expectOk(decide(resolved, ACTORS.resident, { action: 'rate', rating }, ctx()));
      assert.deepEqual(d.patch, { status: 'closed', rating, ratingComment: null, ratedAt: NOW, closeReason: 'rated', closedAt: NOW, rateDueAt: null });
      assert.deepEqual(d.event.data, { rating, via: 'resident' });
      assert.deepEqual(d.notify, []);
    }
  });

  test('unsatisfied reopens it with the handler kept, one more reopen, and a fresh resolve deadline from the limits', () => {
    const d = expectOk(decide(resolved, ACTORS.resident, { action: 'rate', rating: 'unsatisfied', comment: '灯还是不亮' }, ctx()));
    assert.deepEqual(d.patch, {
      status: 'in_progress',
      rating: 'unsatisfied',
      ratingComment: '灯还是不亮',
      ratedAt: NOW,
      reopenCount: 3,
      resolvedAt: null,
      rateDueAt: null,
      resolveDueAt: hoursFromNow(LIMITS['7:urgent']!.resolveHours),
    });
    assert.deepEqual(d.event, { action: 'rate', from: 'resolved', to: 'in_progress', note: '灯还是不亮', data: { rating: 'unsatisfied', via: 'resident' } });
    assert.deepEqual(d.notify, [{ target: { to: 'handler' }, kind: 'reopened', note: '灯还是不亮' }]);
  });

  test('a grid worker of the place records a follow-up (回访) rating; one of another grid cannot', () => {
    const d = expectOk(decide(resolved, ACTORS.gridWorker, { action: 'rate', rating: 'basically', comment: '电话回访' }, ctx()));
    assert.deepEqual(d.event.data, { rating: 'basically', via: 'follow_up' });
    assert.equal(outcome(decide(resolved, ACTORS.otherGridWorker, { action: 'rate', rating: 'satisfied' }, ctx())), 'forbidden');
  });

  test('the unit that did the work cannot rate itself', () => {
    assert.equal(outcome(decide(resolved, ACTORS.liaison, { action: 'rate', rating: 'satisfied' }, ctx())), 'forbidden');
  });
});

describe('auto_close', () => {
  const resolvedUntil = (rateDueAt: Date | null) => caseOf('resolved', { ...withGridWorker, rateDueAt });

  test('only the system closes, and only once the rating window has ended', () => {
    assert.equal(outcome(decide(resolvedUntil(new Date(NOW.getTime() + 1)), ACTORS.system, { action: 'auto_close' }, ctx())), 'invalid_state');
    assert.equal(outcome(decide(resolvedUntil(null), ACTORS.system, { action: 'auto_close' }, ctx())), 'invalid_state');
    assert.equal(outcome(decide(resolvedUntil(NOW), ACTORS.system, { action: 'auto_close' }, ctx())), 'ok');
    assert.equal(outcome(decide(resolvedUntil(new Date(NOW.getTime() - 1)), ACTORS.system, { action: 'auto_close' }, ctx())), 'ok');
    for (const name of ['admin', 'secretary', 'gridWorker', 'resident', 'integration'] as const) {
      assert.equal(outcome(decide(resolvedUntil(hoursFromNow(-1)), ACTORS[name], { action: 'auto_close' }, ctx())), 'forbidden', name);
    }
  });

  test('it closes as not rated', () => {
    const d = expectOk(decide(resolvedUntil(hoursFromNow(-1)), ACTORS.system, { action: 'auto_close' }, ctx()));
    assert.equal(d.patch.closeReason, 'not_rated');
    assert.equal(d.patch.status, 'closed');
    assert.equal(d.patch.rating, null, 'an earlier unsatisfied rating is not kept as the outcome');
  });
});

// ---- what the UI offers -----------------------------------------------------------------------------

describe('availableActions lists exactly what each actor may do', () => {
  const cases: [string, CaseSnapshot, ActorName, ActionName[]][] = [
    ['new case, grid worker', caseOf('submitted'), 'gridWorker', ['accept', 'reject', 'mark_duplicate']],
    ['new case, secretary', caseOf('submitted'), 'secretary', ['accept', 'reject', 'mark_duplicate', 'supervise']],
    ['new case, party member', caseOf('submitted'), 'partyMember', []],
    [
      'accepted, grid worker',
      caseOf('accepted'),
      'gridWorker',
      ['reject', 'mark_duplicate', 'handle_self', 'assign_worker', 'post_to_board', 'hand_to_unit', 'escalate'],
    ],
    ['accepted, other grid', caseOf('accepted'), 'otherGridWorker', []],
    [
      'escalated, secretary',
      caseOf('accepted', { escalationLevel: 1 }),
      'secretary',
      ['reject', 'mark_duplicate', 'assign_worker', 'post_to_board', 'hand_to_unit', 'escalate', 'supervise'],
    ],
    ['on the board, party member of the grid', caseOf('assigned', onBoard), 'partyMember', ['claim']],
    ['on the board, party member elsewhere', caseOf('assigned', onBoard), 'otherPartyMember', []],
    ['on the board, grid worker', caseOf('assigned', onBoard), 'gridWorker', ['escalate']],
    ['with a unit, its liaison', caseOf('assigned', withUnit), 'liaison', ['escalate', 'sign', 'return']],
    ['with a unit, another liaison', caseOf('assigned', withUnit), 'otherLiaison', []],
    ['claimed, the party member', caseOf('in_progress', withPartyMember), 'partyMember', ['escalate', 'return', 'progress', 'request_extension', 'resolve']],
    ['claimed, the grid worker', caseOf('in_progress', withPartyMember), 'gridWorker', ['escalate', 'progress']],
    [
      'extension asked, secretary',
      caseOf('in_progress', { ...withPartyMember, extensionRequestedHours: 24 }),
      'secretary',
      ['escalate', 'progress', 'decide_extension', 'supervise'],
    ],
    ['extension asked, the party member', caseOf('in_progress', { ...withPartyMember, extensionRequestedHours: 24 }), 'partyMember', ['escalate', 'return', 'progress', 'resolve']],
    ['resolved, resident', caseOf('resolved', withGridWorker), 'resident', ['rate']],
    ['resolved, the system in the window', caseOf('resolved', withGridWorker), 'system', []],
    ['resolved, the system after the window', caseOf('resolved', { ...withGridWorker, rateDueAt: hoursFromNow(-1) }), 'system', ['auto_close']],
    ['resolved, the handling party member', caseOf('resolved', withPartyMember), 'partyMember', []],
    ['rejected, secretary', caseOf('rejected'), 'secretary', []],
  ];
  for (const [label, c, name, expected] of cases) {
    test(label, () => assert.deepEqual(availableActions(c, ACTORS[name], NOW), expected));
  }
});

// ---- deadlines and months ------------------------------------------------------------------------------

describe('isOverdue', () => {
  const ms = (n: number) => new Date(NOW.getTime() + n);

  test('a new case is overdue strictly after its acceptance deadline', () => {
    assert.equal(isOverdue({ status: 'submitted', acceptDueAt: ms(1), resolveDueAt: null }, NOW), false);
    assert.equal(isOverdue({ status: 'submitted', acceptDueAt: NOW, resolveDueAt: null }, NOW), false);
    assert.equal(isOverdue({ status: 'submitted', acceptDueAt: ms(-1), resolveDueAt: null }, NOW), true);
  });

  test('an open case is overdue strictly after its resolve deadline; the acceptance deadline no longer counts', () => {
    for (const status of ['accepted', 'assigned', 'in_progress'] as const) {
      assert.equal(isOverdue({ status, acceptDueAt: ms(-999_999), resolveDueAt: NOW }, NOW), false, status);
      assert.equal(isOverdue({ status, acceptDueAt: ms(-999_999), resolveDueAt: ms(-1) }, NOW), true, status);
      assert.equal(isOverdue({ status, acceptDueAt: ms(-999_999), resolveDueAt: null }, NOW), false, status);
    }
  });

  test('resolved and final cases are never overdue', () => {
    for (const status of ['resolved', 'closed', 'rejected', 'duplicate'] as const) {
      assert.equal(isOverdue({ status, acceptDueAt: ms(-999_999), resolveDueAt: ms(-999_999) }, NOW), false, status);
    }
  });
});

describe('pledgeMonth counts a claim in China time', () => {
  const cases: [string, string][] = [
    ['2026-10-31T15:59:59.999Z', '2026-10'],
    ['2026-10-31T16:00:00.000Z', '2026-11'],
    ['2026-10-31T17:00:00.000Z', '2026-11'],
    ['2026-12-31T16:30:00.000Z', '2027-01'],
    ['2026-03-01T00:00:00.000Z', '2026-03'],
  ];
  for (const [utc, month] of cases) {
    test(`${utc} → ${month}`, () => assert.equal(pledgeMonth(new Date(utc)), month));
  }
});
