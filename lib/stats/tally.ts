// The counts behind the statistics, as both computations produce them (direct from the cases, or from the aggregates), and how they become `Stats`.
import { inIntegers } from '@/db/dialect';
import { CASE_SOURCES, type CaseSource, type Role } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { accounts, categories } from '@/db/tables';
import { SOURCE_LABELS } from '@/lib/cases/labels';
import type { Scope } from '@/lib/auth/scope';
import { gridsInScope, type GridChoice } from './grids';
import { hourPercentilesFromBuckets, type HourBuckets } from './hours';
import { nameRanks } from './name-order';
import { monthName, monthsOf } from './period';
import type { AreaRow, CategoryRow, Figures, GridRow, HandlerListing, MonthRow, Rate, SourceRow, Stats, StatsPeriod, WorkerRow } from './types';

/** The counts one group yields; the rates are built from them. */
export type Counts = {
  received: number;
  rejected: number;
  duplicate: number;
  responded: number;
  due: number;
  resolved: number;
  rated: number;
  satisfied: number;
  basically: number;
  unsatisfied: number;
  overdue: number;
};

export const COUNT_KEYS = ['received', 'rejected', 'duplicate', 'responded', 'due', 'resolved', 'rated', 'satisfied', 'basically', 'unsatisfied', 'overdue'] as const;

export const NO_COUNTS: Counts = { received: 0, rejected: 0, duplicate: 0, responded: 0, due: 0, resolved: 0, rated: 0, satisfied: 0, basically: 0, unsatisfied: 0, overdue: 0 };

export const DIMS = ['all', 'grid', 'worker', 'category', 'source', 'month'] as const;
export type Dim = (typeof DIMS)[number];

/** A row of the grouped queries: one group of one dimension. Keys: grid/account/category ids, source, YYYY-MM; null for "none". */
export type CountRow = Counts & { dim: Dim; key: number | string | null };

export type ClaimRow = { accountId: number; claims: number; done: number };

/** Durations counted per bucket (kind 0: to first triage, 1: to resolution). */
export type HourRow = { kind: 0 | 1; bucket: number; n: number };

/** Everything `Stats` is assembled from. Parts of a period (whole months, edge days) are tallied separately and added up. */
export type Tally = {
  dims: Record<Dim, Map<string, Counts>>;
  hours: HourBuckets;
  claims: Map<number, { claims: number; done: number }>;
  /** Roles of handlers already read along with their counts (the aggregates); assemble looks up only the others. */
  roles?: Map<number, Role>;
  /**
   * The handler listing, already made from the aggregates (aggregates.ts addRankedHandlers): `dims.worker` and `claims`
   * then hold only the `listed` handlers, and these are the counts of every handler.
   */
  handlers?: { counts: Stats['handlerCounts']; listed: number[]; claims: Stats['partyClaims'] };
};

export function emptyTally(): Tally {
  return {
    dims: { all: new Map(), grid: new Map(), worker: new Map(), category: new Map(), source: new Map(), month: new Map() },
    hours: { accept: new Map(), resolve: new Map() },
    claims: new Map(),
  };
}

function addInto(map: Map<string, Counts>, key: string, c: Partial<Counts>, sign: 1 | -1): void {
  let target = map.get(key);
  if (!target) map.set(key, (target = { ...NO_COUNTS }));
  for (const k of COUNT_KEYS) target[k] += sign * (c[k] ?? 0);
}

/**
 * Adds grouped rows into the tally (sign -1: takes them out, for days subtracted from a whole
 * month); a null key (no category) is kept as "null", a null worker is dropped.
 */
export function addRows(t: Tally, rows: readonly CountRow[], sign: 1 | -1 = 1): void {
  for (const r of rows) {
    if (r.dim === 'worker' && (r.key === null || r.key === 0 || r.key === '0')) continue;
    addInto(t.dims[r.dim], r.dim === 'all' ? 'all' : String(r.key), r, sign);
  }
}

export function addClaims(t: Tally, rows: readonly ClaimRow[], sign: 1 | -1 = 1): void {
  for (const r of rows) {
    const c = t.claims.get(r.accountId) ?? { claims: 0, done: 0 };
    const next = { claims: c.claims + sign * r.claims, done: c.done + sign * r.done };
    // A claimant whose claims were all subtracted made none in the period.
    if (next.claims === 0 && next.done === 0) t.claims.delete(r.accountId);
    else t.claims.set(r.accountId, next);
  }
}

export function addHours(t: Tally, rows: readonly HourRow[], sign: 1 | -1 = 1): void {
  for (const r of rows) {
    const map = Number(r.kind) === 0 ? t.hours.accept : t.hours.resolve;
    map.set(r.bucket, (map.get(r.bucket) ?? 0) + sign * r.n);
  }
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

export function figures(c: Counts): Figures {
  return {
    received: c.received,
    rejected: c.rejected,
    duplicate: c.duplicate,
    response: rate(c.responded, c.received),
    resolution: rate(c.resolved, c.due),
    satisfaction: rate(c.satisfied + c.basically, c.rated),
    ratings: { satisfied: c.satisfied, basically: c.basically, unsatisfied: c.unsatisfied },
    overdue: c.overdue,
  };
}

/** Groups that only ever received nothing (an aggregate row brought back to zero) are no groups. */
const present = (map: Map<string, Counts>) => [...map.entries()].filter(([, c]) => c.received > 0);

/** One collator for the short sorts (categories): `localeCompare(b, 'zh-CN')` builds a new one on each call. Handlers sort by nameRanks. */
const byName = new Intl.Collator('zh-CN').compare;

const mostReceived = (a: { received: number; name: string }, b: { received: number; name: string }) => b.received - a.received || byName(a.name, b.name);

/** Sums the counts of grids into their communities and townships, in tree order (the grids' order). */
function areaRows(grids: { gridId: number; areaId: number; areaName: string; counts: Counts }[]): AreaRow[] {
  const areas = new Map<number, { name: string; counts: Counts; grids: number }>();
  for (const g of grids) {
    const a = areas.get(g.areaId) ?? { name: g.areaName, counts: { ...NO_COUNTS }, grids: 0 };
    for (const k of COUNT_KEYS) a.counts[k] += g.counts[k];
    a.grids++;
    areas.set(g.areaId, a);
  }
  return [...areas.entries()].map(([id, a]) => ({ nodeId: id, name: a.name, grids: a.grids, ...figures(a.counts) }));
}

/** The statistics page's figures from a tally. Every breakdown lists what the scope holds, in a stable order. */
export async function assemble(
  db: AppDb,
  scope: Scope,
  period: StatsPeriod,
  now: Date,
  dueCutoff: Date,
  t: Tally,
  overdueNow: number,
  listing?: HandlerListing,
  scopeGrids?: readonly GridChoice[],
): Promise<Stats> {
  const gridCounts = t.dims.grid;
  // The grids of the whole scope when the caller read them already (gridsInScope(db, scope)), narrowed as gridsInScope would.
  const inScope = scopeGrids ? scopeGrids.filter((g) => period.gridId === undefined || g.id === period.gridId) : await gridsInScope(db, scope, period.gridId);
  const grids = inScope.map((g) => ({ ...g, counts: gridCounts.get(String(g.id)) ?? NO_COUNTS }));
  const byGrid: GridRow[] = grids.map((g) => ({ gridId: g.id, name: g.name, communityName: g.communityName, ...figures(g.counts) }));
  const byCommunity = areaRows(grids.map((g) => ({ gridId: g.id, areaId: g.communityId, areaName: g.communityName, counts: g.counts })));
  const byTownship = areaRows(
    grids.filter((g) => g.townshipId !== null).map((g) => ({ gridId: g.id, areaId: g.townshipId!, areaName: g.townshipName ?? '', counts: g.counts })),
  );

  const workerCounts = new Map(present(t.dims.worker));
  let handlerCounts = { grid_worker: 0, party_member: 0, other: 0 };
  let listed: number[];
  if (t.handlers) {
    handlerCounts = t.handlers.counts;
    listed = t.handlers.listed;
  } else {
    const workerIds = [...new Set([...workerCounts.keys(), ...[...t.claims.keys()].map(String)])].map(Number);
    const received = (id: number) => workerCounts.get(String(id))?.received ?? 0;
    const known = t.roles ?? new Map<number, Role>();
    const unknown = workerIds.filter((id) => !known.has(id));
    const roles = [
      ...workerIds.filter((id) => known.has(id)).map((id) => ({ id, role: known.get(id)! })),
      ...(unknown.length ? await db.select({ id: accounts.id, role: accounts.role }).from(accounts).where(inIntegers(accounts.id, unknown)) : []),
    ];
    for (const r of roles) handlerCounts[r.role === 'grid_worker' || r.role === 'party_member' ? r.role : 'other']++;
    listed = listing ? busiestOfEachRole(roles, received, listing) : workerIds;
  }
  const people = listed.length
    ? await db.select({ id: accounts.id, name: accounts.displayName, role: accounts.role }).from(accounts).where(inIntegers(accounts.id, listed))
    : [];
  const ROLE_ORDER: Role[] = ['grid_worker', 'party_member'];
  const rank = nameRanks(people.map((p) => p.name));
  // The sort keys computed once per handler, not on each of a county's ~40,000 comparisons.
  const byWorker: WorkerRow[] = people
    .map((p) => {
      const row: WorkerRow = {
        accountId: p.id,
        name: p.name,
        role: p.role,
        claims: t.claims.get(p.id)?.claims ?? 0,
        claimsDone: t.claims.get(p.id)?.done ?? 0,
        ...figures(workerCounts.get(String(p.id)) ?? NO_COUNTS),
      };
      return { row, role: ROLE_ORDER.indexOf(p.role), rank: rank.get(p.name)! };
    })
    .sort((a, b) => a.role - b.role || b.row.received - a.row.received || a.rank - b.rank || a.row.accountId - b.row.accountId)
    .map((w) => w.row)
    .filter(listing ? keepTop(listing, handlerCounts) : () => true);

  const categoryNames = new Map((await db.select({ id: categories.id, name: categories.name }).from(categories)).map((c) => [String(c.id), c.name]));
  const byCategory: CategoryRow[] = present(t.dims.category)
    .map(([key, c]) => ({
      categoryId: key === 'null' ? null : Number(key),
      name: key === 'null' ? '未分类' : (categoryNames.get(key) ?? `分类 ${key}`),
      ...figures(c),
    }))
    .sort(mostReceived);

  const bySource: SourceRow[] = CASE_SOURCES.map((s: CaseSource) => ({ source: s, name: SOURCE_LABELS[s], ...figures(t.dims.source.get(s) ?? NO_COUNTS) }));
  const byMonth: MonthRow[] = monthsOf(period.from, period.to).map((m) => ({ month: m, name: monthName(m), ...figures(t.dims.month.get(m) ?? NO_COUNTS) }));
  const claims = [...t.claims.values()];

  return {
    from: period.from,
    to: period.to,
    dueCutoff,
    now,
    gridId: period.gridId ?? null,
    totals: figures(t.dims.all.get('all') ?? NO_COUNTS),
    overdueNow,
    hoursToAccept: hourPercentilesFromBuckets(t.hours.accept),
    hoursToResolve: hourPercentilesFromBuckets(t.hours.resolve),
    partyClaims: t.handlers?.claims ?? { claims: claims.reduce((n, c) => n + c.claims, 0), done: claims.reduce((n, c) => n + c.done, 0) },
    byTownship,
    byCommunity,
    byGrid,
    byWorker,
    handlerCounts,
    byCategory,
    bySource,
    byMonth,
  };
}

/** Whether a listing shows every handler of a role that has `count` of them (opened in full, or short enough). */
export function listsWhole(listing: HandlerListing, role: 'grid_worker' | 'party_member', count: number): boolean {
  return role === listing.full || count <= Math.max(listing.top, listing.wholeUpTo ?? 0);
}

/**
 * The handlers that can be among the `top` busiest of their role (all of a role listed whole, and every other
 * handler): those received at least as many as the role's top-th. Ties at that count are all kept, to be put in order
 * by name with the others; keepTop then cuts each role at `top`.
 */
export function busiestOfEachRole(roles: readonly { id: number; role: Role }[], received: (id: number) => number, listing: HandlerListing): number[] {
  const out: number[] = [];
  for (const role of ['grid_worker', 'party_member'] as const) {
    const ids = roles.filter((r) => r.role === role).map((r) => r.id);
    if (listsWhole(listing, role, ids.length)) {
      out.push(...ids);
      continue;
    }
    const counts = ids.map(received).sort((a, b) => b - a);
    const cutoff = counts[listing.top - 1]!;
    out.push(...ids.filter((id) => received(id) >= cutoff));
  }
  out.push(...roles.filter((r) => r.role !== 'grid_worker' && r.role !== 'party_member').map((r) => r.id));
  return out;
}

/**
 * A filter over the sorted handlers that keeps the first `top` of the grid workers and of the party members (all of
 * a role listed whole: `counts`, how many handlers each role has, as busiestOfEachRole counted them).
 */
function keepTop(listing: HandlerListing, counts: { grid_worker: number; party_member: number }): (row: WorkerRow) => boolean {
  const seen = { grid_worker: 0, party_member: 0 };
  return (row) => {
    if (row.role !== 'grid_worker' && row.role !== 'party_member') return true;
    return listsWhole(listing, row.role, counts[row.role]) || ++seen[row.role] <= listing.top;
  };
}
