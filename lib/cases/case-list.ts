// The one way to list cases for staff: find one page of ids by keyset on the cases table alone, join only those
// rows for display, and count no further than needed. The desk queue, the worker home and the other staff lists share it.
import { and, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { atMs, caseDueKey, epochMs } from '@/db/dialect';
import { ENGINE } from '@/db/engine';
import type { AppDb } from '@/db/store';
import { accounts, cases, categories, orgNodes, units } from '@/db/tables';
import { isOverdue } from './lifecycle';

const place = alias(orgNodes, 'place');
const grid = alias(orgNodes, 'grid');
const handler = alias(accounts, 'handler');

/**
 * A list order: one numeric key, then the id in the same direction as the tie-breaker, so the order is
 * total and a page boundary is one (key, id) pair. Each key has an index (db/schema.ts) that starts with it.
 */
export type ListOrder = {
  key: SQL;
  direction: 'asc' | 'desc';
  /** The key alone orders the rows (no id tie-break). */
  unique?: boolean;
  /** The key is a timestamp: a cursor carries it as epoch milliseconds (db/dialect.ts epochMs/atMs). */
  time?: boolean;
};

export const LIST_ORDERS = {
  newest: { key: sql`${cases.createdAt}`, direction: 'desc', time: true },
  oldest: { key: sql`${cases.createdAt}`, direction: 'asc', time: true },
  updated: { key: sql`${cases.updatedAt}`, direction: 'desc', time: true },
  // The running deadline, nearest first, finished cases last: the very expression of cases_due_idx.
  due: { key: caseDueKey(), direction: 'asc', time: true },
  // 附议: the most supported first (cases_support_idx).
  supported: { key: sql`${cases.supportCount}`, direction: 'desc' },
} as const satisfies Record<string, ListOrder>;

/**
 * The orders of a text search that the full-text index drives (`readKeysetPage` with `match`, SQLite's FTS5 only): submission order,
 * which is the id's (a case's id and its created_at are assigned together, at submission). FTS5 walks its
 * matches in rowid order and stops after a page, so a search costs what it shows, not what matches county-wide.
 */
export const SEARCH_ORDERS = {
  newest: { key: sql`cases_fts.rowid`, direction: 'desc', unique: true },
  oldest: { key: sql`cases_fts.rowid`, direction: 'asc', unique: true },
} as const satisfies Record<string, ListOrder>;

/** A page boundary: the order key and id of the last (or first) row shown. */
export type Cursor = { key: number; id: number };

/** "1732500000000_1234" in the address bar: digits only, so it cannot carry anything else. */
export const cursorSchema = z
  .string({ error: '翻页位置无效' })
  .regex(/^\d{1,16}_\d{1,10}$/, '翻页位置无效')
  .transform((s, ctx) => {
    const [key, id] = s.split('_').map(Number) as [number, number];
    if (!Number.isSafeInteger(key) || id < 1 || id > 2_147_483_647) {
      ctx.addIssue({ code: 'custom', message: '翻页位置无效' });
      return z.NEVER;
    }
    return { key, id };
  });

export const formatCursor = (c: Cursor) => `${c.key}_${c.id}`;

/** Rows strictly after (or before) the cursor in the order; written so an index on the key can seek to it. */
function beyond(order: ListOrder, cursor: Cursor, side: 'after' | 'before'): SQL {
  const forward = (order.direction === 'asc') === (side === 'after');
  const past = forward ? gt : lt;
  const key = order.key;
  const at = order.time ? atMs(cursor.key) : sql`${cursor.key}`;
  return and(forward ? sql`${key} >= ${at}` : sql`${key} <= ${at}`, or(forward ? sql`${key} > ${at}` : sql`${key} < ${at}`, past(cases.id, cursor.id)))!;
}

export type KeysetPage = { ids: number[]; first: Cursor | null; last: Cursor | null; hasBefore: boolean; hasAfter: boolean };

/**
 * One page of case ids in `order` under `where`: the first page, the page after `after`, or the page
 * before `before`. Reads `size + 1` rows to know whether another page follows, never the rest.
 * `hasBefore` on a page after a cursor is true (the cursor's row came before); a page before a cursor
 * that reaches the start says so, and the caller shows the first page instead.
 */
export async function readKeysetPage(db: AppDb, where: SQL, order: ListOrder, size: number, at: { after?: Cursor; before?: Cursor } = {}, match?: SQL): Promise<KeysetPage> {
  return toKeysetPage(await keysetQuery(db, where, order, size, at, match), size, at);
}

function toKeysetPage(rows: { id: number; key: number }[], size: number, at: { after?: Cursor; before?: Cursor }): KeysetPage {
  const reverse = at.before !== undefined;
  const cursor = at.before ?? at.after;
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (reverse) page.reverse();
  const first = page[0] ? { key: Number(page[0].key), id: page[0].id } : null;
  const last = page.at(-1) ? { key: Number(page.at(-1)!.key), id: page.at(-1)!.id } : null;
  return {
    ids: page.map((r) => r.id),
    first,
    last,
    hasBefore: reverse ? more : cursor !== undefined,
    hasAfter: reverse ? true : more,
  };
}

/**
 * The statement behind `readKeysetPage`, also for checking its plan (lib/desk/queue-plans.test.ts).
 * With `match` (an FTS5 query, in one of SEARCH_ORDERS; SQLite only, see lib/desk/text-search.ts) the full-text
 * index drives: its matches in rowid order, each checked against `where` on its cases row, until a page is found.
 */
export function keysetQuery(db: AppDb, where: SQL, order: ListOrder, size: number, at: { after?: Cursor; before?: Cursor } = {}, match?: SQL) {
  const side = at.before ? 'before' : 'after';
  const cursor = at.before ?? at.after;
  const ascending = (order.direction === 'asc') !== (side === 'before');
  const dir = ascending ? sql`asc` : sql`desc`;
  const condition = cursor ? and(where, beyond(order, cursor, side))! : where;
  const orderBy = order.unique ? [sql`${order.key} ${dir}`] : [sql`${order.key} ${dir}`, sql`${cases.id} ${dir}`];
  const select = { id: cases.id, key: (order.time ? epochMs(order.key) : sql<number>`${order.key}`).as('list_key') };
  if (match !== undefined) {
    if (ENGINE !== 'sqlite') throw new Error('keysetQuery: a full-text match is SQLite FTS5 (PostgreSQL searches by condition)');
    return db
      .select(select)
      .from(sql`cases_fts`)
      .innerJoin(cases, sql`${cases.id} = cases_fts.rowid`)
      .where(and(sql`cases_fts match (${match})`, condition))
      .orderBy(...orderBy)
      .limit(size + 1);
  }
  return db
    .select(select)
    .from(cases)
    .where(condition)
    .orderBy(...orderBy)
    .limit(size + 1);
}

/** A count that stops at `cap`: exact below it, "at least cap" at it. Costs at most `cap` index entries. */
export type BoundedCount = { n: number; atLeast: boolean };

export const COUNT_CAP = 1000;

/** A bounded count on either engine (awaited). */
export async function readBoundedCount(db: AppDb, where: SQL, cap: number | null = COUNT_CAP): Promise<BoundedCount> {
  const [row] = await boundedCountQuery(db, where, cap);
  const n = Number(row!.n);
  return { n, atLeast: cap !== null && n >= cap };
}

/** The statement behind `readBoundedCount`, also for checking its plan. */
export function boundedCountQuery(db: AppDb, where: SQL, cap: number | null) {
  if (cap === null) return db.select({ n: sql<number>`count(*)` }).from(cases).where(where);
  return db.select({ n: sql<number>`count(*)` }).from(db.select({ one: sql`1` }).from(cases).where(where).limit(cap).as('bounded'));
}

/**
 * How many matches of a text search the count looks at before it says "at least": the newest SEARCH_WINDOW
 * matches of the full-text index, each checked against `where`. A common word in a small scope (a community's
 * share of a county-wide word) would otherwise cost one cases row per county-wide match.
 */
export const SEARCH_WINDOW = 2000;

/**
 * Bounded counts of a text search under several conditions at once (the queue's tabs), in one walk of
 * the newest SEARCH_WINDOW matches of the full-text index: each count is exact when the matches fit the
 * window, otherwise a lower bound marked `atLeast`. With `cap` null, every match is walked and counts are exact.
 * SQLite's FTS5 only (a search on PostgreSQL is a condition: lib/desk/text-search.ts).
 */
export async function readSearchCounts(db: AppDb, wheres: readonly SQL[], match: SQL, cap: number | null = COUNT_CAP): Promise<BoundedCount[]> {
  const [row] = (await searchCountQuery(db, wheres, match, cap)) as Record<string, number | null>[];
  const full = cap !== null && Number(row!.walked) > SEARCH_WINDOW;
  return wheres.map((_, i) => {
    const n = Number(row![`n${i}`] ?? 0);
    return cap === null ? { n, atLeast: false } : { n: Math.min(n, cap), atLeast: full || n >= cap };
  });
}

/** The statement behind `readSearchCounts`, also for checking its plan. */
export function searchCountQuery(db: AppDb, wheres: readonly SQL[], match: SQL, cap: number | null) {
  const sums = Object.fromEntries(wheres.map((w, i) => [`n${i}`, sql<number>`sum(case when ${w} then 1 else 0 end)`]));
  // One more than the window, to know whether it held every match.
  const source =
    cap === null
      ? sql`(select rowid from cases_fts where cases_fts match (${match})) as window`
      : sql`(select rowid from cases_fts where cases_fts match (${match}) order by rowid desc limit ${SEARCH_WINDOW + 1}) as window`;
  return db
    .select({ ...sums, walked: sql<number>`count(*)` })
    .from(source)
    .innerJoin(cases, sql`${cases.id} = window.rowid`);
}

/** What a staff list shows of a case. */
export type CaseListRow = {
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
  /** 附议: residents who support it. */
  supportCount: number;
  rating: (typeof cases.$inferSelect)['rating'];
  createdAt: Date;
  acceptDueAt: Date;
  resolveDueAt: Date | null;
  resolvedAt: Date | null;
  overdue: boolean;
};

/** The display rows of the given ids, in the given order (the joins run for these rows only). */
export async function readCaseListRows(db: AppDb, ids: readonly number[], now: Date): Promise<CaseListRow[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await caseListQuery(db, ids), now);
}

function inIdOrder(ids: readonly number[], rows: Omit<CaseListRow, 'overdue'>[], now: Date): CaseListRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ ...r, overdue: isOverdue(r, now) }] : [];
  });
}

function caseListQuery(db: AppDb, ids: readonly number[]) {
  return db
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
      supportCount: cases.supportCount,
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
    .where(inArray(cases.id, [...ids]));
}

/** "1,234" or, at the cap, "1,000+": a bounded count never pretends to be exact. */
export function formatBoundedCount(c: BoundedCount): string {
  return `${c.n.toLocaleString('zh-CN')}${c.atLeast ? '+' : ''}`;
}
