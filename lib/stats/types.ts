// The shape of the statistics the desk, the ledger and the monthly report read: `Stats` and its parts.
import type { CaseSource, Role } from '@/db/schema';

/**
 * One rate, kept as its two counts so every figure can say what it was computed from.
 * `value` is numerator ÷ denominator as a fraction (0.875, not 87.5), or null when the
 * denominator is 0: "nothing to measure" is neither 0% nor 100%.
 */
export type Rate = { numerator: number; denominator: number; value: number | null };

/** Hours between two steps of the received cases that reached the later step. */
export type Percentiles = { count: number; median: number | null; p90: number | null };

/** The counts and rates of one group of received cases (everything, one grid, one month …). */
export type Figures = {
  /** Cases created in the period in scope, whatever became of them. */
  received: number;
  rejected: number;
  duplicate: number;
  response: Rate;
  resolution: Rate;
  satisfaction: Rate;
  ratings: { satisfied: number; basically: number; unsatisfied: number };
  /** Of the received, those open now and past their deadline. */
  overdue: number;
};

export type GridRow = Figures & { gridId: number; name: string; communityName: string };

/** A community (社区/村) or township (乡镇/街道) of the scope: the sum of its grids. */
export type AreaRow = Figures & { nodeId: number; name: string; grids: number };

/** A handler account (grid worker or party member): cases it holds now, and for party members their claims. */
export type WorkerRow = Figures & {
  accountId: number;
  name: string;
  role: Role;
  /** Claim events by this account in the period (party members). */
  claims: number;
  /** Of those claims, the cases this account still holds and that are now resolved or closed. */
  claimsDone: number;
};

/** `categoryId` null: requests never given a category (still waiting, or rejected / marked duplicate before acceptance). */
export type CategoryRow = Figures & { categoryId: number | null; name: string };
export type SourceRow = Figures & { source: CaseSource; name: string };
/** `month` is YYYY-MM, China time; every month of the period appears, with zeros if nothing came in. */
export type MonthRow = Figures & { month: string; name: string };

export type StatsPeriod = {
  /** Inclusive. */
  from: Date;
  /** Exclusive: the first instant after the period (a month's `to` is the next month's first instant). */
  to: Date;
  /** Optional: one grid instead of the viewer's whole scope. */
  gridId?: number;
};

export type Stats = {
  from: Date;
  to: Date;
  /** "Due for resolution" is judged at min(now, to). */
  dueCutoff: Date;
  now: Date;
  gridId: number | null;
  totals: Figures;
  /** All open cases in scope (not only this period's) past their deadline now: the 超期 queue. */
  overdueNow: number;
  /** Created → first triage (受理 / 不予受理 / 标记重复), received cases that were triaged; from 0.1-hour buckets (lib/stats/hours.ts). */
  hoursToAccept: Percentiles;
  /** Created → resolution (the last one, for a reopened case), received cases now resolved or closed. */
  hoursToResolve: Percentiles;
  /** 党员认领: claim events in the period, and how many of those claimed cases are now done. */
  partyClaims: { claims: number; done: number };
  /** The townships and communities the scope's grids lie in, in tree order. */
  byTownship: AreaRow[];
  byCommunity: AreaRow[];
  byGrid: GridRow[];
  /** The handlers, grid workers first, then party members, then others; each role's busiest first. Only the busiest `top` of a role when asked so (HandlerListing). */
  byWorker: WorkerRow[];
  /** How many handlers of each role the period has, whether byWorker lists them all or only the busiest. */
  handlerCounts: { grid_worker: number; party_member: number; other: number };
  byCategory: CategoryRow[];
  bySource: SourceRow[];
  byMonth: MonthRow[];
};

/**
 * How many handlers to list: a county has thousands, and a page shows the busiest `top` of the grid workers and of
 * the party members (all of `full`, the role opened in full, and all of a role that has at most `wholeUpTo`, by
 * default `top`); other handlers are always listed. Without it, all.
 * Only the names of the listed ones are looked up and sorted, so a county's page does not pay for ~3,400 rows it
 * does not show; every figure (totals, grids, claims, the counts per role) stays the same.
 */
export type HandlerListing = { top: number; wholeUpTo?: number; full?: 'grid_worker' | 'party_member' };
