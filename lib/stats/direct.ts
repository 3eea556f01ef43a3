// The statistics computed straight from the cases of a scope and period: the reference the aggregates are tested against, and the way to count days that are not whole months.
// The definitions the SQL implements are written out for people in ./definitions.ts.
import { and, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { chinaMonthOf, indexedBy, msBetween, rawRows, rawValues } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import { accounts, caseEvents, cases, caseSupports } from '@/db/tables';
import { overdueCondition } from '@/lib/cases/queries';
import { visibleCases, type Viewer } from '@/lib/cases/visibility';
import { bucketOf } from './hours';
import { addClaims, addHours, addRows, assemble, emptyTally, type ClaimRow, type CountRow, type HourRow } from './tally';
import type { GridChoice } from './grids';
import type { HandlerListing, Stats, StatsPeriod } from './types';

/** An instant range [from, to). */
export type Span = { from: Date; to: Date };

/**
 * The same cases as `node_path like '/1/2/%'`, as a range SQLite can walk in an index: paths hold
 * only digits and slashes, and '0' follows '/', so every path under /1/2/ lies in ['/1/2/', '/1/20').
 * LIKE cannot use an index here (it ignores case, so its optimisation is off).
 */
function pathRange(viewer: Viewer): SQL | undefined {
  const pathScoped = viewer.kind === 'integration' || ['admin', 'secretary', 'grid_worker'].includes(viewer.role);
  if (!pathScoped || viewer.scope.paths.length === 0) return undefined;
  return or(...viewer.scope.paths.map((p) => and(gte(cases.nodePath, p), lt(cases.nodePath, `${p.slice(0, -1)}0`))));
}

/** The cases of the scope (and grid, if chosen), whatever their date. */
export function scopeWhere(viewer: Viewer, gridId: number | undefined): SQL {
  return and(visibleCases(viewer), pathRange(viewer), gridId === undefined ? undefined : eq(cases.gridId, gridId))!;
}

/**
 * When the case was first triaged (受理, 不予受理 or 标记重复). The timeline holds it, but reading
 * events per case costs a lookup per case; the state machine records the same instant on the case:
 * `accept` (only possible from 待受理, so only once) sets acceptedAt, and a reject or duplicate
 * straight from 待受理 sets closedAt. rates.test.ts checks this against the timeline.
 */
export const FIRST_TRIAGE = sql`coalesce(${cases.acceptedAt}, case when ${cases.status} in ('rejected', 'duplicate') then ${cases.closedAt} end)`;

export const RESOLVED = sql`${cases.status} in ('resolved', 'closed')`;

/**
 * The received cases: created in [from, to) in the viewer's scope (and the grid, if chosen).
 * `narrow` is a condition every one of them meets anyway, that lets SQLite find them faster
 * (computeStats passes the scope's grids: cases_grid_created_idx seeks each grid's days, where the
 * path range would walk every case of a county for a few days of it).
 */
function receivedWhere(viewer: Viewer, gridId: number | undefined, span: Span, narrow?: SQL): SQL {
  return and(scopeWhere(viewer, gridId), gte(cases.createdAt, span.from), lt(cases.createdAt, span.to), narrow)!;
}

/** 1 when the condition holds, 0 when it does not or is unknown (null): a count both engines can sum. */
export const flag = (condition: SQL): SQL => sql`case when ${condition} then 1 else 0 end`;

/** A sum of integers as an integer on both engines (PostgreSQL's sum of integers is a bigint, read as a string), 0 for none. */
export const intSum = (expression: SQL): SQL => sql`cast(coalesce(sum(${expression}), 0) as integer)`;

/** One row per received case with the flags of the definitions as 0/1; see ./definitions.ts. */
function flaggedCases(where: SQL, now: Date, dueCutoff: Date): SQL {
  return sql`select
      ${cases.gridId} as grid_id,
      case when ${cases.handlerKind} in ('grid_worker', 'party_member') then ${cases.handlerAccountId} end as worker_id,
      ${cases.categoryId} as category_id,
      ${cases.source} as source,
      ${chinaMonthOf(cases.createdAt)} as month,
      ${flag(sql`${cases.status} = 'rejected'`)} as rejected,
      ${flag(sql`${cases.status} = 'duplicate'`)} as duplicate,
      ${flag(sql`${FIRST_TRIAGE} <= ${cases.acceptDueAt}`)} as responded,
      ${flag(sql`${cases.status} not in ('rejected', 'duplicate') and (${RESOLVED} or ${lt(cases.resolveDueAt, dueCutoff)})`)} as due,
      ${flag(RESOLVED)} as resolved,
      ${flag(sql`${cases.rating} is not null`)} as rated,
      ${flag(sql`${cases.rating} = 'satisfied'`)} as satisfied,
      ${flag(sql`${cases.rating} = 'basically'`)} as basically,
      ${flag(sql`${cases.rating} = 'unsatisfied'`)} as unsatisfied,
      ${flag(overdueCondition(now))} as overdue
    from ${cases}
    where ${where}`;
}

const COUNT_COLUMNS = ['rejected', 'duplicate', 'responded', 'due', 'resolved', 'rated', 'satisfied', 'basically', 'unsatisfied', 'overdue'] as const;

// sql.raw below only ever receives the fixed column names of this module, never input.

/** First level: flags summed per small group ("resolved" counts only the due ones, as the rate needs). */
const SUM_FLAGS = sql.raw(
  ['cast(count(*) as integer) as received', ...COUNT_COLUMNS.map((c) => `cast(coalesce(sum(${c === 'resolved' ? 'due * resolved' : c}), 0) as integer) as ${c}`)].join(', '),
);
/** Second level: those sums added up per dimension. */
export const SUM_COUNTS = sql.raw(['received', ...COUNT_COLUMNS].map((c) => `cast(coalesce(sum(${c}), 0) as integer) as ${c}`).join(', '));

/**
 * Every grouping in one statement. The cases are flagged once, then summed into two small tables
 * (grid × handler × month, and category × source × month), and each dimension adds those up: two
 * sorts of every case instead of one per dimension.
 */
export async function countRowsWhere(db: AppDb, where: SQL, now: Date, dueCutoff: Date): Promise<CountRow[]> {
  // The keys as text on both engines (PostgreSQL does not unite integer and text columns); addRows reads them as strings.
  return rawRows<CountRow>(db, sql`
    with base as materialized (${flaggedCases(where, now, dueCutoff)}),
    by_place as materialized (select grid_id, worker_id, month, ${SUM_FLAGS} from base group by grid_id, worker_id, month),
    by_kind as materialized (select category_id, source, month, ${SUM_FLAGS} from base group by category_id, source, month)
    select 'all' as dim, cast(null as text) as key, ${SUM_COUNTS} from by_place
    union all select 'grid', cast(grid_id as text), ${SUM_COUNTS} from by_place group by grid_id
    union all select 'worker', cast(worker_id as text), ${SUM_COUNTS} from by_place where worker_id is not null group by worker_id
    union all select 'month', month, ${SUM_COUNTS} from by_place group by month
    union all select 'category', cast(category_id as text), ${SUM_COUNTS} from by_kind group by category_id
    union all select 'source', source, ${SUM_COUNTS} from by_kind group by source`);
}

/**
 * 附议: the supporters' ratings of the received cases, each added to its case's groups (grid, handler, month, category,
 * source) as one more rating (definitions.ts, 已评价件数). computeStatsDirect reads them here from case_supports for
 * the whole period; computeStats has them in the aggregates (migration 0032) and reads here only those of the days it
 * counts from the cases (`byCase`).
 *
 * Two ways round. Over a whole period (byCase false), the rated supports drive (case_supports_rating_idx), each
 * joined to its case by id: `cross join` is SQLite's way of fixing that order (PostgreSQL plans it as the inner join
 * it is). Joined the other way, SQLite walked every case of the scope and period looking for supports (a county's
 * year is ~330,000 cases, probed for supports it has none of). Over a few days (byCase, with `narrow` naming the
 * scope's grids), the cases of those days drive (cases_grid_created_idx) and each case's supports are found by its id
 * (case_supports_device_idx): a county's few thousand cases of those days, not every rated support of the database.
 */
export async function supportRatingRows(db: AppDb, viewer: Viewer, gridId: number | undefined, span: Span, { byCase = false, narrow }: { byCase?: boolean; narrow?: SQL } = {}): Promise<CountRow[]> {
  type Row = [grid: number, worker: number | null, category: number | null, source: string, month: string, satisfied: number, basically: number, unsatisfied: number];
  const joined = byCase ? sql`${cases} cross join ${caseSupports}` : sql`${caseSupports} cross join ${cases}`;
  const rows = await rawValues<Row>(db, sql`
    select ${cases.gridId} as grid_id, case when ${cases.handlerKind} in ('grid_worker', 'party_member') then ${cases.handlerAccountId} end as worker_id,
      ${cases.categoryId} as category_id, ${cases.source} as source, ${chinaMonthOf(cases.createdAt)} as month,
      ${intSum(flag(sql`${caseSupports.rating} = 'satisfied'`))} as satisfied, ${intSum(flag(sql`${caseSupports.rating} = 'basically'`))} as basically,
      ${intSum(flag(sql`${caseSupports.rating} = 'unsatisfied'`))} as unsatisfied
    from ${joined}
    where ${cases.id} = ${caseSupports.caseId} and ${caseSupports.rating} is not null and ${receivedWhere(viewer, gridId, span, narrow)}
    group by 1, 2, 3, 4, 5`);
  const out: CountRow[] = [];
  for (const [grid, worker, category, source, month, s, b, u] of rows) {
    const counts = { received: 0, rejected: 0, duplicate: 0, responded: 0, due: 0, resolved: 0, overdue: 0, rated: Number(s) + Number(b) + Number(u), satisfied: Number(s), basically: Number(b), unsatisfied: Number(u) };
    out.push(
      { dim: 'all', key: null, ...counts },
      { dim: 'grid', key: Number(grid), ...counts },
      { dim: 'month', key: month, ...counts },
      { dim: 'category', key: category === null ? null : Number(category), ...counts },
      { dim: 'source', key: source, ...counts },
    );
    if (worker !== null) out.push({ dim: 'worker', key: Number(worker), ...counts });
  }
  return out;
}

export function countRows(db: AppDb, viewer: Viewer, gridId: number | undefined, span: Span, now: Date, dueCutoff: Date, narrow?: SQL): Promise<CountRow[]> {
  return countRowsWhere(db, receivedWhere(viewer, gridId, span, narrow), now, dueCutoff);
}

/** The 0.1-hour buckets of the two durations of the received cases (kind 0: to first triage, 1: to resolution). */
export function hourRows(db: AppDb, viewer: Viewer, gridId: number | undefined, span: Span, narrow?: SQL): Promise<HourRow[]> {
  return rawRows<HourRow>(db, sql`
    with spans as materialized (
      select cast(${bucketOf(msBetween(FIRST_TRIAGE, cases.createdAt))} as integer) as accept_bucket,
        case when ${RESOLVED} then cast(${bucketOf(msBetween(cases.resolvedAt, cases.createdAt))} as integer) end as resolve_bucket
      from ${cases} where ${receivedWhere(viewer, gridId, span, narrow)}
    )
    select 0 as kind, accept_bucket as bucket, cast(count(*) as integer) as n from spans where accept_bucket is not null group by accept_bucket
    union all select 1, resolve_bucket, cast(count(*) as integer) from spans where resolve_bucket is not null group by resolve_bucket`);
}

/** 党员认领: claim events in the span on cases in scope, per claimant, with how many of those they have finished. */
/**
 * `claimants`: a list of party members holding every claimant of the scope in the span, when the
 * caller knows a shorter one than all of them (computeStats: those the claim aggregates name for
 * the scope's grids in those months, so a community does not walk the claims of a county's members).
 */
export async function claimRows(db: AppDb, viewer: Viewer, gridId: number | undefined, span: Span, claimants?: SQL): Promise<ClaimRow[]> {
  return await db
    .select({
      accountId: sql<number>`${caseEvents.actorAccountId}`,
      claims: sql<number>`cast(count(*) as integer)`,
      done: sql<number>`${intSum(flag(sql`${cases.status} in ('resolved', 'closed') and ${cases.handlerAccountId} = ${caseEvents.actorAccountId}`))}`,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(
      and(
        eq(caseEvents.action, 'claim'),
        gte(caseEvents.at, span.from),
        lt(caseEvents.at, span.to),
        // Only party members claim; naming them lets SQLite walk the (actor, action, at) index.
        claimants
          ? sql`${caseEvents.actorAccountId} in (${claimants})`
          : inArray(caseEvents.actorAccountId, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.role, 'party_member'))),
        scopeWhere(viewer, gridId),
      ),
    )
    .groupBy(caseEvents.actorAccountId);
}

/**
 * The open cases, written literally (not as bound parameters) so SQLite can use the partial index
 * cases_open_path_idx of migration 0013, whose WHERE is this very term.
 */
export const IS_OPEN = sql`${cases.status} in ('submitted', 'accepted', 'assigned', 'in_progress')`;

/** The cases table read through that index: SQLite would otherwise pick cases_status_idx and walk every open case of the database. */
export const OPEN_CASES = indexedBy(cases, 'cases_open_path_idx');

export async function overdueNowCount(db: AppDb, viewer: Viewer, gridId: number | undefined, now: Date): Promise<number> {
  const [row] = await rawRows<{ n: number }>(db, sql`select cast(count(*) as integer) as n from ${OPEN_CASES} where ${and(IS_OPEN, overdueCondition(now), scopeWhere(viewer, gridId))}`);
  return row?.n ?? 0;
}

export function dueCutoffOf(period: StatsPeriod, now: Date): Date {
  return new Date(Math.min(now.getTime(), period.to.getTime()));
}

/**
 * The statistics of the viewer's scope, or of one grid in it, for the cases created in
 * [from, to), read from every one of those cases. computeStats gives the same figures from the
 * aggregates; this is its reference in tests, and its answer for viewers whose scope is not a
 * set of tree nodes (party members, unit liaisons).
 */
export async function computeStatsDirect(
  db: AppDb,
  viewer: Viewer,
  period: StatsPeriod,
  now: Date = new Date(),
  listing?: HandlerListing,
  scopeGrids?: readonly GridChoice[],
): Promise<Stats> {
  const dueCutoff = dueCutoffOf(period, now);
  const t = emptyTally();
  addRows(t, await countRows(db, viewer, period.gridId, period, now, dueCutoff));
  addRows(t, await supportRatingRows(db, viewer, period.gridId, period));
  addHours(t, await hourRows(db, viewer, period.gridId, period));
  addClaims(t, await claimRows(db, viewer, period.gridId, period));
  return assemble(db, viewer.scope, period, now, dueCutoff, t, await overdueNowCount(db, viewer, period.gridId, now), listing, scopeGrids);
}
