// The grid worker's home for one URL: the query string validated, then one keyset page of the list and its tab counts.
import { and, count, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { epochMs } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import { cases } from '@/db/tables';
import { caseTextMatch } from '@/lib/desk/text-search';
import { readBoundedCount, readCaseListRows, type BoundedCount, type CaseListRow } from './case-list';
import { OPEN_STATUSES } from './lifecycle';
import { overdueCondition } from './queries';
import { visibleCases, type Viewer } from './visibility';

export const WORKER_TABS = ['all', 'overdue', 'fresh', 'mine', 'dueToday', 'followUp'] as const;
export type WorkerTab = (typeof WORKER_TABS)[number];
export const WORKER_PAGE_SIZE = 20;

/** The statuses any tab can hold: the open ones and resolved (waiting for the follow-up). */
const ACTIVE = [...OPEN_STATUSES, 'resolved'] as const;

/**
 * A place in the list: the five rank keys of the last (or first) card shown and its id,
 * "0110_1732500000000_1234" (four 0/1 flags, the deadline, the id).
 */
export type WorkerCursor = { flags: [number, number, number, number]; due: number; id: number };

const cursorSchema = z
  .string()
  .regex(/^[01]{4}_(-1|\d{1,16})_\d{1,10}$/)
  .transform((s, ctx) => {
    const [flags, due, id] = s.split('_') as [string, string, string];
    const c = { flags: [...flags].map(Number) as WorkerCursor['flags'], due: Number(due), id: Number(id) };
    if (!Number.isSafeInteger(c.due) || c.id < 1 || c.id > 2_147_483_647) {
      ctx.addIssue({ code: 'custom', message: '翻页位置无效' });
      return z.NEVER;
    }
    return c;
  });

export const formatWorkerCursor = (c: WorkerCursor) => `${c.flags.join('')}_${c.due}_${c.id}`;

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The home in the address bar: a tab, a search, and a place in the list. Bad values fall back to the defaults, with a word for a bad place. */
export const workerHomeQuerySchema = z
  .object({
    tab: z.preprocess(single, z.enum(WORKER_TABS)).catch('all'),
    search: z.preprocess(single, z.string().trim().max(50).optional()).catch(undefined),
    after: z.preprocess(single, cursorSchema.optional()).catch(undefined),
    before: z.preprocess(single, cursorSchema.optional()).catch(undefined),
  })
  .transform((v) => ({ ...v, search: v.search || undefined, before: v.after ? undefined : v.before }));

export type WorkerHomeQuery = z.infer<typeof workerHomeQuerySchema>;

/** End of today in China time, for "due today". */
function endOfChinaDay(now: Date): Date {
  const shifted = new Date(now.getTime() + 8 * 3600_000);
  shifted.setUTCHours(23, 59, 59, 999);
  return new Date(shifted.getTime() - 8 * 3600_000);
}

/** The grid worker's tabs as SQL: what is overdue, new, theirs, due today, waiting for a follow-up. */
function workerTabConditions(viewer: Extract<Viewer, { kind: 'account' }>, now: Date): Record<Exclude<WorkerTab, 'all'>, SQL> {
  const open = inArray(cases.status, [...OPEN_STATUSES]);
  return {
    // Each tab names its statuses first, so SQLite finds the grid's open work by (status, node_path)
    // instead of reading the grid's whole history.
    overdue: and(open, overdueCondition(now))!,
    fresh: eq(cases.status, 'submitted'),
    mine: and(inArray(cases.status, ['assigned', 'in_progress']), eq(cases.handlerAccountId, viewer.id))!,
    dueToday: and(
      open,
      or(
        and(eq(cases.status, 'submitted'), lt(cases.acceptDueAt, endOfChinaDay(now))),
        and(sql`${cases.status} <> 'submitted'`, lt(cases.resolveDueAt, endOfChinaDay(now))),
      ),
      sql`not (${overdueCondition(now)})`,
    )!,
    followUp: eq(cases.status, 'resolved'),
  };
}

/** The deadline that matters now, in epoch milliseconds: accepting, resolving, or the rating window of a resolved case. */
const currentDue = sql`case when ${cases.status} = 'submitted' then ${epochMs(cases.acceptDueAt)} when ${cases.status} = 'resolved' then ${epochMs(cases.rateDueAt)} else ${epochMs(cases.resolveDueAt)} end`;

/** From this many supporters (附议) on, a case ranks in the worker's home as an urgent one does. */
export const SUPPORTED_RANKS_URGENT = 3;

/**
 * Most urgent first, as six ascending keys: overdue, supervised, urgent (or supported by SUPPORTED_RANKS_URGENT residents), still active (0 before 1),
 * the nearest deadline (none first, as before), then the newest case. Ascending throughout so one
 * row-value comparison `(k1, …, k6) > (…)` is the keyset condition.
 */
function rankKeys(now: Date): SQL[] {
  return [
    sql`(case when ${overdueCondition(now)} then 0 else 1 end)`,
    sql`(case when ${cases.supervised} then 0 else 1 end)`,
    // A request many neighbours support (附议) ranks with the urgent ones.
    sql`(case when ${cases.urgency} = 'urgent' or ${cases.supportCount} >= ${SUPPORTED_RANKS_URGENT} then 0 else 1 end)`,
    sql`(case when ${inArray(cases.status, [...ACTIVE])} then 0 else 1 end)`,
    sql`coalesce(${currentDue}, -1)`,
    sql`(-${cases.id})`,
  ];
}

export type WorkerHome = {
  query: WorkerHomeQuery;
  /** A word for the worker when the address held a bad place in the list. */
  problem: string | null;
  counts: Record<WorkerTab, number>;
  items: CaseListRow[];
  total: BoundedCount;
  prev: WorkerCursor | null;
  next: WorkerCursor | null;
};

/**
 * The grid worker's home: one list in which every case appears once, most urgent first, filtered
 * by a tab and a search, one page of 20 at a time by keyset (上一页 / 下一页). The tabs hold open
 * work only, so their counts are exact and bounded by the grid's open cases, not its history. A
 * search on "all" looks through every case of the worker's grids, closed ones included (to find one
 * by number); its count stops at 1,000.
 */
export async function loadWorkerHome(db: AppDb, viewer: Extract<Viewer, { kind: 'account' }>, raw: Record<string, unknown>, now: Date): Promise<WorkerHome> {
  const query = workerHomeQuerySchema.parse({ ...raw, search: raw.q });
  const badPlace = ['after', 'before'].some((k) => raw[k] !== undefined && raw[k] !== '' && query[k as 'after' | 'before'] === undefined);
  const visible = visibleCases(viewer);
  const tabs = workerTabConditions(viewer, now);
  const anyTab = and(inArray(cases.status, [...ACTIVE]), or(...Object.values(tabs)))!;
  const countOf = async (where: SQL) => Number((await db.select({ n: count() }).from(cases).where(and(visible, where)))[0]!.n);
  const counts = { all: await countOf(anyTab) } as Record<WorkerTab, number>;
  for (const [key, where] of Object.entries(tabs)) counts[key as WorkerTab] = await countOf(where);

  const search = query.search;
  const where = and(visible, query.tab === 'all' ? (search ? undefined : anyTab) : tabs[query.tab], search ? caseTextMatch(search) : undefined)!;
  const total = search ? await readBoundedCount(db, where) : { n: query.tab === 'all' ? counts.all : counts[query.tab], atLeast: false };

  const keys = rankKeys(now);
  const cursor = query.before ?? query.after;
  const backwards = query.before !== undefined;
  const tuple = sql.join(keys, sql`, `);
  const place = cursor ? sql`(${tuple}) ${backwards ? sql`<` : sql`>`} (${sql.join([...cursor.flags, cursor.due, -cursor.id].map((v) => sql`${v}`), sql`, `)})` : undefined;
  const dir = backwards ? sql`desc` : sql`asc`;
  const rows = await db
    .select({ id: cases.id, k1: sql<number>`${keys[0]}`, k2: sql<number>`${keys[1]}`, k3: sql<number>`${keys[2]}`, k4: sql<number>`${keys[3]}`, k5: sql<number>`${keys[4]}` })
    .from(cases)
    .where(and(where, place))
    .orderBy(...keys.map((k) => sql`${k} ${dir}`))
    .limit(WORKER_PAGE_SIZE + 1);
  const more = rows.length > WORKER_PAGE_SIZE;
  const page = rows.slice(0, WORKER_PAGE_SIZE);
  if (backwards) page.reverse();
  // A 上一页 that reaches the top shows the first page, full.
  if (backwards && !more) return loadWorkerHome(db, viewer, { ...raw, before: undefined, after: undefined }, now);
  const at = (r: (typeof rows)[number] | undefined): WorkerCursor | null =>
    r ? { flags: [r.k1, r.k2, r.k3, r.k4].map(Number) as WorkerCursor['flags'], due: Number(r.k5), id: r.id } : null;
  return {
    query,
    problem: badPlace ? '翻页位置无效，已回到第一页。' : null,
    counts,
    items: await readCaseListRows(db, page.map((r) => r.id), now),
    total,
    prev: cursor ? at(page[0]) : null,
    next: backwards || more ? at(page.at(-1)) : null,
  };
}
