// Reads for the secretary's queue: one keyset page of cases under the filters, and the counts of the saved views.
import { and, count, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Rating } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { cases, caseSupports } from '@/db/tables';
import {
  COUNT_CAP,
  LIST_ORDERS,
  readBoundedCount,
  readCaseListRows,
  readKeysetPage,
  readSearchCounts,
  SEARCH_ORDERS,
  type BoundedCount,
  type CaseListRow,
  type Cursor,
  type ListOrder,
} from '@/lib/cases/case-list';
import type { Viewer } from '@/lib/cases/visibility';
import { activeWorkOnly, chinaDayStart, DEFAULT_PAGE_SIZE, parseQueueFilters, queueOrder, queueWhere, ratingIs, SAVED_VIEW_KEYS, type QueueFilters, type SavedView } from './filters';
import { SEARCH_DRIVES_LISTS, textSearch } from './text-search';

/** A queue row, with the ratings its supporters (附议) gave, per rating (null: none rated). */
export type QueueRow = CaseListRow & { supporterRatings: Partial<Record<Rating, number>> | null };

/** The supporters' ratings of the page's cases that have supporters: one grouped read of case_supports. */
async function withSupporterRatings(db: AppDb, rows: CaseListRow[]): Promise<QueueRow[]> {
  const ids = rows.filter((r) => r.supportCount > 0).map((r) => r.id);
  const found = new Map<number, Partial<Record<Rating, number>>>();
  if (ids.length > 0) {
    const counts = await db
      .select({ caseId: caseSupports.caseId, rating: caseSupports.rating, n: count() })
      .from(caseSupports)
      .where(and(inArray(caseSupports.caseId, ids), isNotNull(caseSupports.rating)))
      .groupBy(caseSupports.caseId, caseSupports.rating);
    for (const c of counts) if (c.rating) found.set(c.caseId, { ...found.get(c.caseId), [c.rating]: Number(c.n) });
  }
  return rows.map((r) => ({ ...r, supporterRatings: found.get(r.id) ?? null }));
}

export type QueuePage = {
  rows: QueueRow[];
  /** Cursors for 上一页 / 下一页; null where there is nothing more that way. */
  prev: Cursor | null;
  next: Cursor | null;
  /** True when this is the start of the list (no cursor, or a 上一页 that reached the start). */
  atStart: boolean;
  pageSize: number;
};

const DAY_MS = 86_400_000;

/** "跳到日期": the cursor just before the first row of that China-time day, in the list's direction. */
function dayCursor(filters: QueueFilters): Cursor | undefined {
  if (!filters.at || filters.sort === 'due' || filters.sort === 'supported') return undefined;
  const start = chinaDayStart(filters.at).getTime();
  // Newest first: rows before the next day's midnight (id 0 sorts after every id there).
  // Oldest first: rows from the day's midnight on.
  return LIST_ORDERS[filters.sort].direction === 'desc' ? { key: start + DAY_MS, id: 0 } : { key: start, id: 0 };
}

/**
 * One page of the queue. The page's ids are found on the cases table alone, by keyset from the
 * cursor along an index that starts with the order key or a filter's column (db/schema.ts), so
 * page 1 and page 1,000 cost the same; only those rows are then joined for display.
 */
/**
 * A text search the full-text index drives: the filters without the indexed terms, the FTS5 query, and the
 * order. Only newest or oldest first (submission order, SEARCH_ORDERS) and not for open work, which its
 * status index finds faster than a walk through a word's matches; null otherwise (the search is then one
 * condition among the others). Always null on PostgreSQL, where a search is such a condition (text-search.ts).
 */
export function searchDriven(viewer: Viewer, filters: Partial<QueueFilters>, now: Date): { where: SQL; match: SQL; order: ListOrder } | null {
  if (!SEARCH_DRIVES_LISTS || !filters.q || filters.at || activeWorkOnly(filters)) return null;
  if (filters.sort !== undefined && filters.sort !== 'newest' && filters.sort !== 'oldest') return null;
  const { match, rest } = textSearch(filters.q);
  if (!match) return null;
  const where = queueWhere(viewer, { ...filters, q: undefined }, now, { overdueByDeadline: true });
  return { where: rest ? and(where, rest)! : where, match, order: SEARCH_ORDERS[filters.sort ?? 'newest'] };
}

export async function queuePage(db: AppDb, viewer: Viewer, filters: QueueFilters, now: Date): Promise<QueuePage> {
  const search = searchDriven(viewer, filters, now);
  const where = search?.where ?? queueWhere(viewer, filters, now, { overdueByDeadline: true });
  const order = search?.order ?? queueOrder(filters);
  const after = filters.after ?? dayCursor(filters);
  const size = filters.pageSize ?? DEFAULT_PAGE_SIZE;
  let page = await readKeysetPage(db, where, order, size, filters.before ? { before: filters.before } : { after }, search?.match);
  // A 上一页 that reaches the start of the list shows the first page, full, without a 上一页 of its own.
  let atStart = !filters.before && !after;
  if (filters.before && !page.hasBefore) {
    page = await readKeysetPage(db, where, order, size, {}, search?.match);
    atStart = true;
  }
  return {
    rows: await withSupporterRatings(db, await readCaseListRows(db, page.ids, now)),
    prev: page.hasBefore && page.first && !atStart ? page.first : null,
    next: page.hasAfter && page.last ? page.last : null,
    atStart,
    pageSize: size,
  };
}

export type ViewCounts = Record<SavedView | 'all', BoundedCount>;

/**
 * How many cases each saved view holds, under the other filters of the current URL (so the tabs
 * answer "how many of these are overdue?"), plus `all` without a view. Each count stops at
 * COUNT_CAP unless `exact` (one tap away on the page), so a view costs at most that many index
 * entries however large the scope; the open-work views are far below it and so exact.
 */
export async function savedViewCounts(db: AppDb, viewer: Viewer, filters: Partial<QueueFilters>, now: Date, exact = false): Promise<ViewCounts> {
  const cap = exact ? null : COUNT_CAP;
  // Each tab counts exactly what the queue would list under it (the same condition, the same plan).
  const base = { ...filters, view: undefined };
  // A search that is not of open work alone counts every tab in one walk of its newest matches (searchCounts).
  const search = searchDriven(viewer, { ...base, sort: undefined }, now);
  let all: BoundedCount | undefined;
  let views: BoundedCount[];
  if (search) {
    const { rest } = textSearch(filters.q!);
    const wheres = [search.where, ...SAVED_VIEW_KEYS.map((view) => and(queueWhere(viewer, { ...base, q: undefined, view }, now, { overdueByDeadline: true }), rest ?? undefined)!)];
    [all, ...views] = await readSearchCounts(db, wheres, search.match, cap);
  } else {
    // Side by side: on PostgreSQL each count runs on a connection of its own, at once (SQLite runs them in turn).
    [all, ...views] = await Promise.all([
      readBoundedCount(db, queueWhere(viewer, base, now, { overdueByDeadline: true, forCount: true }), cap),
      ...SAVED_VIEW_KEYS.map((view) => readBoundedCount(db, queueWhere(viewer, { ...filters, view }, now, { overdueByDeadline: true, forCount: true }), cap)),
    ]);
  }
  return Object.fromEntries([['all', all!], ...SAVED_VIEW_KEYS.map((view, i) => [view, views[i]!])]) as ViewCounts;
}

/** The ratings behind a rating filter: the residents' own and their supporters', as 满意率 counts them. */
export type RatingTally = { own: number; supporters: number };

/**
 * For a statistics drill-down (a rating filter with `supporters`): how many ratings the listed cases hold, the
 * residents' own and the supporters' — the figure the statistics page showed (已评价, 不满意 …), where a case
 * counts once per rating, not once. Null for any other queue.
 */
export async function ratingTally(db: AppDb, viewer: Viewer, filters: Partial<QueueFilters>, now: Date): Promise<RatingTally | null> {
  const rating = filters.rating;
  if (!filters.supporters || !rating || rating === 'none') return null;
  const where = queueWhere(viewer, filters, now);
  const [own] = await db.select({ n: count() }).from(cases).where(and(where, ratingIs(sql`${cases.rating}`, rating)));
  const [theirs] = await db
    .select({ n: count() })
    .from(caseSupports)
    .innerJoin(cases, eq(cases.id, caseSupports.caseId))
    .where(and(where, ratingIs(sql`${caseSupports.rating}`, rating)));
  return { own: Number(own!.n), supporters: Number(theirs!.n) };
}

export type DeskQueueResult = QueuePage & { filters: QueueFilters; problems: string[]; counts: ViewCounts; total: BoundedCount; ratings: RatingTally | null };

/** Everything the queue page reads for one URL, from what parseQueueFilters made of its parameters. */
export async function loadDeskQueue(db: AppDb, viewer: Viewer, { filters, problems }: ReturnType<typeof parseQueueFilters>, now: Date): Promise<DeskQueueResult> {
  // The counts and the page at once (PostgreSQL: on connections of their own; a search's count and page each take
  // tens of milliseconds there).
  const [counts, page, ratings] = await Promise.all([
    savedViewCounts(db, viewer, filters, now, filters.count === 'exact'),
    queuePage(db, viewer, filters, now),
    ratingTally(db, viewer, filters, now),
  ]);
  return { ...page, filters, problems, counts, total: counts[filters.view ?? 'all'], ratings };
}
