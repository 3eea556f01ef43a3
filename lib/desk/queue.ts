// Reads for the secretary's queue: one keyset page of cases under the filters, and the counts of the saved views.
import type { DB } from '@/db/client';
import { boundedCount, caseListRows, COUNT_CAP, keysetPage, LIST_ORDERS, type BoundedCount, type CaseListRow, type Cursor } from '@/lib/cases/case-list';
import type { Viewer } from '@/lib/cases/visibility';
import { chinaDayStart, parseQueueFilters, queueWhere, SAVED_VIEW_KEYS, type QueueFilters, type SavedView } from './filters';

export type QueueRow = CaseListRow;

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
  if (!filters.at || filters.sort === 'due') return undefined;
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
export function queuePage(db: DB, viewer: Viewer, filters: QueueFilters, now: Date): QueuePage {
  const where = queueWhere(viewer, filters, now);
  const order = LIST_ORDERS[filters.sort];
  const after = filters.after ?? dayCursor(filters);
  let page = keysetPage(db, where, order, filters.pageSize, filters.before ? { before: filters.before } : { after });
  // A 上一页 that reaches the start of the list shows the first page, full, without a 上一页 of its own.
  let atStart = !filters.before && !after;
  if (filters.before && !page.hasBefore) {
    page = keysetPage(db, where, order, filters.pageSize);
    atStart = true;
  }
  return {
    rows: caseListRows(db, page.ids, now),
    prev: page.hasBefore && page.first && !atStart ? page.first : null,
    next: page.hasAfter && page.last ? page.last : null,
    atStart,
    pageSize: filters.pageSize,
  };
}

export type ViewCounts = Record<SavedView | 'all', BoundedCount>;

/**
 * How many cases each saved view holds, under the other filters of the current URL (so the tabs
 * answer "how many of these are overdue?"), plus `all` without a view. Each count stops at
 * COUNT_CAP unless `exact` (one tap away on the page), so a view costs at most that many index
 * entries however large the scope; the open-work views are far below it and so exact.
 */
export function savedViewCounts(db: DB, viewer: Viewer, filters: Partial<QueueFilters>, now: Date, exact = false): ViewCounts {
  const cap = exact ? null : COUNT_CAP;
  // Each tab counts exactly what the queue would list under it (the same condition, the same plan).
  const counts = { all: boundedCount(db, queueWhere(viewer, { ...filters, view: undefined }, now), cap) } as ViewCounts;
  for (const view of SAVED_VIEW_KEYS) counts[view] = boundedCount(db, queueWhere(viewer, { ...filters, view }, now), cap);
  return counts;
}

export type DeskQueueResult = QueuePage & { filters: QueueFilters; problems: string[]; counts: ViewCounts; total: BoundedCount };

/** Everything the queue page reads for one URL. */
export function loadDeskQueue(db: DB, viewer: Viewer, raw: Record<string, unknown>, now: Date): DeskQueueResult {
  const { filters, problems } = parseQueueFilters(raw);
  const counts = savedViewCounts(db, viewer, filters, now, filters.count === 'exact');
  const page = queuePage(db, viewer, filters, now);
  return { ...page, filters, problems, counts, total: counts[filters.view ?? 'all'] };
}
