// How one demo request unfolds after it is logged: triage, routing, work, supervision, rating — every step via decide().
import type { Rating } from '../schema';
import type { Actor } from '@/lib/cases/lifecycle';
import { pledgeMonth } from '@/lib/cases/lifecycle';
import { HOUR, MINUTE, nextChinaHour, residentTime, staffTime } from './case-clock';
import type { Story } from './case-story';
import {
  ACCEPT_NOTES,
  BOARD_NOTES,
  CATEGORY_TEXTS,
  CLAIM_NOTES,
  CO_BUILDING_KEYS,
  DEPARTMENT_KEYS,
  DEPARTMENT_REASONS,
  DUPLICATE_NOTES,
  EXTENSION_DENIED,
  EXTENSION_GRANTED,
  EXTENSION_REASONS,
  HAND_NOTES,
  RATING_COMMENTS,
  REJECT_REASONS,
  REOPEN_PROGRESS,
  RETURN_REASONS,
  SIGN_NOTES,
  SUPERVISE_NOTES,
  THANKS,
  TOWNSHIP_SUPERVISE_NOTES,
  WORKER_BACK_NOTES,
  say,
  type CoBuildingKey,
  type DepartmentKey,
  type Issue,
  type Route,
  type Spot,
} from './case-texts';
import type { AccountActor, GridWorld, World } from './case-world';
import type { Channel } from './case-volume';
import type { Random } from './random';

export interface Plot {
  story: Story;
  grid: GridWorld;
  category: string;
  categoryId: number;
  issue: Issue;
  spot: Spot;
  urgent: boolean;
  channel: Channel;
  /** The grid worker logged it themself, so they accept it at once. */
  selfLogged: boolean;
  /** The resident holds the status link or left a phone for the follow-up. */
  reachable: boolean;
  outcome: 'work' | 'reject' | 'duplicate';
  original?: { story: Story };
}

/** Claims per party-member account and month, so claims spread like "党员每月一件事". */
export class ClaimLedger {
  private readonly counts = new Map<string, number>();

  pick(rng: Random, members: readonly AccountActor[], at: number): AccountActor | null {
    if (members.length === 0) return null;
    const month = pledgeMonth(new Date(at));
    const weights = members.map((m) => [m, 1 / (1 + (this.counts.get(`${m.id}:${month}`) ?? 0)) ** 2] as const);
    const member = rng.weighted(weights);
    const key = `${member.id}:${month}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return member;
  }
}

interface Twists {
  late: boolean;
  stuck: boolean;
  extension: boolean;
  supervise: boolean;
  unitReturns: boolean;
  triesFirst: boolean;
  progressNotes: number;
}

function twists(rng: Random, route: Route, urgent: boolean): Twists {
  const up = route.startsWith('up:');
  const unit = route.startsWith('unit:');
  const stuck = rng.chance(up ? 0.03 : 0.004);
  const late = stuck || rng.chance(up ? 0.28 : unit ? 0.12 : urgent ? 0.1 : route === 'board' ? 0.06 : 0.08);
  return {
    late,
    stuck,
    extension: rng.chance(up || unit ? 0.1 : 0.025),
    supervise: late ? rng.chance(0.35) : rng.chance(0.003),
    unitReturns: unit && rng.chance(0.05),
    triesFirst: rng.chance(0.4),
    progressNotes: rng.weighted([
      [0, 55],
      [1, 30],
      [2, 12],
      [3, 3],
    ]) + (up ? 1 : 0),
  };
}

const minutes = (rng: Random, lo: number, hi: number) => rng.int(lo, hi) * MINUTE;
const hours = (rng: Random, lo: number, hi: number) => (lo + rng.next() * (hi - lo)) * HOUR;

/** Plays the case from its triage to wherever it is at the demo's `now`. */
export function playCase(p: Plot, world: World, rng: Random, claims: ClaimLedger): void {
  const s = p.story;
  const { worker, community } = p.grid;
  const triager: AccountActor = p.channel === 'secretary' ? community.secretary : worker;
  const urgency = p.urgent ? 'urgent' : 'normal';
  const { acceptHours } = world.limits(p.categoryId, urgency);

  // ---- triage ----
  const acceptAt = triageTime(rng, s.clock, acceptHours, p);
  if (p.outcome === 'duplicate' && p.original) {
    const original = p.original.story;
    s.act(
      triager,
      { action: 'mark_duplicate', duplicateOf: original.row.number, note: rng.pick(DUPLICATE_NOTES) },
      acceptAt,
      { original: { id: original.row.id, status: original.statusAt(Math.max(acceptAt, s.clock + MINUTE)), coversCase: true, isSelf: false } },
    );
    return;
  }
  if (p.outcome === 'reject' && rng.chance(0.7)) {
    s.act(triager, { action: 'reject', reason: rng.pick(REJECT_REASONS) }, acceptAt);
    return;
  }
  const acceptNote = rng.chance(0.25) ? rng.pick(ACCEPT_NOTES) : undefined;
  if (!s.act(triager, { action: 'accept', categoryId: p.categoryId, urgency, note: acceptNote }, acceptAt, { category: { id: p.categoryId, active: true } })) return;
  if (p.outcome === 'reject') {
    s.act(triager, { action: 'reject', reason: rng.pick(REJECT_REASONS) }, staffTime(s.clock + hours(rng, 0.5, 20), rng));
    return;
  }

  // ---- routing ----
  const texts = CATEGORY_TEXTS[p.category];
  const route = p.channel === 'secretary' ? 'up:worker' : chooseRoute(rng, p, world);
  const t = twists(rng, route, p.urgent);
  const handler = routeCase(p, world, rng, claims, route, t, texts?.escalate ?? ['需要社区协调。']);
  if (!handler || !s.live || s.status !== 'in_progress') return;

  // ---- work, then the follow-up and rating ----
  if (!work(p, world, rng, handler, t, texts?.progress ?? ['已现场查看。'])) return;
  rate(p, world, rng, handler);
}

function triageTime(rng: Random, created: number, acceptHours: number, p: Plot): number {
  if (p.selfLogged) return created + minutes(rng, 1, 20);
  const late = rng.chance(0.04);
  const delay = late ? acceptHours * HOUR * (1.05 + rng.next() * 1.5) : Math.min(acceptHours * 0.9 * HOUR, -Math.log(1 - rng.next()) * Math.min(2, acceptHours / 4) * HOUR);
  const at = created + Math.max(MINUTE, delay);
  // Urgent requests are answered at any hour; the rest wait for the working day.
  return p.urgent ? at : staffTime(at, rng);
}

function chooseRoute(rng: Random, p: Plot, world: World): Route {
  const texts = CATEGORY_TEXTS[p.category];
  const options = p.issue.routes ?? texts?.routes ?? [['self', 1] as const];
  // Only units that serve this place can take it; the rest fall back to the grid worker.
  const usable = options.filter(([r]) => {
    if (r === 'board') return p.grid.partyMembers.length > 0;
    const key = r.split(':')[1];
    if (!key || key === 'worker') return true;
    const unit = unitByKey(world, key);
    return unit !== undefined && p.story.row.nodePath.startsWith(unit.nodePath);
  });
  return usable.length > 0 ? rng.weighted(usable) : 'self';
}

function unitByKey(world: World, key: string) {
  const name = (CO_BUILDING_KEYS as Record<string, string>)[key] ?? (DEPARTMENT_KEYS as Record<string, string>)[key];
  return name === undefined ? undefined : world.units.get(name);
}

/** Routes the accepted case; returns who works on it once it is in progress. */
function routeCase(p: Plot, world: World, rng: Random, claims: ClaimLedger, route: Route, t: Twists, escalateReasons: readonly string[]): AccountActor | null {
  const s = p.story;
  const { worker, community } = p.grid;
  const soon = () => s.clock + minutes(rng, 1, 40);
  const later = (lo: number, hi: number) => (p.urgent ? s.clock + hours(rng, lo / 4, hi / 4) : staffTime(s.clock + hours(rng, lo, hi), rng));

  if (route === 'self') return s.act(worker, { action: 'handle_self' }, soon()) ? worker : null;

  if (route === 'board') {
    if (!s.act(worker, { action: 'post_to_board', note: rng.pick(BOARD_NOTES) }, soon())) return null;
    const claimAt = residentTime(s.clock + hours(rng, 1, t.late ? 120 : 40), rng);
    const member = claims.pick(rng, p.grid.partyMembers, claimAt);
    if (!member) return null;
    return s.act(member, { action: 'claim', note: rng.chance(0.5) ? rng.pick(CLAIM_NOTES) : undefined }, claimAt) ? member : null;
  }

  const [kind, key] = route.split(':') as ['unit' | 'up', string];
  if (kind === 'unit') {
    const unit = unitByKey(world, key);
    if (!unit) return null;
    const target = { targetUnit: { id: unit.id, kind: unit.kind, coversCase: true } };
    if (!s.act(worker, { action: 'hand_to_unit', unitId: unit.id, note: HAND_NOTES[key as CoBuildingKey] }, soon(), target)) return null;
    if (t.unitReturns) {
      if (!s.act(unit.liaison, { action: 'return', reason: rng.pick(RETURN_REASONS) }, later(2, 30))) return null;
      return s.act(worker, { action: 'handle_self', note: '退回后由网格员直接办理。' }, later(0.5, 6)) ? worker : null;
    }
    return s.act(unit.liaison, { action: 'sign', note: rng.chance(0.4) ? rng.pick(SIGN_NOTES) : undefined }, later(0.5, 20)) ? unit.liaison : null;
  }

  // 吹哨: to the community first; the grid worker sometimes tries on their own before whistling.
  if (p.channel !== 'secretary') {
    if (t.triesFirst) {
      if (!s.act(worker, { action: 'handle_self' }, soon())) return null;
      const progress = CATEGORY_TEXTS[p.category]?.progress ?? ['已现场查看。'];
      if (!s.act(worker, { action: 'progress', note: rng.pick(progress) }, later(1, 30))) return null;
    }
    if (!s.act(worker, { action: 'escalate', reason: rng.pick(escalateReasons) }, t.triesFirst ? later(2, 48) : soon())) return null;
  }
  const { secretary } = community;
  if (key === 'worker') {
    const note = p.channel === 'secretary' ? '案件回流：请网格员源头化解，及时反馈。' : rng.pick(WORKER_BACK_NOTES);
    const target = { targetAccount: { id: worker.id, role: worker.role, coversCase: true } };
    if (!s.act(secretary, { action: 'assign_worker', accountId: worker.id, note }, p.channel === 'secretary' ? soon() : later(1, 24), target)) return null;
    return s.act(worker, { action: 'sign', note: rng.chance(0.3) ? rng.pick(SIGN_NOTES) : undefined }, later(0.3, 10)) ? worker : null;
  }
  const unit = unitByKey(world, key);
  if (!unit) return null;
  const target = { targetUnit: { id: unit.id, kind: unit.kind, coversCase: true } };
  const whistled =
    unit.kind === 'department'
      ? s.act(secretary, { action: 'escalate', reason: DEPARTMENT_REASONS[key as DepartmentKey], unitId: unit.id }, later(1, 24), target)
      : s.act(secretary, { action: 'hand_to_unit', unitId: unit.id, note: HAND_NOTES[key as CoBuildingKey] }, later(1, 24), target);
  if (!whistled) return null;
  return s.act(unit.liaison, { action: 'sign', note: rng.chance(0.5) ? rng.pick(SIGN_NOTES) : undefined }, later(1, 30)) ? unit.liaison : null;
}

type Step = { at: number; run: () => boolean };

/** In progress until resolved: notes, perhaps an extension and supervision, then the resolution. */
function work(p: Plot, world: World, rng: Random, handler: AccountActor, t: Twists, progressNotes: readonly string[]): boolean {
  const s = p.story;
  const { secretary } = p.grid.community;
  const acceptedAt = (s.row.acceptedAt as Date).getTime();
  const due = (s.row.resolveDueAt as Date).getTime();
  const span = due - acceptedAt;
  const fraction = t.stuck ? 3 + rng.next() * 5 : t.late ? 1.05 + rng.next() * 1.15 : 0.06 + 0.8 * rng.next() ** 1.6;
  let resolveAt = staffTime(Math.max(acceptedAt + span * fraction, s.clock + minutes(rng, 20, 120)), rng);

  const steps: Step[] = [];
  const start = s.clock;
  // Different notes in one timeline; a category with few of them just has fewer steps.
  for (const note of rng.sample(progressNotes, t.progressNotes)) {
    const at = staffTime(start + (resolveAt - start) * (0.15 + 0.7 * rng.next()), rng);
    steps.push({ at, run: () => s.act(handler, { action: 'progress', note }, at) });
  }
  if (t.extension) {
    const askAt = staffTime(start + (Math.max(due, start + HOUR) - start) * (0.4 + 0.4 * rng.next()), rng);
    const decideAt = staffTime(askAt + hours(rng, 1, 10), rng);
    const hoursAsked = rng.pick([24, 48, 72, 120]);
    const grant = rng.chance(0.85);
    steps.push({ at: askAt, run: () => s.act(handler, { action: 'request_extension', hours: hoursAsked, reason: rng.pick(EXTENSION_REASONS) }, askAt) });
    steps.push({
      at: decideAt,
      run: () =>
        s.row.extensionRequestedHours === null ||
        s.act(secretary, { action: 'decide_extension', grant, note: rng.pick(grant ? EXTENSION_GRANTED : EXTENSION_DENIED) }, decideAt),
    });
    // With more time granted, most finish within it.
    if (grant && t.late && !t.stuck && rng.chance(0.7)) resolveAt = Math.max(decideAt + HOUR, Math.min(resolveAt, due + hoursAsked * HOUR - hours(rng, 1, 12)));
  }
  if (t.supervise) {
    const superviseAt = staffTime(Math.max(due, start) + hours(rng, 2, 36), rng);
    if (superviseAt < resolveAt) {
      const newDue = rng.chance(0.6) ? new Date(superviseAt + 48 * HOUR) : undefined;
      steps.push({ at: superviseAt, run: () => s.act(secretary, { action: 'supervise', note: rng.pick(SUPERVISE_NOTES), dueAt: newDue }, superviseAt) });
      const township = p.grid.community.township;
      if (t.stuck && township && (s.row.escalationLevel ?? 0) > 0 && rng.chance(0.5)) {
        const at = staffTime(superviseAt + hours(rng, 72, 240), rng);
        if (at < resolveAt) steps.push({ at, run: () => s.act(township, { action: 'supervise', note: rng.pick(TOWNSHIP_SUPERVISE_NOTES) }, at) });
      }
      // Supervision usually gets things moving.
      if (!t.stuck && rng.chance(0.8)) resolveAt = Math.min(resolveAt, staffTime(superviseAt + hours(rng, 4, 40), rng));
    }
  }
  for (const step of steps.filter((x) => x.at < resolveAt).sort((a, b) => a.at - b.at)) {
    if (!step.run()) return false;
  }
  return s.act(handler, { action: 'resolve', note: say(rng.pick(p.issue.done), p.spot, rng) }, resolveAt);
}

const RATING_ODDS: Record<'first' | 'late' | 'again', readonly (readonly [Rating, number])[]> = {
  first: [
    ['satisfied', 81],
    ['basically', 14],
    ['unsatisfied', 5],
  ],
  late: [
    ['satisfied', 64],
    ['basically', 28],
    ['unsatisfied', 8],
  ],
  again: [
    ['satisfied', 60],
    ['basically', 35],
    ['unsatisfied', 5],
  ],
};

/** The follow-up (回访) or the resident's own rating; unsatisfied reopens it for the same handler. */
function rate(p: Plot, world: World, rng: Random, handler: AccountActor): void {
  const s = p.story;
  const { worker, community } = p.grid;
  for (let round = 0; round < 3 && s.live && s.status === 'resolved'; round++) {
    const resolvedAt = (s.row.resolvedAt as Date).getTime();
    const rateDue = (s.row.rateDueAt as Date).getTime();
    const silent = rng.chance(p.reachable ? 0.07 : 0.25);
    let rater: Actor = worker;
    let at = staffTime(resolvedAt + hours(rng, 3, 96), rng);
    const who = rng.next();
    if (p.reachable && who < 0.3) {
      rater = { kind: 'resident' };
      at = residentTime(resolvedAt + hours(rng, 0.3, 60), rng);
    } else if (who > 0.95) {
      rater = community.secretary;
    }
    if (silent || at >= rateDue) {
      // Nobody rated in 7 days: the nightly job closes it as "not rated".
      s.act({ kind: 'system' }, { action: 'auto_close' }, nextChinaHour(rateDue, 2));
      return;
    }
    const reopened = s.row.reopenCount ?? 0;
    const odds = reopened > 0 ? RATING_ODDS.again : resolvedAt > (s.row.resolveDueAt as Date).getTime() ? RATING_ODDS.late : RATING_ODDS.first;
    const rating = reopened >= 2 ? (rng.chance(0.6) ? 'satisfied' : 'basically') : rng.weighted(odds);
    const thanks = handler.role === 'party_member' || handler.role === 'unit_liaison' ? THANKS[handler.role] : THANKS.grid_worker;
    const said = rating === 'satisfied' && rng.chance(0.5) ? thanks : RATING_COMMENTS[rating];
    const comment = rng.chance(rating === 'satisfied' ? 0.4 : 0.8) ? rng.pick(said) : undefined;
    if (!s.act(rater, { action: 'rate', rating, comment }, at)) return;
    if (rating !== 'unsatisfied') return;
    // Reopened: the same handler goes back, with a fresh time limit.
    if (!s.act(handler, { action: 'progress', note: rng.pick(REOPEN_PROGRESS) }, staffTime(s.clock + hours(rng, 2, 24), rng))) return;
    const due = (s.row.resolveDueAt as Date).getTime();
    const redo = staffTime(s.clock + (due - s.clock) * (0.2 + 0.6 * rng.next()), rng);
    if (!s.act(handler, { action: 'resolve', note: say(rng.pick(p.issue.done), p.spot, rng) }, redo)) return;
  }
}
