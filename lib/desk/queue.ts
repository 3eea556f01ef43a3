// Reads for the secretary's queue: one page of cases under the filters, and the counts of the saved views.
import { asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DB } from '@/db/client';
import { accounts, cases, categories, orgNodes, units } from '@/db/schema';
import { isOverdue } from '@/lib/cases/lifecycle';
import type { Viewer } from '@/lib/cases/visibility';
import { parseQueueFilters, queueWhere, savedViewCondition, SAVED_VIEW_KEYS, type QueueFilters, type QueueSort, type SavedView } from './filters';

const place = alias(orgNodes, 'place');
const grid = alias(orgNodes, 'grid');
const handler = alias(accounts, 'handler');

/** The deadline that runs now: acceptance while submitted, resolution while open, none after. */
const currentDue = sql`(case when ${cases.status} = 'submitted' then ${cases.acceptDueAt} when ${cases.status} in ('accepted', 'assigned', 'in_progress') then ${cases.resolveDueAt} end)`;

// Every order ends on the id, so pages never overlap or skip rows that share a timestamp.
// The Excel export lists rows in the same orders.
export const QUEUE_ORDERS: Record<QueueSort, SQL[]> = {
  newest: [desc(cases.createdAt), desc(cases.id)],
  oldest: [asc(cases.createdAt), asc(cases.id)],
  due: [sql`${currentDue} is null`, asc(currentDue), asc(cases.id)],
  updated: [desc(cases.updatedAt), desc(cases.id)],
};

export type QueueRow = {
  id: number;
  number: string;
  version: number;
  description: string;
  status: (typeof cases.$inferSelect)['status'];
  urgency: (typeof cases.$inferSelect)['urgency'];
  source: (typeof cases.$inferSelect)['source'];
  categoryName: string | null;
  gridId: number;
  gridName: string;
  placeName: string;
  place: string | null;
  handlerKind: (typeof cases.$inferSelect)['handlerKind'];
  handlerName: string | null;
  unitName: string | null;
  escalationLevel: number;
  supervised: boolean;
  reopenCount: number;
  rating: (typeof cases.$inferSelect)['rating'];
  createdAt: Date;
  acceptDueAt: Date;
  resolveDueAt: Date | null;
  resolvedAt: Date | null;
  overdue: boolean;
};

export type QueuePage = { total: number; page: number; pages: number; pageSize: number; rows: QueueRow[] };

/**
 * One page of the queue. Deep pages stay cheap: the page's ids are found first on the
 * cases table alone (an index walk, no joins), then only those rows are joined for display.
 * A page past the end shows the last page.
 */
export function queuePage(db: DB, viewer: Viewer, filters: QueueFilters, now: Date, knownTotal?: number): QueuePage {
  const where = queueWhere(viewer, filters, now);
  const total = knownTotal ?? db.select({ n: count() }).from(cases).where(where).get()!.n;
  const pages = Math.max(1, Math.ceil(total / filters.pageSize));
  const page = Math.min(filters.page, pages);
  const ids = db
    .select({ id: cases.id })
    .from(cases)
    .where(where)
    .orderBy(...QUEUE_ORDERS[filters.sort])
    .limit(filters.pageSize)
    .offset((page - 1) * filters.pageSize)
    .all()
    .map((r) => r.id);
  return { total, page, pages, pageSize: filters.pageSize, rows: rowsByIds(db, ids, now) };
}

function rowsByIds(db: DB, ids: number[], now: Date): QueueRow[] {
  if (ids.length === 0) return [];
  const rows = db
    .select({
      id: cases.id,
      number: cases.number,
      version: cases.version,
      description: cases.description,
      status: cases.status,
      urgency: cases.urgency,
      source: cases.source,
      categoryName: categories.name,
      gridId: cases.gridId,
      gridName: grid.name,
      placeName: place.name,
      place: cases.place,
      handlerKind: cases.handlerKind,
      handlerName: handler.displayName,
      unitName: units.name,
      escalationLevel: cases.escalationLevel,
      supervised: cases.supervised,
      reopenCount: cases.reopenCount,
      rating: cases.rating,
      createdAt: cases.createdAt,
      acceptDueAt: cases.acceptDueAt,
      resolveDueAt: cases.resolveDueAt,
      resolvedAt: cases.resolvedAt,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .leftJoin(handler, eq(handler.id, cases.handlerAccountId))
    .leftJoin(units, eq(units.id, cases.handlerUnitId))
    .where(inArray(cases.id, ids))
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ ...r, overdue: isOverdue(r, now) }] : [];
  });
}

export type ViewCounts = Record<SavedView | 'all', number>;

/**
 * How many cases each saved view holds, under the other filters of the current URL (so the
 * tabs answer "how many of these are overdue?"), plus `all` without a view, in one pass over
 * the visible cases. The queue's own total is one of these, so the page need not count twice.
 */
export function savedViewCounts(db: DB, viewer: Viewer, filters: Partial<QueueFilters>, now: Date): ViewCounts {
  const base = queueWhere(viewer, { ...filters, view: undefined }, now);
  const tally = (view: SavedView) => sql<number>`coalesce(sum(case when ${savedViewCondition(view, viewer, now)} then 1 else 0 end), 0)`;
  const row = db
    .select({ all: count(), ...Object.fromEntries(SAVED_VIEW_KEYS.map((k) => [k, tally(k)])) } as Record<SavedView | 'all', SQL<number>>)
    .from(cases)
    .where(base)
    .get() as Record<SavedView | 'all', number> | undefined;
  return Object.fromEntries(['all', ...SAVED_VIEW_KEYS].map((k) => [k, Number(row?.[k as SavedView] ?? 0)])) as ViewCounts;
}

export type DeskQueueResult = { filters: QueueFilters; problems: string[]; counts: ViewCounts; page: QueuePage };

/** Everything the queue page reads for one URL. */
export function loadDeskQueue(db: DB, viewer: Viewer, raw: Record<string, unknown>, now: Date): DeskQueueResult {
  const { filters, problems } = parseQueueFilters(raw);
  const counts = savedViewCounts(db, viewer, filters, now);
  const page = queuePage(db, viewer, filters, now, counts[filters.view ?? 'all']);
  return { filters, problems, counts, page };
}
