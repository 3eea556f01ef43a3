// computeStats: the three rates, overdue work, durations and party claims of a scope and period, in a few grouped queries.
// The definitions the SQL implements are written out for people in ./definitions.ts.
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, caseEvents, cases, categories, CASE_SOURCES, type CaseSource, type Role } from '@/db/schema';
import { SOURCE_LABELS } from '@/lib/cases/labels';
import { overdueCondition } from '@/lib/cases/queries';
import { visibleCases, type Viewer } from '@/lib/cases/visibility';
import { gridsInScope } from './grids';
import { hourPercentiles } from './percentile';
import { monthName, monthsOf } from './period';
import type { CategoryRow, Figures, GridRow, MonthRow, Rate, SourceRow, Stats, StatsPeriod, WorkerRow } from './types';

/** The counts one GROUP BY yields per group; the rates are built from them. */
type Counts = {
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

type Dim = 'all' | 'grid' | 'worker' | 'category' | 'source' | 'month';
type CountRow = Counts & { dim: Dim; key: number | string | null };

const NO_COUNTS: Counts = { received: 0, rejected: 0, duplicate: 0, responded: 0, due: 0, resolved: 0, rated: 0, satisfied: 0, basically: 0, unsatisfied: 0, overdue: 0 };

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

function figures(c: Counts): Figures {
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

/** The cases of the scope (and grid, if chosen), whatever their date. */
function scopeWhere(viewer: Viewer, gridId: number | undefined): SQL {
  return gridId === undefined ? visibleCases(viewer) : and(visibleCases(viewer), eq(cases.gridId, gridId))!;
}

/**
 * When the case was first triaged (受理, 不予受理 or 标记重复). The timeline holds it, but reading
 * events per case costs a lookup per case; the state machine records the same instant on the case:
 * `accept` (only possible from 待受理, so only once) sets acceptedAt, and a reject or duplicate
 * straight from 待受理 sets closedAt. rates.test.ts checks this against the timeline.
 */
const FIRST_TRIAGE = sql`coalesce(${cases.acceptedAt}, case when ${cases.status} in ('rejected', 'duplicate') then ${cases.closedAt} end)`;

/** The received cases: created in [from, to) in the viewer's scope (and the grid, if chosen). */
function receivedWhere(viewer: Viewer, period: StatsPeriod): SQL {
  return and(scopeWhere(viewer, period.gridId), gte(cases.createdAt, period.from), lt(cases.createdAt, period.to))!;
}

const RESOLVED = sql`${cases.status} in ('resolved', 'closed')`;

/** One row per received case with the flags of the definitions as 0/1; see ./definitions.ts. */
function flaggedCases(viewer: Viewer, period: StatsPeriod, now: Date, dueCutoff: Date): SQL {
  return sql`select
      ${cases.gridId} as grid_id,
      case when ${cases.handlerKind} in ('grid_worker', 'party_member') then ${cases.handlerAccountId} end as worker_id,
      ${cases.categoryId} as category_id,
      ${cases.source} as source,
      strftime('%Y-%m', ${cases.createdAt} / 1000 + 28800, 'unixepoch') as month,
      ${cases.status} = 'rejected' as rejected,
      ${cases.status} = 'duplicate' as duplicate,
      coalesce(${FIRST_TRIAGE} <= ${cases.acceptDueAt}, 0) as responded,
      ${cases.status} not in ('rejected', 'duplicate') and (${RESOLVED} or coalesce(${cases.resolveDueAt} < ${dueCutoff.getTime()}, 0)) as due,
      ${RESOLVED} as resolved,
      ${cases.rating} is not null as rated,
      coalesce(${cases.rating} = 'satisfied', 0) as satisfied,
      coalesce(${cases.rating} = 'basically', 0) as basically,
      coalesce(${cases.rating} = 'unsatisfied', 0) as unsatisfied,
      coalesce((${overdueCondition(now)}), 0) as overdue
    from ${cases}
    where ${receivedWhere(viewer, period)}`;
}

const COUNT_COLUMNS = ['rejected', 'duplicate', 'responded', 'due', 'resolved', 'rated', 'satisfied', 'basically', 'unsatisfied', 'overdue'] as const;

// sql.raw below only ever receives the fixed column names of this module, never input.

/** First level: flags summed per small group ("resolved" counts only the due ones, as the rate needs). */
const SUM_FLAGS = sql.raw(
  ['count(*) as received', ...COUNT_COLUMNS.map((c) => (c === 'resolved' ? 'total(due and resolved) as resolved' : `total(${c}) as ${c}`))].join(', '),
);
/** Second level: those sums added up per dimension. */
const SUM_COUNTS = sql.raw(['received', ...COUNT_COLUMNS].map((c) => `total(${c}) as ${c}`).join(', '));

/**
 * Every grouping in one statement. The received cases are flagged once, then summed into two
 * small tables (grid × handler × month, and category × source: a few hundred rows for a year),
 * and each dimension adds those up: two sorts of every case instead of one per dimension.
 */
function countsByDimension(db: DB, viewer: Viewer, period: StatsPeriod, now: Date, dueCutoff: Date): CountRow[] {
  return db.all<CountRow>(sql`
    with base as materialized (${flaggedCases(viewer, period, now, dueCutoff)}),
    by_place as materialized (select grid_id, worker_id, month, ${SUM_FLAGS} from base group by grid_id, worker_id, month),
    by_kind as materialized (select category_id, source, ${SUM_FLAGS} from base group by category_id, source)
    select 'all' as dim, null as key, ${SUM_COUNTS} from by_place
    union all select 'grid', grid_id, ${SUM_COUNTS} from by_place group by grid_id
    union all select 'worker', worker_id, ${SUM_COUNTS} from by_place where worker_id is not null group by worker_id
    union all select 'month', month, ${SUM_COUNTS} from by_place group by month
    union all select 'category', category_id, ${SUM_COUNTS} from by_kind group by category_id
    union all select 'source', source, ${SUM_COUNTS} from by_kind group by source`);
}

/**
 * Median and p90 of the two durations. SQL ranks the values and returns only the (at most four)
 * neighbours each percentile interpolates between, instead of every duration.
 */
function durations(db: DB, viewer: Viewer, period: StatsPeriod): Pick<Stats, 'hoursToAccept' | 'hoursToResolve'> {
  const ranked = (column: 'accept_ms' | 'resolve_ms') => sql.raw(`
    select '${column}' as kind, i, n, ms from (
      select ${column} as ms, row_number() over (order by ${column}) - 1 as i, count(*) over () as n from spans where ${column} is not null
    ) where i in (cast((n - 1) * 0.5 as integer), cast((n - 1) * 0.5 as integer) + 1, cast((n - 1) * 0.9 as integer), cast((n - 1) * 0.9 as integer) + 1)`);
  const rows = db.all<{ kind: 'accept_ms' | 'resolve_ms'; i: number; n: number; ms: number }>(sql`
    with spans as materialized (
      select ${FIRST_TRIAGE} - ${cases.createdAt} as accept_ms, case when ${RESOLVED} then ${cases.resolvedAt} - ${cases.createdAt} end as resolve_ms
      from ${cases} where ${receivedWhere(viewer, period)}
    )
    ${ranked('accept_ms')} union all ${ranked('resolve_ms')}`);
  const of = (kind: 'accept_ms' | 'resolve_ms') => {
    const mine = rows.filter((r) => r.kind === kind);
    return hourPercentiles(mine[0]?.n ?? 0, new Map(mine.map((r) => [r.i, r.ms])));
  };
  return { hoursToAccept: of('accept_ms'), hoursToResolve: of('resolve_ms') };
}

/** 党员认领: claim events in the period on cases in scope, per claimant, with how many of those they have finished. */
function claimsByAccount(db: DB, viewer: Viewer, period: StatsPeriod) {
  return db
    .select({
      accountId: sql<number>`${caseEvents.actorAccountId}`,
      claims: sql<number>`count(*)`,
      done: sql<number>`coalesce(sum(${cases.status} in ('resolved', 'closed') and ${cases.handlerAccountId} = ${caseEvents.actorAccountId}), 0)`,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(
      and(
        eq(caseEvents.action, 'claim'),
        gte(caseEvents.at, period.from),
        lt(caseEvents.at, period.to),
        // Only party members claim; naming them lets SQLite walk the (actor, action, at) index.
        inArray(caseEvents.actorAccountId, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.role, 'party_member'))),
        scopeWhere(viewer, period.gridId),
      ),
    )
    .groupBy(caseEvents.actorAccountId)
    .all();
}

function overdueNow(db: DB, viewer: Viewer, gridId: number | undefined, now: Date): number {
  const row = db.select({ n: sql<number>`count(*)` }).from(cases).where(and(scopeWhere(viewer, gridId), overdueCondition(now))).get();
  return row?.n ?? 0;
}

function byKey(rows: CountRow[], dim: Dim): Map<string, Counts> {
  return new Map(rows.filter((r) => r.dim === dim).map((r) => [String(r.key), r]));
}

const mostReceived = (a: { received: number; name: string }, b: { received: number; name: string }) => b.received - a.received || a.name.localeCompare(b.name, 'zh-CN');

/**
 * The statistics of the viewer's scope, or of one grid in it, for the cases created in
 * [from, to). Everything is filtered by the viewer's visibility in SQL, so a grid outside the
 * scope yields zeros, never another community's figures; pages still refuse such a grid.
 */
export function computeStats(db: DB, viewer: Viewer, period: StatsPeriod, now: Date = new Date()): Stats {
  const dueCutoff = new Date(Math.min(now.getTime(), period.to.getTime()));
  const rows = countsByDimension(db, viewer, period, now, dueCutoff);
  const claims = claimsByAccount(db, viewer, period);

  const byGridCounts = byKey(rows, 'grid');
  const byGrid: GridRow[] = gridsInScope(db, viewer.scope, period.gridId).map((g) => ({
    gridId: g.id,
    name: g.name,
    communityName: g.communityName,
    ...figures(byGridCounts.get(String(g.id)) ?? NO_COUNTS),
  }));

  const workerCounts = byKey(rows, 'worker');
  const claimsOf = new Map(claims.map((c) => [String(c.accountId), c]));
  const workerIds = [...new Set([...workerCounts.keys(), ...claimsOf.keys()])].map(Number);
  const people = workerIds.length
    ? db.select({ id: accounts.id, name: accounts.displayName, role: accounts.role }).from(accounts).where(inArray(accounts.id, workerIds)).all()
    : [];
  const ROLE_ORDER: Role[] = ['grid_worker', 'party_member'];
  const byWorker: WorkerRow[] = people
    .map((p) => ({
      accountId: p.id,
      name: p.name,
      role: p.role,
      claims: claimsOf.get(String(p.id))?.claims ?? 0,
      claimsDone: claimsOf.get(String(p.id))?.done ?? 0,
      ...figures(workerCounts.get(String(p.id)) ?? NO_COUNTS),
    }))
    .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || mostReceived(a, b));

  const categoryCounts = byKey(rows, 'category');
  const categoryNames = new Map(db.select({ id: categories.id, name: categories.name }).from(categories).all().map((c) => [String(c.id), c.name]));
  const byCategory: CategoryRow[] = [...categoryCounts.entries()]
    .map(([key, c]) => ({
      categoryId: key === 'null' ? null : Number(key),
      name: key === 'null' ? '未分类' : (categoryNames.get(key) ?? `分类 ${key}`),
      ...figures(c),
    }))
    .sort(mostReceived);

  const sourceCounts = byKey(rows, 'source');
  const bySource: SourceRow[] = CASE_SOURCES.map((s: CaseSource) => ({ source: s, name: SOURCE_LABELS[s], ...figures(sourceCounts.get(s) ?? NO_COUNTS) }));

  const monthCounts = byKey(rows, 'month');
  const byMonth: MonthRow[] = monthsOf(period.from, period.to).map((m) => ({ month: m, name: monthName(m), ...figures(monthCounts.get(m) ?? NO_COUNTS) }));

  return {
    from: period.from,
    to: period.to,
    dueCutoff,
    now,
    gridId: period.gridId ?? null,
    totals: figures(rows.find((r) => r.dim === 'all') ?? NO_COUNTS),
    overdueNow: overdueNow(db, viewer, period.gridId, now),
    ...durations(db, viewer, period),
    partyClaims: { claims: claims.reduce((n, c) => n + c.claims, 0), done: claims.reduce((n, c) => n + c.done, 0) },
    byGrid,
    byWorker,
    byCategory,
    bySource,
    byMonth,
  };
}
