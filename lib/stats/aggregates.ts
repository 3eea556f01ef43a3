// computeStats: the statistics of a scope and period read from the monthly aggregates the triggers of migrations 0013/0018/0023/0032 keep (the supporters' ratings included), plus the open cases and the days of partly covered months read directly.
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { chinaMonthOf, inIntegers, rawRows, rawValues } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import { cases, orgNodes } from '@/db/tables';
import { overdueCondition } from '@/lib/cases/queries';
import type { Viewer } from '@/lib/cases/visibility';
import { log } from '@/lib/log';
import { addMonths, chinaMonth, chinaStart } from './period';
import { GRID_COUNT_COLUMNS } from './periods';
import { claimRows, computeStatsDirect, countRows, dueCutoffOf, flag, hourRows, IS_OPEN, OPEN_CASES, overdueNowCount, RESOLVED, scopeWhere, supportRatingRows, type Span } from './direct';
import { addClaims, addHours, addRows, assemble, busiestOfEachRole, emptyTally, NO_COUNTS, type ClaimRow, type Counts, type HourRow, type Tally } from './tally';
import type { Role } from '@/db/schema';
import type { GridChoice } from './grids';
import { statsReadThreadFor } from './read-thread';
import type { HandlerListing, Stats, StatsPeriod } from './types';

/** Node kinds the aggregates are kept for as a scope: stats_grid_months is per grid, so nothing below one. */
const AGGREGATE_KINDS = new Set(['county', 'township', 'community', 'grid']);

type ScopeNode = { id: number; path: string };

/**
 * The tree nodes whose cases the viewer (and the chosen grid) cover, or null when the scope is
 * not a set of whole nodes at grid level or above (party members, unit liaisons, a building).
 */
async function scopeNodes(db: AppDb, viewer: Viewer, gridId: number | undefined): Promise<ScopeNode[] | null> {
  if (viewer.kind === 'account' && !['admin', 'secretary', 'grid_worker'].includes(viewer.role)) return null;
  const paths = [...viewer.scope.paths];
  if (paths.length === 0) return [];
  const nodes = await db.select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind }).from(orgNodes).where(inArray(orgNodes.path, paths));
  if (nodes.length !== paths.length || nodes.some((n) => !AGGREGATE_KINDS.has(n.kind))) return null;
  if (gridId === undefined) return nodes;
  const [grid] = await db.select({ id: orgNodes.id, path: orgNodes.path, kind: orgNodes.kind }).from(orgNodes).where(eq(orgNodes.id, gridId)).limit(1);
  if (!grid || grid.kind !== 'grid') return [];
  if (nodes.some((n) => grid.path.startsWith(n.path))) return [grid];
  // A scope inside the chosen grid never happens at grid level or above: nodes are disjoint otherwise.
  return [];
}

const inList = (ids: readonly number[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/** The grids under the nodes, for the per-grid table. */
function gridsUnder(nodes: readonly ScopeNode[]): SQL {
  const under = sql.join(nodes.map((n) => sql`${orgNodes.path} like ${`${n.path}%`}`), sql` or `);
  return sql`select ${orgNodes.id} from ${orgNodes} where ${orgNodes.kind} = 'grid' and (${under})`;
}

/** The count columns of the aggregate tables, in the order addCountsAt reads them. */
const PLACE_NAMES = GRID_COUNT_COLUMNS;
const PLACE_COLUMNS = sql.raw(PLACE_NAMES.join(', '));
const PLACE_SUMS = sql.raw(PLACE_NAMES.map((c) => `cast(coalesce(sum(${c}), 0) as integer) as ${c}`).join(', '));

const keyList = (keys: readonly string[]) => sql.join(keys.map((k) => sql`${k}`), sql`, `);

/**
 * Whole months [first, last] (YYYY-MM) as the fewest pieces the grid aggregates hold: whole calendar years ('YYYY')
 * and quarters ('YYYY-Qn') of stats_grid_periods, and the months left over. Twelve months are one year, four
 * quarters, or at most three months and three quarters.
 */
export function monthPieces(first: string, last: string): { periods: string[]; months: string[] } {
  const periods: string[] = [];
  const months: string[] = [];
  for (let m = first; m <= last; ) {
    const month = Number(m.slice(5, 7));
    if (month === 1 && addMonths(m, 11) <= last) {
      periods.push(m.slice(0, 4));
      m = addMonths(m, 12);
    } else if (month % 3 === 1 && addMonths(m, 2) <= last) {
      periods.push(`${m.slice(0, 4)}-Q${(month + 2) / 3}`);
      m = addMonths(m, 3);
    } else {
      months.push(m);
      m = addMonths(m, 1);
    }
  }
  return { periods, months };
}

/**
 * Adds the grid and handler counts of one grouping of stats_grid_months by grid × handler into the tally: a county's
 * year is ~40,000 grid × month × handler rows but only ~4,000 pairs, so the pairs are summed once and split here,
 * instead of summing every row twice (once per grid, and once more per handler after sorting them all by handler).
 * Straight into the tally's counts, as addRows would add the pair's grid row and handler row: "due" is only the
 * resolved part here (as in AGG_COUNTS), and handler 0 (no grid worker or party member holds the case) counts for
 * its grid only.
 */
function addPairs(t: Tally, pairs: readonly (readonly number[])[]): void {
  const roles = (t.roles ??= new Map());
  for (const p of pairs) {
    addCountsAt(t.dims.grid, String(p[0]), p, 2);
    if (p[1] === 0) continue;
    addCountsAt(t.dims.worker, String(p[1]), p, 2);
    // The handler's role, read with the pair (null: no such account, as the lookup in assemble would find none).
    const role = p[2 + PLACE_NAMES.length] as unknown as Role | null;
    if (role !== null) roles.set(Number(p[1]), role);
  }
}

/**
 * Adds the aggregate columns received … unsatisfied (PLACE_COLUMNS, from index `at` of the row) to a group of the
 * tally. The counts that depend on the clock are the open cases' (addOpenCases): "due" is only the resolved part here,
 * and nothing is overdue; "rated" is the three ratings.
 */
function addCountsAt(map: Map<string, Counts>, key: string, p: readonly number[], at: number): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = { ...NO_COUNTS }));
  c.received += p[at]!;
  c.rejected += p[at + 1]!;
  c.duplicate += p[at + 2]!;
  c.responded += p[at + 3]!;
  c.due += p[at + 4]!;
  c.resolved += p[at + 4]!;
  c.rated += p[at + 5]! + p[at + 6]! + p[at + 7]!;
  c.satisfied += p[at + 5]!;
  c.basically += p[at + 6]!;
  c.unsatisfied += p[at + 7]!;
}

/**
 * Whole months [first, last] from the aggregates, added into the tally. The scope's own rows (a few per month and
 * category) give the totals, months, categories and sources; the grids and handlers come from
 * one grouping of the grid aggregates by grid × handler (addPairs), or, given `ranked`, from addGridTotals and
 * addRankedHandlers.
 */
async function addAggregates(t: Tally, db: AppDb, nodes: readonly ScopeNode[], first: string, last: string, ranked?: HandlerListing): Promise<void> {
  // First, so that the read thread (when there is one) ranks while this thread reads the rest.
  const ranking = ranked ? rankedHandlers(db, nodes, first, last, ranked) : null;
  const ids = inList(nodes.map((n) => n.id));
  // The scope's own rows (a county's year: ~1,200), each added to the totals and to its month, category and source
  // here: one read instead of four groupings of them in SQL.
  const kinds = rawValues<(string | number)[]>(db, sql`
    select month, category_id, source, ${PLACE_COLUMNS} from stats_node_months
    where node_id in (${ids}) and month >= ${first} and month <= ${last}`).then((rows) => {
    for (const r of rows) {
      const counts = r as readonly number[];
      addCountsAt(t.dims.all, 'all', counts, 3);
      addCountsAt(t.dims.month, String(r[0]), counts, 3);
      // Category 0 is "none", kept as "null" as addRows keeps a null key.
      addCountsAt(t.dims.category, Number(r[1]) === 0 ? 'null' : String(r[1]), counts, 3);
      addCountsAt(t.dims.source, String(r[2]), counts, 3);
    }
  });
  const parts = gridParts(nodes, first, last);
  if (ranking) {
    // Side by side, each adding its own dimensions of the tally (computeStats).
    await Promise.all([kinds, addGridTotals(t, db, parts), ranking.then((r) => addRankedHandlers(t, r))]);
    return;
  }
  // Each handler's role comes along (looked up once per pair), so assemble need not look up a county's ~3,400 handlers again.
  const pairs = rawValues<number[]>(db, sql`
    select grid_id, worker_id, ${PLACE_SUMS}, (select a.role from accounts a where a.id = u.worker_id) as role
    from (${parts}) as u group by grid_id, worker_id`).then((rows) => addPairs(t, rows));
  await Promise.all([kinds, pairs]);
}

/** The first and last month of a run of monthPieces' years and quarters (they are always consecutive). */
function piecesSpan(periods: readonly string[]): { first: string; last: string } | null {
  if (periods.length === 0) return null;
  const start = (p: string) => (p.length === 4 ? `${p}-01` : `${p.slice(0, 4)}-${String(Number(p.slice(6)) * 3 - 2).padStart(2, '0')}`);
  const end = (p: string) => (p.length === 4 ? `${p}-12` : `${p.slice(0, 4)}-${String(Number(p.slice(6)) * 3).padStart(2, '0')}`);
  return { first: start(periods[0]!), last: end(periods.at(-1)!) };
}

/** The first month the year and quarter rollups do not hold yet ('' when they hold none; migration 0036). */
const OPEN_FROM = sql`coalesce((select month from stats_period_boundary), '')`;

/**
 * The rows of whole months [first, last] of a month table and its year and quarter rollup, as the fewest pieces
 * (monthPieces), in one statement: the rollup's years and quarters, the months of those years and quarters that the
 * rollup does not hold yet (from stats_period_boundary on: the current month, or more when the close-stats-months job
 * has not run since a month ended), and the months left over. One statement reads one snapshot, so a boundary moved
 * meanwhile (its months added into the rollup in the same transaction) counts every month exactly once.
 * `table` and `rollup` are the code's own table names, `columns` its own column list; `where` picks the scope.
 */
function wholeMonths(table: string, rollup: string, columns: SQL, where: SQL, first: string, last: string): SQL {
  const { periods, months } = monthPieces(first, last);
  const span = piecesSpan(periods);
  const parts: SQL[] = [];
  if (span) {
    parts.push(sql`select ${columns} from ${sql.identifier(rollup)} where ${where} and period in (${keyList(periods)})`);
    parts.push(sql`select ${columns} from ${sql.identifier(table)} where ${where}
      and month >= (case when ${OPEN_FROM} > ${span.first} then ${OPEN_FROM} else ${span.first} end) and month <= ${span.last}`);
  }
  if (months.length > 0) parts.push(sql`select ${columns} from ${sql.identifier(table)} where ${where} and month in (${keyList(months)})`);
  return sql.join(parts, sql` union all `);
}

/** The grid × handler rows of whole months, from stats_grid_months and its rollup stats_grid_periods (wholeMonths). */
function gridParts(nodes: readonly ScopeNode[], first: string, last: string): SQL {
  return wholeMonths('stats_grid_months', 'stats_grid_periods', sql`grid_id, worker_id, ${PLACE_COLUMNS}`, sql`grid_id in (${gridsUnder(nodes)})`, first, last);
}

/** The grid × claimant rows of whole months, from stats_grid_claims and its rollup stats_grid_claim_periods (wholeMonths). */
function claimParts(nodes: readonly ScopeNode[], first: string, last: string): SQL {
  return wholeMonths('stats_grid_claims', 'stats_grid_claim_periods', sql`account_id, claims, done`, sql`grid_id in (${gridsUnder(nodes)})`, first, last);
}

/** Each grid's counts of whole months (its handlers summed in SQL: a county's 429 rows, not its ~3,800 grid × handler pairs). */
async function addGridTotals(t: Tally, db: AppDb, parts: SQL): Promise<void> {
  const rows = await rawValues<number[]>(db, sql`select grid_id, ${PLACE_SUMS} from (${parts}) as u group by grid_id`);
  for (const r of rows) addCountsAt(t.dims.grid, String(r[0]), r, 1);
}

/** rankHandlers' answer. */
export type RankedHandlers = {
  /** How many handlers each role has. */
  counts: { grid_worker: number; party_member: number; other: number };
  /** The party members' claims in all. */
  claims: { claims: number; done: number };
  /** The listed handlers, in the order busiestOfEachRole lists them. */
  listed: [id: number, role: Role, claims: number, done: number][];
  /** The listed handlers' counts: worker_id, then the PLACE_NAMES columns (none for a handler of claims only). */
  rows: number[][];
};

/**
 * The handler breakdown of whole months: only the handlers the page lists come back with their counts (the `top`
 * busiest grid workers and party members, every one of `full`'s role, every other handler), with how many handlers
 * each role has and the party members' claims in all, instead of a county's ~3,800 grid × handler pairs and ~3,000
 * claimants read into JavaScript with every count. Exactly what assemble lists from every handler: the handlers are
 * those with requests received (handler 0, none, is not one) and the party members with claims (only a party member's
 * claims count, as in aggregateClaims); the handlers tied at the `top`-th count are listed too (rank() semantics), as
 * busiestOfEachRole keeps them, for assemble to order by name and cut.
 *
 * Two reads: every handler's received count, claims and role, narrow rows summed in SQL (a county's ~3,400) and
 * ranked here by busiestOfEachRole, as assemble ranks them; then the full counts of the listed handlers only.
 * Ranking with SQL window functions (rank() and counts over each role) cost a county's year ~10 ms more than the
 * sums they ranked.
 *
 * Plain data (RankedHandlers), so that the statistics' read thread can send it back (rankedHandlers).
 */
export async function rankHandlers(db: AppDb, nodes: readonly ScopeNode[], first: string, last: string, listing: HandlerListing): Promise<RankedHandlers> {
  const parts = gridParts(nodes, first, last);
  type Handler = [id: number, role: Role, received: number, claims: number, done: number];
  const handlers = await rawValues<Handler>(db, sql`
    select h.id, a.role, h.received, h.claims, h.done from (
      select u.id as id, cast(sum(u.received) as integer) as received, cast(sum(u.claims) as integer) as claims, cast(sum(u.done) as integer) as done from (
        select worker_id as id, received, 0 as claims, 0 as done from (${parts}) as p where worker_id <> 0
        union all
        select account_id as id, 0 as received, claims, done from (${claimParts(nodes, first, last)}) as q
      ) as u group by u.id
    ) as h join accounts a on a.id = h.id
    where h.received > 0 or (h.claims > 0 and a.role = 'party_member')`);

  const counts = { grid_worker: 0, party_member: 0, other: 0 };
  const claims = { claims: 0, done: 0 };
  const byId = new Map<number, Handler>();
  for (const h of handlers) {
    const [id, role, , claimed, done] = h;
    byId.set(Number(id), h);
    counts[role === 'grid_worker' || role === 'party_member' ? role : 'other']++;
    if (role === 'party_member' && Number(claimed) > 0) {
      claims.claims += Number(claimed);
      claims.done += Number(done);
    }
  }
  // The same cut as assemble makes from every handler: rank() <= top, ties kept.
  const ids = busiestOfEachRole(
    handlers.map(([id, role]) => ({ id: Number(id), role })),
    (id) => Number(byId.get(id)![2]),
    listing,
  );
  const listed = ids.map((id): RankedHandlers['listed'][number] => {
    const [, role, , claimed, done] = byId.get(id)!;
    return [id, role, Number(claimed), Number(done)];
  });
  // `+worker_id`, an expression and not the column: with the column SQLite seeks the primary key once per grid ×
  // period × listed id (a county: 429 × 61, 5 ms) instead of filtering the scope's rows it reads anyway (0.5 ms).
  const rows =
    ids.length === 0
      ? []
      : await rawValues<number[]>(db, sql`
          select worker_id, ${PLACE_SUMS} from (${parts}) as p
          where ${inIntegers(sql`+worker_id`, ids)} group by worker_id`);
  return { counts, claims, listed, rows };
}

/** Adds rankHandlers' answer into the tally. */
function addRankedHandlers(t: Tally, { counts, claims, listed, rows }: RankedHandlers): void {
  const roles = (t.roles ??= new Map());
  for (const [id, role, claimed, done] of listed) {
    roles.set(id, role);
    // A listed handler with no request received (a party member with claims only) is listed with zeros.
    if (!t.dims.worker.has(String(id))) t.dims.worker.set(String(id), { ...NO_COUNTS });
    if (role === 'party_member' && claimed > 0) t.claims.set(id, { claims: claimed, done });
  }
  for (const r of rows) addCountsAt(t.dims.worker, String(r[0]), r, 1);
  t.handlers = { counts, listed: listed.map(([id]) => id), claims };
}

/**
 * rankHandlers on the statistics' read thread when the server has one (lib/stats/read-thread.ts), posted at once so
 * that it reads while this thread reads the rest; here otherwise, or when the thread fails the call.
 */
function rankedHandlers(db: AppDb, nodes: readonly ScopeNode[], first: string, last: string, listing: HandlerListing): Promise<RankedHandlers> {
  const thread = statsReadThreadFor(db);
  if (!thread) return rankHandlers(db, nodes, first, last, listing);
  // Plain copies: the nodes may carry more than the thread needs.
  const args = [nodes.map(({ id, path }) => ({ id, path })), first, last, { ...listing }];
  return thread.call<RankedHandlers>('rankHandlers', args).catch((error: unknown) => {
    log.warn('statistics: the read thread failed a ranking; read here instead', { error: error instanceof Error ? error.message : String(error) });
    return rankHandlers(db, nodes, first, last, listing);
  });
}

/**
 * The clock-dependent part of whole months, from the open cases only: those whose resolve
 * deadline has passed the cutoff are due (and unresolved), and those past a deadline now are overdue.
 * Only the open cases that are either are read (the others add nothing), and each is added to its
 * six groups here, straight into the tally's counts as addRows would add its six rows (a county's year holds
 * thousands of open cases: no row objects for them), rather than by six groupings in SQL.
 */
async function addOpenCases(t: Tally, db: AppDb, viewer: Viewer, gridId: number | undefined, span: Span, now: Date, dueCutoff: Date): Promise<void> {
  const where = and(IS_OPEN, gte(cases.createdAt, span.from), lt(cases.createdAt, span.to), scopeWhere(viewer, gridId))!;
  type Open = [gridId: number, workerId: number | null, categoryId: number | null, source: string, month: string, due: number, overdue: number];
  const open = await rawValues<Open>(db, sql`
    select * from (
      select ${cases.gridId} as grid_id,
        case when ${cases.handlerKind} in ('grid_worker', 'party_member') then ${cases.handlerAccountId} end as worker_id,
        ${cases.categoryId} as category_id, ${cases.source} as source,
        ${chinaMonthOf(cases.createdAt)} as month,
        ${flag(sql`${lt(cases.resolveDueAt, dueCutoff)} and not (${RESOLVED})`)} as due,
        ${flag(overdueCondition(now))} as overdue
      from ${OPEN_CASES} where ${where}
    ) as o where due = 1 or overdue = 1`);
  const add = (map: Map<string, Counts>, key: string, due: number, overdue: number) => {
    let c = map.get(key);
    if (!c) map.set(key, (c = { ...NO_COUNTS }));
    c.due += due;
    c.overdue += overdue;
  };
  for (const [grid, worker, category, source, month, rawDue, rawOverdue] of open) {
    const due = Number(rawDue);
    const overdue = Number(rawOverdue);
    add(t.dims.all, 'all', due, overdue);
    add(t.dims.grid, String(grid), due, overdue);
    add(t.dims.month, String(month), due, overdue);
    // A null category is kept as "null", as addRows keeps a null key.
    add(t.dims.category, String(category), due, overdue);
    add(t.dims.source, String(source), due, overdue);
    // No handler: counted in every group but the handlers' (as addRows drops a null handler).
    if (worker !== null && Number(worker) !== 0) add(t.dims.worker, String(worker), due, overdue);
  }
}

function aggregateHours(db: AppDb, nodes: readonly ScopeNode[], first: string, last: string): Promise<HourRow[]> {
  // From stats_node_hours and its rollup stats_node_hour_periods (wholeMonths).
  const parts = wholeMonths('stats_node_hours', 'stats_node_hour_periods', sql`kind, bucket, n`, sql`node_id in (${inList(nodes.map((n) => n.id))})`, first, last);
  return rawRows<HourRow>(db, sql`select kind, bucket, cast(sum(n) as integer) as n from (${parts}) as u group by kind, bucket`);
}

async function aggregateClaims(db: AppDb, nodes: readonly ScopeNode[], first: string, last: string): Promise<ClaimRow[]> {
  // Summed per account first, then each account's role looked up once (a county's year holds ~30,000 claim rows of ~3,000 accounts).
  // As arrays, not row objects: ~3,000 rows on a county.
  const rows = await rawValues<[number, number, number]>(db, sql`
    select c.account_id as account_id, cast(sum(c.claims) as integer) as claims, cast(sum(c.done) as integer) as done
    from (${claimParts(nodes, first, last)}) c
    group by c.account_id
    having sum(c.claims) > 0 and (select a.role from accounts a where a.id = c.account_id) = 'party_member'`);
  return rows.map(([accountId, claims, done]) => ({ accountId: Number(accountId), claims: Number(claims), done: Number(done) }));
}

/** The claimants of aggregateClaims are party members (its HAVING): their roles, known without another lookup. */
function noteClaimants(t: Tally, rows: readonly ClaimRow[]): void {
  const roles = (t.roles ??= new Map());
  for (const r of rows) roles.set(r.accountId, 'party_member');
}

/** A span of days read from the cases, added to the tally (+1) or taken from it (-1). */
type DirectPart = { span: Span; sign: 1 | -1 };

/**
 * How a period is counted: whole China-time months [first, last] from the aggregates (none when
 * first > last), and spans of days read from the cases. A month the period only partly covers is
 * read whichever way touches fewer days: its days inside the period are added, or the whole month
 * is taken from the aggregates and its days outside the period are subtracted (every count,
 * bucket and claim is a sum over cases or claim events, so the difference is exact). A period of
 * 10 January to 20 November reads 9 + 10 days of cases, not 22 + 20.
 */
export function planPeriod(period: Span): { first: string; last: string; span: Span | null; direct: DirectPart[] } {
  const ms = (d: Date) => d.getTime();
  const startMonth = chinaMonth(period.from);
  const startOf = chinaStart(startMonth);
  // The month that holds the last instant of the period.
  const endMonth = chinaMonth(new Date(ms(period.to) - 1));
  const endOf = chinaStart(addMonths(endMonth, 1));
  let first = startMonth;
  let last = endMonth;
  const direct: DirectPart[] = [];
  const part = (from: Date, to: Date, sign: 1 | -1) => {
    if (from < to) direct.push({ span: { from, to }, sign });
  };
  if (startMonth === endMonth) {
    // One month: the period's own days, or the month less the days before and after them.
    const outside = ms(period.from) - ms(startOf) + (ms(endOf) - ms(period.to));
    if (outside > 0 && outside >= ms(period.to) - ms(period.from)) {
      part(period.from, period.to, 1);
      return { first, last: addMonths(first, -1), span: null, direct };
    }
    part(startOf, period.from, -1);
    part(period.to, endOf, -1);
  } else {
    const startNext = chinaStart(addMonths(startMonth, 1));
    if (ms(period.from) - ms(startOf) >= ms(startNext) - ms(period.from)) {
      part(period.from, startNext, 1);
      first = addMonths(startMonth, 1);
    } else part(startOf, period.from, -1);
    const endFirst = chinaStart(endMonth);
    if (ms(endOf) - ms(period.to) >= ms(period.to) - ms(endFirst)) {
      part(endFirst, period.to, 1);
      last = addMonths(endMonth, -1);
    } else part(period.to, endOf, -1);
  }
  return { first, last, span: first <= last ? { from: chinaStart(first), to: chinaStart(addMonths(last, 1)) } : null, direct };
}

/**
 * The statistics of the viewer's scope, or of one grid in it, for the cases created in
 * [from, to). Whole months come from the aggregates; the days of partly covered months are read
 * from the cases (see planPeriod), and so are the open cases. Everything is filtered by the
 * viewer's scope, so a grid outside it yields zeros, never another community's figures; pages
 * still refuse such a grid. Equal to computeStatsDirect (aggregates.test.ts). `scopeGrids`: gridsInScope(db,
 * viewer.scope) when the caller has it already (the stats page, for its picker), so it is not read twice.
 */
export async function computeStats(
  db: AppDb,
  viewer: Viewer,
  period: StatsPeriod,
  now: Date = new Date(),
  listing?: HandlerListing,
  scopeGrids?: readonly GridChoice[],
): Promise<Stats> {
  const nodes = await scopeNodes(db, viewer, period.gridId);
  if (nodes === null || period.to <= period.from) return computeStatsDirect(db, viewer, period, now, listing, scopeGrids);

  const dueCutoff = dueCutoffOf(period, now);
  const t = emptyTally();
  // The reads run side by side (on PostgreSQL each on a connection of its own; SQLite runs them in turn), each adding
  // into the tally as it arrives: every addition is a sum, so their order does not matter.
  const reads: Promise<unknown>[] = [];
  // No nodes: a grid outside the scope (or no scope), whose cases are none of the viewer's.
  if (nodes.length > 0) {
    const plan = planPeriod(period);
    if (plan.span) {
      // Whole months only (every preset period): the handlers' counts are final in the aggregates, so SQL can rank them
      // and return only those listed. Days read from the cases would change them after the ranking.
      const ranked = plan.direct.length === 0 ? listing : undefined;
      reads.push(
        addAggregates(t, db, nodes, plan.first, plan.last, ranked),
        addOpenCases(t, db, viewer, period.gridId, plan.span, now, dueCutoff),
        aggregateHours(db, nodes, plan.first, plan.last).then((hours) => addHours(t, hours)),
      );
      if (!ranked) {
        reads.push(
          aggregateClaims(db, nodes, plan.first, plan.last).then((claims) => {
            addClaims(t, claims);
            noteClaimants(t, claims);
          }),
        );
      }
    }
    // Every case of a scope at grid level or above lies in one of its grids: naming them lets SQLite seek each grid's days.
    const inGrids = sql`${cases.gridId} in (${gridsUnder(nodes)})`;
    for (const { span, sign } of plan.direct) {
      // The party members with claims on the scope's grids in the span's month (the span never leaves its month).
      const month = chinaMonth(span.from);
      const claimants = sql`select c.account_id from stats_grid_claims c join accounts a on a.id = c.account_id and a.role = 'party_member'
        where c.grid_id in (${gridsUnder(nodes)}) and c.month = ${month} and c.claims > 0`;
      reads.push(
        countRows(db, viewer, period.gridId, span, now, dueCutoff, inGrids).then((rows) => addRows(t, rows, sign)),
        hourRows(db, viewer, period.gridId, span, inGrids).then((rows) => addHours(t, rows, sign)),
        claimRows(db, viewer, period.gridId, span, claimants).then((rows) => addClaims(t, rows, sign)),
        // The supporters' (附议) ratings of the span's cases: the aggregates hold those of whole months (migration 0032).
        supportRatingRows(db, viewer, period.gridId, span, { byCase: true, narrow: inGrids }).then((rows) => addRows(t, rows, sign)),
      );
    }
  }
  const [overdueNow] = await Promise.all([overdueNowCount(db, viewer, period.gridId, now), ...reads]);
  return assemble(db, viewer.scope, period, now, dueCutoff, t, overdueNow, listing, scopeGrids);
}
