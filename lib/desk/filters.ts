// The secretary's queue filters: what the URL may say, and the one SQL condition it becomes.
// Shared by the queue page, the Excel export and the benchmark, so "the rows you see" and
// "the rows you export" can never drift apart.
import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { textSchema } from '@/lib/validation/text';
import { atMs, dueNever, noSeek, NOTHING, TRUE } from '@/db/dialect';
import { CASE_SOURCES, CASE_STATUSES, RATINGS, URGENCIES, type CaseStatus } from '@/db/schema';
import { cases, caseSupports } from '@/db/tables';
import { OPEN_STATUSES } from '@/lib/cases/lifecycle';
import { visibleCases, type Viewer } from '@/lib/cases/visibility';
import { cursorSchema, formatCursor, LIST_ORDERS, type ListOrder } from '@/lib/cases/case-list';
import { caseTextMatch } from './text-search';
import { daySchema } from '@/lib/validation/dates';
import { parseLeniently } from '@/lib/validation/lenient';

export const SAVED_VIEW_KEYS = ['pending', 'overdue', 'follow_up', 'unsatisfied', 'my_supervised'] as const;
export type SavedView = (typeof SAVED_VIEW_KEYS)[number];

/** The one-tap tabs of the queue, in display order. */
export const SAVED_VIEWS: readonly { key: SavedView; label: string; hint: string }[] = [
  { key: 'pending', label: '待受理', hint: '已提交、尚未受理的事项' },
  { key: 'overdue', label: '超期', hint: '超过受理或办结时限、仍未办结的事项' },
  { key: 'follow_up', label: '待回访', hint: '已办结、等待居民评价或回访的事项' },
  { key: 'unsatisfied', label: '不满意', hint: '最近一次评价为不满意的事项' },
  { key: 'my_supervised', label: '我督办的', hint: '由我督办、尚未办结的事项' },
];

export const SORTS = ['newest', 'oldest', 'due', 'updated', 'supported'] as const;
export type QueueSort = (typeof SORTS)[number];
export const SORT_LABELS: Record<QueueSort, string> = { newest: '最新提交', oldest: '最早提交', due: '时限最近', updated: '最近更新', supported: '附议最多' };

/** A rating, 未评价 (the resident has not rated), or 已评价 (rated). */
export const RATING_FILTERS = [...RATINGS, 'none', 'rated'] as const;
export type RatingFilter = (typeof RATING_FILTERS)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;
/**
 * On a phone the queue shows cards: 10 a page (each card is a third of a screen) keeps the page light on a slow
 * device and the pager in reach (a chosen size still wins).
 */
export const PHONE_PAGE_SIZE = 10;

// URL values arrive as string | string[] | undefined; a blank form field means "not set".
const single = (v: unknown) => {
  const first = Array.isArray(v) ? v[0] : v;
  return first === '' || first === null ? undefined : first;
};
const one = <T extends z.ZodType>(schema: T) => z.preprocess(single, schema.optional());

const id = z.coerce.number({ error: '编号无效' }).int('编号无效').positive('编号无效').max(2_147_483_647, '编号无效');

const day = daySchema;

const flag = z.enum(['1', 'true', 'on'], { error: '只能为 1' }).transform(() => true as const);

export const queueFilterSchema = z
  .object({
    view: one(z.enum(SAVED_VIEW_KEYS, { error: '未知的快捷视图' })),
    status: z.preprocess(
      (v) => {
        const list = (Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : v === undefined ? [] : [v]).filter((s) => s !== '');
        return list.length ? [...new Set(list)] : undefined;
      },
      z.array(z.enum(CASE_STATUSES, { error: '未知的事项状态' })).optional(),
    ),
    categoryId: one(id),
    source: one(z.enum(CASE_SOURCES, { error: '未知的来源渠道' })),
    urgency: one(z.enum(URGENCIES, { error: '未知的紧急程度' })),
    gridId: one(id),
    buildingId: one(id),
    handlerId: one(id),
    unitId: one(id),
    overdue: one(flag),
    supervised: one(flag),
    rating: one(z.enum(RATING_FILTERS, { error: '未知的评价' })),
    /**
     * With `rating`: also the ratings of the case's supporters (附议), as 满意率 counts them (lib/stats/definitions.ts):
     * the statistics' drill-down links set it, so the queue holds every case behind the figure.
     */
    supporters: one(flag),
    from: one(day),
    to: one(day),
    q: z.preprocess(
      (v) => {
        const s = single(v);
        return typeof s === 'string' ? s.trim().replace(/\s+/g, ' ') || undefined : s;
      },
      textSchema().max(50, '搜索内容不超过 50 字').optional(),
    ),
    sort: z.preprocess(single, z.enum(SORTS, { error: '未知的排序方式' }).default('newest')),
    pageSize: z.preprocess(
      single,
      z.coerce
        .number({ error: '每页条数无效' })
        .int('每页条数无效')
        .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), '每页条数只能为 10、20、50 或 100')
        // Unset means "the default of this screen" (DEFAULT_PAGE_SIZE, or PHONE_PAGE_SIZE on a phone): a size
        // the user chose stays in every link, the default stays out of them.
        .optional(),
    ),
    // Keyset paging: the page after / before a row, or the first rows of a day (lib/cases/case-list.ts).
    after: one(cursorSchema),
    before: one(cursorSchema),
    at: one(day),
    /** "exact": count every matching case instead of stopping at COUNT_CAP (one tap, on demand). */
    count: one(z.enum(['exact'], { error: '未知的计数方式' })),
  })
  .superRefine((f, ctx) => {
    if (f.from && f.to && f.from > f.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    if (f.after && f.before) ctx.addIssue({ code: 'custom', path: ['before'], message: '翻页位置无效' });
    if (f.at && f.sort === 'due') ctx.addIssue({ code: 'custom', path: ['at'], message: '按时限排序时不能跳到日期' });
    if (f.at && f.sort === 'supported') ctx.addIssue({ code: 'custom', path: ['at'], message: '按附议人数排序时不能跳到日期' });
  });

export type QueueFilters = z.infer<typeof queueFilterSchema>;

const FIELD_LABELS: Record<string, string> = {
  view: '快捷视图',
  status: '状态',
  categoryId: '分类',
  source: '来源',
  urgency: '紧急程度',
  gridId: '网格',
  buildingId: '楼栋',
  handlerId: '承办人',
  unitId: '承办单位',
  overdue: '超期',
  supervised: '督办',
  rating: '评价',
  supporters: '含附议居民评价',
  from: '开始日期',
  to: '结束日期',
  q: '搜索',
  sort: '排序',
  pageSize: '每页条数',
  after: '翻页位置',
  before: '翻页位置',
  at: '跳到日期',
  count: '计数方式',
};

/**
 * Parses a query string leniently: a bad field is dropped (and explained) instead of failing
 * the whole page, so a mistyped bookmark still shows a sensible queue.
 */
export function parseQueueFilters(raw: Record<string, unknown>): { filters: QueueFilters; problems: string[] } {
  const { value, problems } = parseLeniently(queueFilterSchema, raw, FIELD_LABELS);
  // Bookmarks from before keyset paging say "page=N"; that position no longer exists, so say where we are instead.
  const page = single(raw.page);
  if (page !== undefined && page !== '1') problems.push('页码：队列已改为“上一页 / 下一页”翻页，旧的页码链接从第一页显示；可用筛选条件或“跳到日期”直达（已忽略）');
  return { filters: value, problems };
}

/** The same filters without a position in the list: for links that change a filter, and for the export. */
export function withoutPaging(f: QueueFilters): QueueFilters {
  return { ...f, after: undefined, before: undefined, at: undefined, count: undefined };
}

/** Converts URLSearchParams (or Next's searchParams object) to the plain object the schema reads. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length > 1 ? all : all[0]!;
  }
  return out;
}

/** China-time midnight at the start of a YYYY-MM-DD day. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`));
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

/**
 * Overdue, written as the running deadline before now: the same cases as `overdueCondition` in lib/cases/queries.ts (a finished
 * case's deadline is the largest safe integer), but a range of cases_due_idx, so the 超期 tab and the
 * overdue flag read the overdue cases alone rather than every open case of the scope. Columns are named
 * by table for the export's joins; SQLite still matches the index's expression.
 */
export function overdueByDue(now: Date): SQL {
  return sql`coalesce(case when ${cases.status} = 'submitted' then ${cases.acceptDueAt} when ${cases.status} in ('accepted', 'assigned', 'in_progress') then ${cases.resolveDueAt} end, ${dueNever()}) < ${atMs(now.getTime())}`;
}

/** What one saved view adds to the other filters. */
export function savedViewCondition(view: SavedView, viewer: Viewer, now: Date): SQL {
  switch (view) {
    case 'pending':
      return eq(cases.status, 'submitted');
    case 'overdue':
      return overdueByDue(now);
    case 'follow_up':
      return eq(cases.status, 'resolved');
    case 'unsatisfied':
      return eq(cases.rating, 'unsatisfied');
    case 'my_supervised':
      // Still open: once resolved, the follow-up view takes over.
      return viewer.kind === 'account'
        ? // `+supervised`: found through cases_supervisor_idx (mine and open: a handful), not by walking every supervised case.
          and(sql`${noSeek(cases.supervised)} = ${TRUE()}`, eq(cases.supervisedByAccountId, viewer.id), inArray(cases.status, [...OPEN_STATUSES]))!
        : NOTHING;
  }
}

/** The statuses a saved view (or the overdue flag) can hold at all; null for any. */
const VIEW_STATUSES: Record<SavedView, readonly CaseStatus[] | null> = {
  pending: ['submitted'],
  overdue: OPEN_STATUSES,
  follow_up: ['resolved'],
  unsatisfied: null,
  my_supervised: OPEN_STATUSES,
};

/** Open work and cases waiting for their follow-up: a few hundred per community whatever its history. */
const ACTIVE_STATUSES: readonly CaseStatus[] = [...OPEN_STATUSES, 'resolved'];

/** The statuses the status filter, the view and the overdue flag leave together; null for any. */
export function queueStatuses(f: Partial<QueueFilters>): readonly CaseStatus[] | null {
  let statuses: readonly CaseStatus[] | null = f.status?.length ? f.status : null;
  for (const limit of [f.view ? VIEW_STATUSES[f.view] : null, f.overdue ? OPEN_STATUSES : null]) {
    if (limit) statuses = statuses ? statuses.filter((s) => limit.includes(s)) : limit;
  }
  return statuses;
}

/** Whether the filters keep to open work and follow-ups: a few hundred cases per community, best found by status. */
export function activeWorkOnly(f: Partial<QueueFilters>): boolean {
  const statuses = queueStatuses(f);
  return statuses !== null && statuses.every((s) => ACTIVE_STATUSES.includes(s));
}

/** Whether nothing but the status filter and a status-only view (待受理, 待回访) narrows the filters. */
function statusesOnly(f: Partial<QueueFilters>): boolean {
  if (f.view !== undefined && f.view !== 'pending' && f.view !== 'follow_up') return false;
  const others = [f.categoryId, f.source, f.urgency, f.gridId, f.buildingId, f.handlerId, f.unitId, f.overdue, f.supervised, f.rating, f.supporters, f.from, f.to, f.q];
  return others.every((v) => v === undefined);
}

/** Whether the filters keep to overdue cases (the 超期 tab or the overdue flag). */
export function overdueOnly(f: Partial<QueueFilters>): boolean {
  return f.view === 'overdue' || f.overdue === true;
}

/**
 * The queue's order for these filters. Overdue cases (queueWhere with `overdueByDeadline`) are found as a range of
 * the deadline index: in any other order than by deadline, the order's key is written `+column`, so SQLite sorts
 * the few overdue cases rather than walk every case of the county along the order's index looking for them.
 */
export function queueOrder(f: Partial<QueueFilters>): ListOrder {
  const order = LIST_ORDERS[f.sort ?? 'newest'];
  if (!overdueOnly(f) || f.sort === 'due') return order;
  return { ...order, key: noSeek(order.key) };
}

/**
 * Everything the viewer may see that matches the filters: the queue, its counts and its export.
 *
 * Two things keep each combination on a cheap plan (lib/desk/queue-plans.test.ts):
 * - the status filter, the view and the overdue flag are intersected here, so "已关闭" under the
 *   超期 tab is no rows at once rather than a walk through every closed case;
 * - when the statuses left are active ones only (open work), the other filters are checked per row
 *   (`+column`), so SQLite finds the few active cases by status instead of walking a grid's, a
 *   category's or a handler's whole history to find them.
 */
export function queueWhere(viewer: Viewer, filters: Partial<QueueFilters>, now: Date, { overdueByDeadline = false, forCount = false } = {}): SQL {
  const f = filters;
  const statuses = queueStatuses(f);
  if (statuses?.length === 0) return NOTHING;
  const activeOnly = statuses !== null && statuses.every((s) => ACTIVE_STATUSES.includes(s));
  // 不满意 is rare (an unsatisfied rating reopens the case: 251 of the county's million), so the rating index finds
  // those few and their status is checked on each; by status, 不满意 under 已关闭 walked every closed case of the
  // county (11 s on a cold cache) to find none.
  const byRating = f.view === 'unsatisfied' || f.rating === 'unsatisfied';
  // …and so are the other filters, where the rating is a plain equality the index seeks: with 紧急 as well, SQLite
  // otherwise chose to walk every urgent case of the county (72,000) to find the one unsatisfied one.
  const seekRating = f.view === 'unsatisfied' || (f.rating === 'unsatisfied' && !f.supporters);
  const col = (c: SQLiteColumn) => (activeOnly ? noSeek(c) : sql`${c}`);
  const other = (c: SQLiteColumn) => (activeOnly || seekRating ? noSeek(c) : sql`${c}`);
  // A page checks the scope on each row, not seeks it: walking an order (or a filter's) index until one page is
  // found beats sorting every case of the community. A count has no order: with nothing but statuses to narrow
  // it, it seeks the scope's path range (cases_path_created_idx, or cases_status_path_idx with the statuses), so
  // the 全部 tab reads the community's first COUNT_CAP cases rather than the county's newest until it has found
  // them, and 待受理 / 待回访 the community's own few (a county-wide walk of their status otherwise).
  const seekScope = forCount && statusesOnly(f);
  const conditions: (SQL | undefined)[] = [visibleCases(viewer, { seekScope })];
  // With `overdueByDeadline` (the queue's page, with queueOrder, and its counts), overdue cases are a range of
  // cases_due_idx (overdueByDue), their status checked on each of them: the page sorts the overdue cases alone
  // (or walks them in deadline order), the count reads no more than them, rather than every open case of the
  // scope by status (a county holds thousands). Without it (the export) the status index finds them.
  const byDue = overdueByDeadline && overdueOnly(f);
  if (statuses) conditions.push(byDue || byRating ? sql`${noSeek(cases.status)} in ${statuses}` : statuses.length === 1 ? eq(cases.status, statuses[0]!) : inArray(cases.status, [...statuses]));
  if (f.view) conditions.push(savedViewCondition(f.view, viewer, now));
  if (f.categoryId) conditions.push(sql`${other(cases.categoryId)} = ${f.categoryId}`);
  if (f.source) conditions.push(sql`${other(cases.source)} = ${f.source}`);
  if (f.urgency) conditions.push(sql`${other(cases.urgency)} = ${f.urgency}`);
  if (f.gridId) conditions.push(sql`${other(cases.gridId)} = ${f.gridId}`);
  if (f.buildingId) conditions.push(sql`${other(cases.nodeId)} = ${f.buildingId}`);
  if (f.handlerId) conditions.push(sql`${other(cases.handlerAccountId)} = ${f.handlerId}`);
  if (f.unitId) conditions.push(sql`${other(cases.handlerUnitId)} = ${f.unitId}`);
  if (f.overdue) conditions.push(overdueByDue(now));
  if (f.supervised) conditions.push(sql`${other(cases.supervised)} = ${TRUE()}`);
  if (f.rating) conditions.push(ratingCondition(f.rating, f.supporters === true, col));
  if (f.from) conditions.push(gte(cases.createdAt, chinaDayStart(f.from)));
  if (f.to) conditions.push(lt(cases.createdAt, addDays(chinaDayStart(f.to), 1)));
  if (f.q) conditions.push(caseTextMatch(f.q));
  return and(...conditions)!;
}

/** A rating (or 已评价) as a condition on a rating column (the case's own, or a supporter's). */
export function ratingIs(column: SQL, rating: Exclude<RatingFilter, 'none'>): SQL {
  return rating === 'rated' ? sql`${column} is not null` : sql`${column} = ${rating}`;
}

/**
 * The rating filter: the resident's own rating; with `supporters`, also cases one of whose supporters gave that
 * rating (found through case_supports_rating_idx: supporters are few beside cases). 未评价 is the resident's alone.
 */
function ratingCondition(rating: RatingFilter, supporters: boolean, col: (c: SQLiteColumn) => SQL): SQL {
  if (rating === 'none') return sql`${col(cases.rating)} is null`;
  const own = ratingIs(col(cases.rating), rating);
  if (!supporters) return own;
  return sql`(${own} or ${cases.id} in (select ${caseSupports.caseId} from ${caseSupports} where ${ratingIs(sql`${caseSupports.rating}`, rating)}))`;
}

/** The filters as URL parameters for links; defaults are left out so URLs stay short. */
export function filtersToSearchParams(filters: Partial<QueueFilters>): URLSearchParams {
  const p = new URLSearchParams();
  const f = filters;
  if (f.view) p.set('view', f.view);
  for (const s of f.status ?? []) p.append('status', s);
  const plain = ['categoryId', 'source', 'urgency', 'gridId', 'buildingId', 'handlerId', 'unitId', 'rating', 'from', 'to', 'q'] as const;
  for (const key of plain) {
    const v = f[key];
    if (v !== undefined && v !== '') p.set(key, String(v));
  }
  if (f.overdue) p.set('overdue', '1');
  if (f.supervised) p.set('supervised', '1');
  if (f.supporters) p.set('supporters', '1');
  if (f.sort && f.sort !== 'newest') p.set('sort', f.sort);
  if (f.pageSize) p.set('pageSize', String(f.pageSize));
  if (f.after) p.set('after', formatCursor(f.after));
  if (f.before) p.set('before', formatCursor(f.before));
  if (f.at) p.set('at', f.at);
  if (f.count) p.set('count', f.count);
  return p;
}
