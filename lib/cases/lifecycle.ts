// The case state machine: states, actions, who may take each in which scope, and the deadlines each starts.
// Pure: (case, actor, input, context) → decision. Pages, server actions, the API and tests all use it.
import type { CaseStatus, HandlerKind, Rating, Role, Urgency } from '@/db/schema';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { addHours, RATING_WINDOW_HOURS } from './due';

export type Actor =
  | { kind: 'account'; id: number; role: Role; name: string; scope: Scope; unitId: number | null }
  | { kind: 'integration'; id: number; name: string; scope: Scope }
  /** Whoever holds the private status link of this very case. */
  | { kind: 'resident' }
  | { kind: 'system' };

/** The fields of a case the rules look at. */
export type CaseSnapshot = {
  status: CaseStatus;
  nodePath: string;
  categoryId: number | null;
  urgency: Urgency;
  handlerKind: HandlerKind | null;
  handlerAccountId: number | null;
  handlerUnitId: number | null;
  escalationLevel: number;
  acceptDueAt: Date;
  resolveDueAt: Date | null;
  rateDueAt: Date | null;
  extensionRequestedHours: number | null;
  reopenCount: number;
};

export type ActionInput =
  | { action: 'accept'; categoryId: number; urgency: Urgency; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'mark_duplicate'; duplicateOf: string; note?: string }
  | { action: 'handle_self'; note?: string }
  | { action: 'assign_worker'; accountId: number; note?: string }
  | { action: 'post_to_board'; note?: string }
  | { action: 'claim'; note?: string }
  | { action: 'hand_to_unit'; unitId: number; note?: string }
  | { action: 'escalate'; reason: string; unitId?: number }
  | { action: 'sign'; note?: string }
  | { action: 'return'; reason: string }
  | { action: 'progress'; note: string }
  | { action: 'request_extension'; hours: number; reason: string }
  | { action: 'decide_extension'; grant: boolean; note?: string }
  | { action: 'resolve'; note: string }
  | { action: 'rate'; rating: Rating; comment?: string }
  | { action: 'supervise'; note: string; dueAt?: Date }
  | { action: 'auto_close' };

export type ActionName = ActionInput['action'];

/** What the command layer looked up for the rules: limits, and the target of a hand-over. */
export type DecisionContext = {
  now: Date;
  limits: (categoryId: number | null, urgency: Urgency) => { acceptHours: number; resolveHours: number };
  /** accept: the chosen category, when it exists; a retired one may not be given to new work. */
  category?: { id: number; active: boolean };
  targetAccount?: { id: number; role: Role; coversCase: boolean };
  targetUnit?: { id: number; kind: 'co_building' | 'department'; coversCase: boolean };
  original?: { id: number; status: CaseStatus; coversCase: boolean; isSelf: boolean };
};

export type CasePatch = Partial<{
  status: CaseStatus;
  categoryId: number;
  urgency: Urgency;
  handlerKind: HandlerKind | null;
  handlerAccountId: number | null;
  handlerUnitId: number | null;
  escalationLevel: number;
  acceptDueAt: Date;
  resolveDueAt: Date | null;
  rateDueAt: Date | null;
  supervised: boolean;
  supervisionNote: string;
  supervisedByAccountId: number;
  extensionRequestedHours: number | null;
  extensionReason: string | null;
  duplicateOfId: number;
  rating: Rating | null;
  ratingComment: string | null;
  reopenCount: number;
  closeReason: 'rated' | 'not_rated';
  acceptedAt: Date;
  resolvedAt: Date | null;
  ratedAt: Date;
  closedAt: Date;
}>;

/** Who hears about a decision, resolved to accounts by the command layer. */
export type NotifyTarget =
  | { to: 'account'; accountId: number }
  | { to: 'unit'; unitId: number }
  | { to: 'grid_workers' }
  | { to: 'secretaries' }
  | { to: 'handler' };

export type Decision =
  | {
      ok: true;
      patch: CasePatch;
      event: {
        action: ActionName;
        from: CaseStatus;
        to: CaseStatus;
        note: string | null;
        targetAccountId?: number;
        targetUnitId?: number;
        data?: Record<string, unknown>;
      };
      notify: { target: NotifyTarget; kind: NotificationKind; note?: string }[];
    }
  | { ok: false; code: 'forbidden' | 'invalid_state' | 'invalid_input'; message: string };

type NotificationKind = 'assigned' | 'supervised' | 'returned' | 'reopened' | 'escalated' | 'extension_requested' | 'extension_decided';

export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress'];
export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'rejected', 'duplicate'];

// ---- who is who, relative to one case --------------------------------------------------------

function inScope(c: CaseSnapshot, a: Actor): boolean {
  return (a.kind === 'account' || a.kind === 'integration') && isWithinScope(a.scope, c.nodePath);
}

function isSupervisor(c: CaseSnapshot, a: Actor): boolean {
  return a.kind === 'account' && (a.role === 'secretary' || a.role === 'admin') && inScope(c, a);
}

/**
 * Triage (accept, route, reject) belongs to the grid at level 0; once a case is escalated to
 * the community, to the secretary. Integrations triage within their scope, like the grid.
 */
function isTriager(c: CaseSnapshot, a: Actor): boolean {
  if (isSupervisor(c, a)) return true;
  if (c.escalationLevel > 0) return false;
  return (a.kind === 'account' && a.role === 'grid_worker' && inScope(c, a)) || (a.kind === 'integration' && inScope(c, a));
}

function isHandler(c: CaseSnapshot, a: Actor): boolean {
  if (a.kind !== 'account') return false;
  if (c.handlerKind === 'grid_worker' || c.handlerKind === 'party_member') return c.handlerAccountId === a.id;
  if (c.handlerKind === 'unit') return a.role === 'unit_liaison' && a.unitId !== null && a.unitId === c.handlerUnitId;
  return false;
}

/** A grid worker or secretary recording a follow-up (回访) rating; or the resident themself. */
function mayRate(c: CaseSnapshot, a: Actor): boolean {
  if (a.kind === 'resident') return true;
  if (a.kind === 'integration') return inScope(c, a);
  return a.kind === 'account' && (a.role === 'grid_worker' || a.role === 'secretary' || a.role === 'admin') && inScope(c, a);
}

// ---- the rule table -------------------------------------------------------------------------

type Rule = {
  from: readonly CaseStatus[];
  /** Extra condition on the case, beyond its status. */
  when?: (c: CaseSnapshot, now: Date) => boolean;
  who: (c: CaseSnapshot, a: Actor) => boolean;
};

export const RULES: Record<ActionName, Rule> = {
  accept: { from: ['submitted'], who: isTriager },
  reject: { from: ['submitted', 'accepted'], who: isTriager },
  mark_duplicate: { from: ['submitted', 'accepted'], who: isTriager },
  handle_self: {
    from: ['accepted'],
    who: (c, a) => a.kind === 'account' && a.role === 'grid_worker' && c.escalationLevel === 0 && inScope(c, a),
  },
  assign_worker: { from: ['accepted'], who: isTriager },
  post_to_board: { from: ['accepted'], who: isTriager },
  claim: {
    from: ['assigned'],
    when: (c) => c.handlerKind === 'board',
    who: (c, a) => a.kind === 'account' && a.role === 'party_member' && inScope(c, a),
  },
  hand_to_unit: { from: ['accepted'], who: isTriager },
  escalate: {
    from: ['accepted', 'assigned', 'in_progress'],
    when: (c) => c.escalationLevel < 2,
    who: (c, a) => isTriager(c, a) || isHandler(c, a) || isSupervisor(c, a),
  },
  sign: { from: ['assigned'], when: (c) => c.handlerKind === 'grid_worker' || c.handlerKind === 'unit', who: isHandler },
  return: { from: ['assigned', 'in_progress'], when: (c) => c.handlerKind !== 'board', who: isHandler },
  progress: { from: ['in_progress'], who: (c, a) => isHandler(c, a) || isTriager(c, a) || isSupervisor(c, a) },
  request_extension: { from: ['in_progress'], when: (c) => c.extensionRequestedHours === null, who: isHandler },
  decide_extension: { from: ['in_progress'], when: (c) => c.extensionRequestedHours !== null, who: isSupervisor },
  resolve: { from: ['in_progress'], who: isHandler },
  rate: { from: ['resolved'], who: mayRate },
  supervise: { from: OPEN_STATUSES, who: isSupervisor },
  auto_close: { from: ['resolved'], when: (c, now) => c.rateDueAt !== null && c.rateDueAt <= now, who: (_c, a) => a.kind === 'system' },
};

/** The actions this actor may take on this case now; the UI offers exactly these. */
export function availableActions(c: CaseSnapshot, actor: Actor, now: Date): ActionName[] {
  return (Object.keys(RULES) as ActionName[]).filter((name) => {
    const rule = RULES[name];
    return rule.from.includes(c.status) && (rule.when?.(c, now) ?? true) && rule.who(c, actor);
  });
}

export function isOverdue(c: Pick<CaseSnapshot, 'status' | 'acceptDueAt' | 'resolveDueAt'>, now: Date): boolean {
  return isOverdueAt({ status: c.status, acceptDueAt: c.acceptDueAt.getTime(), resolveDueAt: c.resolveDueAt?.getTime() ?? null }, now.getTime());
}

/** `isOverdue` with the instants in epoch milliseconds (the ledger export reads them so, without a Date per row). */
export function isOverdueAt(c: { status: CaseSnapshot['status']; acceptDueAt: number; resolveDueAt: number | null }, now: number): boolean {
  if (c.status === 'submitted') return c.acceptDueAt < now;
  if (c.status === 'accepted' || c.status === 'assigned' || c.status === 'in_progress') return c.resolveDueAt !== null && c.resolveDueAt < now;
  return false;
}

// ---- deciding ---------------------------------------------------------------------------------

const refuse = (code: 'forbidden' | 'invalid_state' | 'invalid_input', message: string): Decision => ({ ok: false, code, message });

// A pending extension request belongs to the handler who asked; it goes when the case changes hands.
const clearHandler = { handlerKind: null, handlerAccountId: null, handlerUnitId: null, extensionRequestedHours: null, extensionReason: null } as const;

export function decide(c: CaseSnapshot, actor: Actor, input: ActionInput, ctx: DecisionContext): Decision {
  const rule = RULES[input.action];
  const { now } = ctx;
  if (!rule.from.includes(c.status) || !(rule.when?.(c, now) ?? true)) {
    return refuse('invalid_state', '该事项当前状态下不能执行此操作，请刷新后查看最新进展。');
  }
  if (!rule.who(c, actor)) return refuse('forbidden', '您无权对该事项执行此操作。');

  const from = c.status;
  const ok = (
    to: CaseStatus,
    patch: CasePatch,
    note: string | null | undefined,
    extra: Partial<Extract<Decision, { ok: true }>['event']> = {},
    notify: Extract<Decision, { ok: true }>['notify'] = [],
  ): Decision => ({
    ok: true,
    patch: to === from ? patch : { status: to, ...patch },
    event: { action: input.action, from, to, note: note?.trim() || null, ...extra },
    notify,
  });

  switch (input.action) {
    case 'accept': {
      if (!ctx.category?.active) return refuse('invalid_input', '请选择有效的事项分类。');
      const { resolveHours } = ctx.limits(input.categoryId, input.urgency);
      return ok(
        'accepted',
        { categoryId: input.categoryId, urgency: input.urgency, acceptedAt: now, resolveDueAt: addHours(now, resolveHours) },
        input.note,
        { data: { categoryId: input.categoryId, urgency: input.urgency } },
      );
    }
    case 'reject':
      return ok('rejected', { ...clearHandler, closedAt: now }, input.reason);
    case 'mark_duplicate': {
      const o = ctx.original;
      if (!o || !o.coversCase) return refuse('invalid_input', '找不到被重复的原事项，请核对编号。');
      if (o.isSelf) return refuse('invalid_input', '不能把事项标记为与自身重复。');
      if (o.status === 'duplicate' || o.status === 'rejected') return refuse('invalid_input', '原事项本身已被标记重复或不予受理，请关联到有效的原事项。');
      return ok('duplicate', { ...clearHandler, duplicateOfId: o.id, closedAt: now }, input.note, { data: { duplicateOf: input.duplicateOf } });
    }
    case 'handle_self':
      return ok('in_progress', { handlerKind: 'grid_worker', handlerAccountId: actorId(actor), handlerUnitId: null }, input.note, {
        targetAccountId: actorId(actor),
      });
    case 'assign_worker': {
      const t = ctx.targetAccount;
      if (!t || t.role !== 'grid_worker' || !t.coversCase) return refuse('invalid_input', '请选择负责该网格的网格员。');
      return ok('assigned', { handlerKind: 'grid_worker', handlerAccountId: t.id, handlerUnitId: null }, input.note, { targetAccountId: t.id }, [
        { target: { to: 'account', accountId: t.id }, kind: 'assigned' },
      ]);
    }
    case 'post_to_board':
      return ok('assigned', { handlerKind: 'board', handlerAccountId: null, handlerUnitId: null }, input.note);
    case 'claim':
      return ok('in_progress', { handlerKind: 'party_member', handlerAccountId: actorId(actor), handlerUnitId: null }, input.note, {
        targetAccountId: actorId(actor),
        data: { pledgeMonth: pledgeMonth(now) },
      });
    case 'hand_to_unit': {
      const u = ctx.targetUnit;
      if (!u || !u.coversCase) return refuse('invalid_input', '请选择服务本社区的共建单位或职能部门。');
      return ok('assigned', { handlerKind: 'unit', handlerUnitId: u.id, handlerAccountId: null }, input.note, { targetUnitId: u.id }, [
        { target: { to: 'unit', unitId: u.id }, kind: 'assigned' },
      ]);
    }
    case 'escalate': {
      if (c.escalationLevel === 0) {
        return ok('accepted', { ...clearHandler, escalationLevel: 1 }, input.reason, { data: { level: 1 } }, [
          { target: { to: 'secretaries' }, kind: 'escalated', note: input.reason },
        ]);
      }
      const u = ctx.targetUnit;
      if (!u || u.kind !== 'department' || !u.coversCase) return refuse('invalid_input', '吹哨到部门时请选择职能部门。');
      return ok('assigned', { handlerKind: 'unit', handlerUnitId: u.id, handlerAccountId: null, escalationLevel: 2 }, input.reason, {
        targetUnitId: u.id,
        data: { level: 2 },
      }, [{ target: { to: 'unit', unitId: u.id }, kind: 'escalated', note: input.reason }]);
    }
    case 'sign':
      return ok('in_progress', {}, input.note);
    case 'return':
      return ok('accepted', clearHandler, input.reason, {}, [
        { target: c.escalationLevel > 0 ? { to: 'secretaries' } : { to: 'grid_workers' }, kind: 'returned', note: input.reason },
      ]);
    case 'progress':
      return ok('in_progress', {}, input.note);
    case 'request_extension':
      return ok('in_progress', { extensionRequestedHours: input.hours, extensionReason: input.reason }, input.reason, { data: { hours: input.hours } }, [
        { target: { to: 'secretaries' }, kind: 'extension_requested', note: input.reason },
      ]);
    case 'decide_extension': {
      const hours = c.extensionRequestedHours ?? 0;
      const base = c.resolveDueAt ?? now;
      return ok(
        'in_progress',
        { extensionRequestedHours: null, extensionReason: null, ...(input.grant ? { resolveDueAt: addHours(base, hours) } : {}) },
        input.note,
        { data: { grant: input.grant, hours } },
        [{ target: { to: 'handler' }, kind: 'extension_decided', note: input.grant ? `延期 ${hours} 小时已批准` : '延期申请未批准' }],
      );
    }
    case 'resolve':
      return ok('resolved', { resolvedAt: now, rateDueAt: addHours(now, RATING_WINDOW_HOURS), extensionRequestedHours: null, extensionReason: null }, input.note);
    case 'rate': {
      const via = actor.kind === 'resident' ? 'resident' : 'follow_up';
      if (input.rating === 'unsatisfied') {
        const { resolveHours } = ctx.limits(c.categoryId, c.urgency);
        return ok(
          'in_progress',
          {
            rating: 'unsatisfied',
            ratingComment: input.comment?.trim() || null,
            ratedAt: now,
            reopenCount: c.reopenCount + 1,
            resolvedAt: null,
            rateDueAt: null,
            resolveDueAt: addHours(now, resolveHours),
          },
          input.comment,
          { data: { rating: input.rating, via } },
          [{ target: { to: 'handler' }, kind: 'reopened', note: input.comment }],
        );
      }
      return ok(
        'closed',
        { rating: input.rating, ratingComment: input.comment?.trim() || null, ratedAt: now, closeReason: 'rated', closedAt: now, rateDueAt: null },
        input.comment,
        { data: { rating: input.rating, via } },
      );
    }
    case 'supervise': {
      if (input.dueAt && input.dueAt <= now) return refuse('invalid_input', '新的办理时限必须晚于现在。');
      const due = input.dueAt ? (c.status === 'submitted' ? { acceptDueAt: input.dueAt } : { resolveDueAt: input.dueAt }) : {};
      return ok(
        c.status,
        { supervised: true, supervisionNote: input.note.trim(), supervisedByAccountId: actorId(actor), ...due },
        input.note,
        { data: input.dueAt ? { dueAt: input.dueAt.toISOString() } : {} },
        [{ target: c.handlerKind && c.handlerKind !== 'board' ? { to: 'handler' } : { to: 'grid_workers' }, kind: 'supervised', note: input.note }],
      );
    }
    case 'auto_close':
      return ok('closed', { closeReason: 'not_rated', closedAt: now, rateDueAt: null, rating: null, ratingComment: null }, '7 天内未评价，自动关闭（计为未评价）');
  }
}

/**
 * What a request a grid worker logs on their own intake form (`ownIntake`) has already been
 * through. The worker who writes it down has triaged it: with a category it starts accepted
 * (受理 recorded at intake), and a problem fixed on the spot (当场办结) is also taken and
 * resolved. Each step is still judged by `decide`, in this order, so intake can never skip a
 * rule the case page would apply. Requests passed on through the API wait for triage as before.
 */
export function intakeSteps(actor: Actor, intake: { ownIntake?: boolean; categoryId?: number; urgency: Urgency; resolution?: string }): ActionInput[] {
  if (!intake.ownIntake || actor.kind !== 'account' || actor.role !== 'grid_worker' || intake.categoryId === undefined) return [];
  const accept: ActionInput = { action: 'accept', categoryId: intake.categoryId, urgency: intake.urgency, note: '网格员登记时受理' };
  if (!intake.resolution?.trim()) return [accept];
  return [accept, { action: 'handle_self', note: '当场办理' }, { action: 'resolve', note: intake.resolution }];
}

function actorId(a: Actor): number {
  if (a.kind !== 'account') throw new Error('this action needs an account');
  return a.id;
}

/** "党员每月一件事": a claim counts for the month it was made in, China time. */
export function pledgeMonth(at: Date): string {
  const china = new Date(at.getTime() + 8 * 60 * 60 * 1000);
  return china.toISOString().slice(0, 7);
}
