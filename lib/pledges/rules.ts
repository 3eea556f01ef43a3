// 党员每月一件事, the pure rules: a pledge month's window (China time), who may pledge, review and evaluate what,
// and when a member needs the mid-month reminder. No I/O: the commands, the pages and the tests all call these.
import type { PledgeEvaluation, PledgeKind, PledgeStatus, Role } from '@/db/schema';
import { isWithinScope, type Scope } from '@/lib/auth/scope';
import { addMonths, chinaDay, chinaMonth, chinaStart } from '@/lib/stats/period';

const DAY_MS = 86_400_000;

/** 月初晒诺: the first days of the month, when pledges are expected; a pledge later in the month still counts (补诺). */
export const PLEDGE_OPENING_DAYS = 7;
/** A pledge with no progress report this many days after it was made is "no progress" at the mid-month check. */
export const PROGRESS_GRACE_DAYS = 7;

export const PLEDGE_KIND_LABELS: Record<PledgeKind, string> = { case: '认领群众诉求', item: '认领清单事项', own: '自主承诺' };
export const PLEDGE_STATUS_LABELS: Record<PledgeStatus, string> = { pending: '待书记审核', approved: '已确认', rejected: '未通过' };
export const EVALUATION_LABELS: Record<PledgeEvaluation, string> = { done: '完成', partial: '部分完成', not_done: '未完成' };

/** The instants a month spans: from its first China-time midnight (inclusive) to the next month's (exclusive). */
export function monthWindow(month: string): { from: Date; to: Date } {
  return { from: chinaStart(month), to: chinaStart(addMonths(month, 1)) };
}

/** The month a pledge made now is for: the China-time month of `now`. */
export function currentPledgeMonth(now: Date): string {
  return chinaMonth(now);
}

/** Whole China-time days left in the month after today (the last day of the month → 0). */
export function daysRemaining(month: string, now: Date): number {
  const { from, to } = monthWindow(month);
  if (now < from) return Math.round((to.getTime() - from.getTime()) / DAY_MS) - 1;
  if (now >= to) return 0;
  const today = chinaStart(chinaDay(now));
  return Math.round((to.getTime() - today.getTime()) / DAY_MS) - 1;
}

/** Day of the month (1-based) of `now`, China time. */
export function dayOfMonth(now: Date): number {
  return Number(chinaDay(now).slice(8, 10));
}

/** The month has ended: from then on a pledge without an evaluation makes the month "未评诺". */
export function monthEnded(month: string, now: Date): boolean {
  return now >= monthWindow(month).to;
}

export type PledgeRefusal = { ok: false; code: 'forbidden' | 'invalid_state' | 'invalid_input'; message: string };
export type RuleResult = { ok: true } | PledgeRefusal;
const OK: RuleResult = { ok: true };
const refuse = (code: PledgeRefusal['code'], message: string): PledgeRefusal => ({ ok: false, code, message });

/** Pledges are made for the month that is running: not for a month gone by, not ahead. */
export function checkPledgeMonth(month: string, now: Date): RuleResult {
  return month === currentPledgeMonth(now) ? OK : refuse('invalid_input', '只能为本月晒诺。');
}

export type PledgeActor = { id: number; role: Role; scope: Scope; partyMemberId: number | null };

/** Who may act on one member's pledges: the member themselves; a secretary whose scope holds the member. */
export function mayActForMember(actor: PledgeActor, member: { id: number; nodePath: string }): 'self' | 'secretary' | null {
  if (actor.role === 'party_member') return actor.partyMemberId === member.id ? 'self' : null;
  if (actor.role === 'secretary' && isWithinScope(actor.scope, member.nodePath)) return 'secretary';
  return null;
}

/** The secretary of the branch the pledge was made in: a secretary whose scope holds its node (not the administrator). */
export function isBranchSecretary(actor: PledgeActor, pledge: { nodePath: string }): boolean {
  return actor.role === 'secretary' && isWithinScope(actor.scope, pledge.nodePath);
}

/** An own commitment is approved or turned down once, by the branch's secretary. */
export function checkReview(actor: PledgeActor, pledge: { nodePath: string; status: PledgeStatus; kind: PledgeKind }): RuleResult {
  if (!isBranchSecretary(actor, pledge)) return refuse('forbidden', '只有该支部所属社区的书记可以审核承诺。');
  if (pledge.kind !== 'own' || pledge.status !== 'pending') return refuse('invalid_state', '这项承诺已审核过了。');
  return OK;
}

/**
 * 月末评诺: only the secretary whose scope holds the pledge's branch, on a confirmed pledge, once its month has
 * begun (a pledge done early may be evaluated early; a month not yet begun has nothing to evaluate).
 */
export function checkEvaluation(actor: PledgeActor, pledge: { nodePath: string; status: PledgeStatus; month: string }, now: Date): RuleResult {
  if (!isBranchSecretary(actor, pledge)) return refuse('forbidden', '只有该支部所属社区的书记可以评议承诺。');
  if (pledge.status !== 'approved') return refuse('invalid_state', '承诺尚未确认，不能评议。');
  if (now < monthWindow(pledge.month).from) return refuse('invalid_state', '该月尚未开始，不能评议。');
  return OK;
}

/** A member reports progress on their own confirmed pledge of the running month, before it is evaluated. */
export function checkProgress(actor: PledgeActor, pledge: { partyMemberId: number; status: PledgeStatus; kind: PledgeKind; month: string; evaluation: PledgeEvaluation | null }, now: Date): RuleResult {
  if (actor.role !== 'party_member' || actor.partyMemberId !== pledge.partyMemberId) return refuse('forbidden', '只能报告自己的承诺进展。');
  if (pledge.kind === 'case') return refuse('invalid_state', '认领的群众诉求请在事项页面记录办理进展。');
  if (pledge.status === 'rejected') return refuse('invalid_state', '这项承诺未通过审核。');
  if (pledge.evaluation !== null) return refuse('invalid_state', '这项承诺已评议。');
  if (pledge.month !== currentPledgeMonth(now)) return refuse('invalid_state', '只能报告本月承诺的进展。');
  return OK;
}

/** What the mid-month check knows of one pledge. */
export type PledgeProgressFacts = {
  status: PledgeStatus;
  createdAt: Date;
  evaluation: PledgeEvaluation | null;
  /** The member reported progress (item, own), or acted on the request after claiming it (progress, resolve). */
  hasProgress: boolean;
  /** The request was resolved or closed, or the item's deadline has not passed: nothing is late. */
  dueAt: Date | null;
  finished: boolean;
};

/** No progress: confirmed, not finished nor evaluated, made PROGRESS_GRACE_DAYS ago or more, and nothing reported since. */
export function lacksProgress(p: PledgeProgressFacts, now: Date): boolean {
  if (p.status !== 'approved' || p.evaluation !== null || p.finished || p.hasProgress) return false;
  return now.getTime() - p.createdAt.getTime() >= PROGRESS_GRACE_DAYS * DAY_MS;
}

/** Overdue: its deadline (the request's time limit, the item's date) has passed and it is not finished nor evaluated. */
export function isOverdue(p: PledgeProgressFacts, now: Date): boolean {
  return p.status !== 'rejected' && p.evaluation === null && !p.finished && p.dueAt !== null && p.dueAt < now;
}

export type MemberCheck = { noPledge: boolean; noProgress: number; overdue: number };

/** 月中督诺 for one member: a pledge pending approval counts as pledged; a rejected one does not. */
export function checkMember(pledges: readonly PledgeProgressFacts[], now: Date): MemberCheck {
  const live = pledges.filter((p) => p.status !== 'rejected');
  return {
    noPledge: live.length === 0,
    noProgress: live.filter((p) => lacksProgress(p, now)).length,
    overdue: live.filter((p) => isOverdue(p, now)).length,
  };
}

/**
 * Where a member stands in the month's 晒诺, for the counts of the mid-month check: a confirmed pledge (已晒诺), only
 * commitments still awaiting the secretary's approval (待审核), or none (未晒诺; a rejected one is none). The three
 * add up to the members. A pending commitment spares the member the "no pledge" reminder (checkMember), but it is
 * not yet a published pledge.
 */
export type PledgeStanding = 'confirmed' | 'awaiting' | 'none';

export function pledgeStanding(pledges: readonly Pick<PledgeProgressFacts, 'status'>[]): PledgeStanding {
  if (pledges.some((p) => p.status === 'approved')) return 'confirmed';
  if (pledges.some((p) => p.status === 'pending')) return 'awaiting';
  return 'none';
}

/** Whether the member gets the reminder: no pledge, or a pledge without progress, or one overdue. */
export function needsReminder(check: MemberCheck): boolean {
  return check.noPledge || check.noProgress > 0 || check.overdue > 0;
}

/** The reminder's text, saying what is missing. */
export function reminderNote(month: string, check: MemberCheck, daysLeft: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const parts: string[] = [];
  if (check.noPledge) parts.push('您本月还没有晒诺，请认领一件群众身边的小事或提交自主承诺');
  if (check.noProgress > 0) parts.push(`有 ${check.noProgress} 项承诺尚无进展，请及时办理并报告进展`);
  if (check.overdue > 0) parts.push(`有 ${check.overdue} 项承诺已超期`);
  return `月中督诺（${y}年${m}月）：${parts.join('；')}。本月还剩 ${daysLeft} 天。`;
}

/** An item's deadline (a China-time date) as the instant it runs out: the end of that day. */
export function itemDueAt(dueOn: string | null): Date | null {
  return dueOn === null ? null : new Date(chinaStart(dueOn).getTime() + DAY_MS);
}

export type Totals = { pledges: number; evaluated: number; done: number; partial: number; notDone: number };

export const EMPTY_TOTALS: Totals = { pledges: 0, evaluated: 0, done: 0, partial: 0, notDone: 0 };

/** Adds `n` confirmed pledges of one outcome to a tally (rejected and pending ones are no promise yet). */
export function addToTotals(t: Totals, p: { status: PledgeStatus; evaluation: PledgeEvaluation | null }, n = 1): Totals {
  if (p.status !== 'approved') return t;
  return {
    pledges: t.pledges + n,
    evaluated: t.evaluated + (p.evaluation ? n : 0),
    done: t.done + (p.evaluation === 'done' ? n : 0),
    partial: t.partial + (p.evaluation === 'partial' ? n : 0),
    notDone: t.notDone + (p.evaluation === 'not_done' ? n : 0),
  };
}

export function sumTotals(a: Totals, b: Totals): Totals {
  return { pledges: a.pledges + b.pledges, evaluated: a.evaluated + b.evaluated, done: a.done + b.done, partial: a.partial + b.partial, notDone: a.notDone + b.notDone };
}

/** A month needs evaluating when it has ended and some confirmed pledge of it has no evaluation. */
export function unevaluated(month: string, t: Totals, now: Date): boolean {
  return monthEnded(month, now) && t.evaluated < t.pledges;
}

/** The year's months in order, "2026-01" … "2026-12". */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
