// Reads of cases for staff: lists, the worker's home, the claim board, one case with its timeline.
// Every query applies the viewer's visibility rule in SQL. Engine-neutral (awaited builders over db/tables.ts), except
// the plain list's SQLite fast path (statements prepared once per connection).
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { jsonText, noSeek } from '@/db/dialect';
import { ENGINE } from '@/db/engine';
import { rowMapper } from '@/db/row-mapper';
import type { CaseStatus } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts, caseEvents, casePhotos, cases, categories, households, orgNodes, units } from '@/db/tables';
import { maskPhone } from '@/lib/auth/scope';
import { prefixEnd } from '@/lib/auth/scope-sql';
import { commandThreadFor } from './command-thread';
import { availableActions, isOverdue, type Actor, type CaseSnapshot } from './lifecycle';
import { LIST_ORDERS, readBoundedCount, readKeysetPage, type Cursor } from './case-list';
import type { CaseListQuery } from './schemas';
import { maySeeFullPhone, seesScopeOnly, visibleCases, visibleCasesForCount, type Viewer } from './visibility';

const place = alias(orgNodes, 'place');
const grid = alias(orgNodes, 'grid');
const handler = alias(accounts, 'handler');

/** SQL twin of `isOverdue` in the lifecycle module, for filtering and counting. */
export function overdueCondition(now: Date): SQL {
  return or(
    and(eq(cases.status, 'submitted'), lt(cases.acceptDueAt, now)),
    and(inArray(cases.status, ['accepted', 'assigned', 'in_progress']), lt(cases.resolveDueAt, now)),
  )!;
}

const listColumns = {
  id: cases.id,
  number: cases.number,
  version: cases.version,
  description: cases.description,
  status: cases.status,
  urgency: cases.urgency,
  source: cases.source,
  categoryName: categories.name,
  placeName: place.name,
  gridName: grid.name,
  place: cases.place,
  handlerKind: cases.handlerKind,
  handlerName: handler.displayName,
  unitName: units.name,
  escalationLevel: cases.escalationLevel,
  supervised: cases.supervised,
  createdAt: cases.createdAt,
  acceptDueAt: cases.acceptDueAt,
  resolveDueAt: cases.resolveDueAt,
  reopenCount: cases.reopenCount,
  supportCount: cases.supportCount,
  rating: cases.rating,
};

export type CaseListItem = Awaited<ReturnType<typeof selectList>>[number] & { overdue: boolean };
type ListRow = Awaited<ReturnType<typeof selectList>>[number];

/** The list's columns of the cases under `where`, with their joins. */
function listSelect(db: AppDb, where: SQL | undefined) {
  return db
    .select(listColumns)
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .leftJoin(handler, eq(handler.id, cases.handlerAccountId))
    .leftJoin(units, eq(units.id, cases.handlerUnitId))
    .where(where);
}

/** The list's rows under `where` in `order`, the id last so pages are stable on both engines. */
function selectList(db: AppDb, where: SQL | undefined, order: SQL[], limit: number, offset = 0) {
  return listSelect(db, where)
    .orderBy(...order, desc(cases.id))
    .limit(limit)
    .offset(offset);
}

function withOverdue(rows: readonly ListRow[], now: Date): CaseListItem[] {
  return rows.map((r) => ({ ...r, overdue: isOverdue(r, now) }));
}

export function listConditions(viewer: Viewer, q: Partial<CaseListQuery>, now: Date, forCount = false, seekScope = true): SQL {
  const conditions: (SQL | undefined)[] = [forCount ? visibleCasesForCount(viewer) : visibleCases(viewer, { seekScope })];
  if (q.status?.length) conditions.push(inArray(cases.status, q.status));
  if (q.source) conditions.push(eq(cases.source, q.source));
  if (q.categoryId) conditions.push(eq(cases.categoryId, q.categoryId));
  if (q.gridId) conditions.push(eq(cases.gridId, q.gridId));
  if (q.overdue === true) conditions.push(overdueCondition(now));
  if (q.overdue === false) conditions.push(sql`not (${overdueCondition(now)})`);
  if (q.supervised !== undefined) conditions.push(eq(cases.supervised, q.supervised));
  return and(...conditions)!;
}

/**
 * The page after the cursor, newest first, as case-list.ts's keysetPage writes it for LIST_ORDERS.newest, with
 * parameters: `created_at <= key` alone bounds the index walk, the id breaks ties within one millisecond.
 */
function afterCursor(key: Placeholder, id: Placeholder): SQL {
  return sql`(${cases.createdAt} <= ${key} and (${cases.createdAt} < ${key} or ${cases.id} < ${id}))`;
}

/** Before the first case: every case is older. */
const START: Cursor = { key: Number.MAX_SAFE_INTEGER, id: 0 };

const newestFirst = [desc(cases.createdAt), desc(cases.id)];

/**
 * The statements of the plainest list, one scope path and no filter (what an API client asks for most), prepared once
 * per connection with the scope's range and the cursor as parameters: building and preparing them anew cost about as
 * much as running them. They are the queries keysetPage and boundedCount build for listCases (the same pages); any
 * other list is built by those.
 */
function preparePlainList(db: AppDb) {
  const from = sql.placeholder('from');
  const to = sql.placeholder('to');
  const inScope = and(gte(cases.nodePath, from), lt(cases.nodePath, to))!;
  const after = afterCursor(sql.placeholder('key'), sql.placeholder('id'));
  const ids = (scope: SQL) =>
    db.select({ id: cases.id, key: sql<number>`${cases.createdAt}` }).from(cases).where(and(scope, after)).orderBy(...newestFirst).limit(sql.placeholder('limit')).prepare();
  const probe = db.select({ one: sql`1` }).from(cases).where(inScope).limit(sql.placeholder('cap')).as('probe');
  return {
    count: db.select({ n: count() }).from(cases).where(inScope).prepare(),
    probe: db.select({ n: count() }).from(probe).prepare(),
    all: db.select({ n: sql<number>`coalesce(max(${cases.id}), 0)` }).from(cases).prepare(),
    // As withinScopeRange writes it, with and without seeking the path index (see listCases).
    idsWalking: ids(sql`(${noSeek(cases.nodePath)} >= ${from} and ${noSeek(cases.nodePath)} < ${to})`),
    idsSorting: ids(inScope),
    // The page's ids as one JSON array, so one statement serves any page size.
    rows: listSelect(db, sql`${cases.id} in (select value from json_each(${sql.placeholder('ids')}))`).orderBy(...newestFirst).prepare(),
    // Read as arrays and mapped by a mapper built once: drizzle's .all() re-inspects every field of every row.
    row: rowMapper<ListRow>(listColumns),
    choices: planChoices(),
  };
}

/** How long a scope's walk-or-sort choice is reused before it is probed again. */
const CHOICE_TTL_MS = 30_000;
const MAX_CHOICES = 1_000;

/**
 * The walk-or-sort choice of each scope and page size, remembered for CHOICE_TTL_MS: probing it reads up to
 * √(page × all cases) index entries (~7,000 on the county) on every request, while it only picks the plan, never the
 * page (both ways give the same rows), and it follows the scope's share of all cases, which moves slowly.
 */
function planChoices() {
  const remembered = new Map<string, { walk: boolean; until: number }>();
  return {
    choose(key: string, probe: () => boolean): boolean {
      const now = Date.now();
      const known = remembered.get(key);
      if (known && known.until > now) return known.walk;
      if (remembered.size >= MAX_CHOICES) remembered.clear();
      const walk = probe();
      remembered.set(key, { walk, until: now + CHOICE_TTL_MS });
      return walk;
    },
  };
}

const plainListStatements = new WeakMap<AppDb, ReturnType<typeof preparePlainList>>();

/** The query asks for nothing but a page: every filter is absent (an empty status list is no filter either). */
function isPlain(q: CaseListQuery): boolean {
  return Object.entries(q).every(
    ([key, value]) => key === 'cursor' || key === 'pageSize' || key === 'count' || value === undefined || (Array.isArray(value) && value.length === 0),
  );
}

export type CaseListPage = {
  items: CaseListItem[];
  pageSize: number;
  /** Where the next page starts; null on the last page. */
  next: Cursor | null;
  /** Only when the query asked for it (count: 'exact'): counting the scope costs more than the page itself. */
  total?: number;
};

/**
 * One keyset page of cases, newest first: the cases logged before `q.cursor`, one more than the page to learn whether
 * another page follows. The exact total is counted only on request. The plain list (one scope path, no filter) runs
 * on SQLite on statements prepared once per connection; on PostgreSQL it is built as any other list.
 */
export async function listCases(db: AppDb, viewer: Viewer, q: CaseListQuery, now = new Date()): Promise<CaseListPage> {
  if (ENGINE === 'sqlite' && isPlain(q) && seesScopeOnly(viewer) && viewer.scope.paths.length === 1) return listPlain(db, viewer.scope.paths[0]!, q, now);
  const counted = listConditions(viewer, q, now, true);
  const total = q.count === 'exact' ? (await readBoundedCount(db, counted, null)).n : undefined;
  const [highest] = await db.select({ n: sql<number>`coalesce(max(${cases.id}), 0)`.mapWith(Number) }).from(cases);
  const cap = breakEven(q.pageSize + 1, highest!.n);
  const walk = (total ?? (await readBoundedCount(db, counted, cap)).n) >= cap;
  // The ids first (narrow index entries), then only those rows with their joins: sorting the whole scope's joined
  // rows cost ~150 ms per page on the demo's 30,000 cases.
  const page = await readKeysetPage(db, listConditions(viewer, q, now, false, !walk), LIST_ORDERS.newest, q.pageSize, { after: q.cursor });
  const rows = page.ids.length === 0 ? [] : await selectList(db, inArray(cases.id, page.ids), newestFirst, page.ids.length);
  return { items: withOverdue(rows, now), pageSize: q.pageSize, next: page.hasAfter ? page.last : null, ...(total !== undefined && { total }) };
}

/**
 * listCases on `store`: on the production server's command thread (lib/cases/command-thread.ts), where the list's
 * statements run on the connection that wrote the cases (its page cache holds them), and the event loop's thread only
 * waits; elsewhere on the caller's thread.
 */
export function listCasesOf(store: Store, viewer: Viewer, q: CaseListQuery, now = new Date()): Promise<CaseListPage> {
  const thread = commandThreadFor(store);
  if (thread) return thread.call('listCases', [viewer, q, now]);
  return listCases(store.db, viewer, q, now);
}

/**
 * Two ways to a page's ids. Walking cases_created_idx (created_at, node_path) newest first from the cursor and testing
 * the scope on each entry reads about `through` × all / matching entries; sorting the scope's entries from
 * cases_path_created_idx reads about `matching`. Take the cheaper: a wide scope walks, a grid's sorts. The two cost
 * the same at matching = √(through × all), so counting the matches stops there: no page counts the whole scope.
 */
function walkIsCheaper(through: number, all: number, matching: (cap: number) => number): boolean {
  const cap = breakEven(through, all);
  return matching(cap) >= cap;
}

function breakEven(through: number, all: number): number {
  return Math.ceil(Math.sqrt(through * all));
}

/** listCases for one scope path and no filter, on the prepared statements (SQLite): the same queries, the same page. */
function listPlain(db: AppDb, path: string, q: CaseListQuery, now: Date): CaseListPage {
  let s = plainListStatements.get(db);
  if (!s) plainListStatements.set(db, (s = preparePlainList(db)));
  const range = { from: path, to: prefixEnd(path) };
  const total = q.count === 'exact' ? s.count.get(range)!.n : undefined;
  const walk = s.choices.choose(`${path}|${q.pageSize}`, () => walkIsCheaper(q.pageSize + 1, s.all.get()!.n, (cap) => total ?? s.probe.get({ ...range, cap })!.n));
  const cursor = q.cursor ?? START;
  const found = (walk ? s.idsWalking : s.idsSorting).all({ ...range, key: cursor.key, id: cursor.id, limit: q.pageSize + 1 });
  const page = found.slice(0, q.pageSize);
  const rows = page.length === 0 ? [] : s.rows.values({ ids: JSON.stringify(page.map((r) => r.id)) }).map(s.row);
  const last = found.length > q.pageSize ? page.at(-1)! : null;
  return { items: withOverdue(rows, now), pageSize: q.pageSize, next: last && { key: Number(last.key), id: last.id }, ...(total !== undefined && { total }) };
}

/** A phone shows the nearest few; the filters narrow the rest down. */
export const BOARD_LIMIT = 30;

export type BoardFilter = { categoryId?: number; placeId?: number; near?: string };

/**
 * Cases on the claim board a party member may claim, filtered by category and place. With
 * `near` (the member's own building path), their building comes first, then its grid, then the
 * rest; within each, the nearest deadline first.
 */
export async function claimBoard(db: AppDb, viewer: Viewer, filter: BoardFilter = {}, now = new Date()) {
  const board = and(visibleCases(viewer), eq(cases.handlerKind, 'board'), eq(cases.status, 'assigned'));
  const where = and(
    board,
    filter.categoryId ? eq(cases.categoryId, filter.categoryId) : undefined,
    filter.placeId ? or(eq(cases.nodeId, filter.placeId), eq(cases.gridId, filter.placeId)) : undefined,
  );
  const parent = filter.near?.replace(/[^/]+\/$/, '');
  const nearness = filter.near
    ? [sql`case when ${cases.nodePath} like ${`${filter.near}%`} then 0 when ${cases.nodePath} like ${`${parent}%`} then 1 else 2 end`]
    : [];
  const items = withOverdue(await selectList(db, where, [...nearness, asc(cases.resolveDueAt)], BOARD_LIMIT), now);
  const [counted] = await db.select({ n: count() }).from(cases).where(where);
  const total = counted!.n;
  // The filter choices are what the board holds now, so no choice leads to an empty list by itself.
  // (PostgreSQL's DISTINCT wants its ORDER BY columns selected; they are, and dropped again here.)
  const categoriesOnBoard = (
    await db
      .selectDistinct({ id: categories.id, name: categories.name, sortOrder: categories.sortOrder })
      .from(cases)
      .innerJoin(categories, eq(categories.id, cases.categoryId))
      .where(board)
      .orderBy(asc(categories.sortOrder), asc(categories.id))
  ).map(({ id, name }) => ({ id, name }));
  const placesOnBoard = (
    await db
      .selectDistinct({ id: place.id, name: place.name, gridName: grid.name, path: place.path })
      .from(cases)
      .innerJoin(place, eq(place.id, cases.nodeId))
      .innerJoin(grid, eq(grid.id, cases.gridId))
      .where(board)
      .orderBy(asc(place.path), asc(place.id))
  ).map(({ id, name, gridName }) => ({ id, name, gridName }));
  return { items, total, categories: categoriesOnBoard, places: placesOnBoard };
}

/** A party member's claims, current first, with this month's pledge count. */
export async function myClaims(db: AppDb, viewer: Extract<Viewer, { kind: 'account' }>, month: string, now = new Date()) {
  const claimed = sql`exists (select 1 from case_events e where e.case_id = ${cases.id} and e.action = 'claim' and e.actor_account_id = ${viewer.id})`;
  const items = withOverdue(await selectList(db, and(visibleCases(viewer), claimed), [desc(cases.updatedAt)], 100), now);
  const [counted] = await db
    .select({ n: count() })
    .from(caseEvents)
    .where(and(eq(caseEvents.action, 'claim'), eq(caseEvents.actorAccountId, viewer.id), sql`${jsonText(caseEvents.data, 'pledgeMonth')} = ${month}`));
  return { items, thisMonth: counted!.n };
}

/** A unit's queue: open cases handed to it, then everything it ever received. */
export async function unitQueue(db: AppDb, viewer: Extract<Viewer, { kind: 'account' }>, now = new Date()): Promise<{ open: CaseListItem[]; history: CaseListItem[] }> {
  if (viewer.unitId === null) return { open: [], history: [] };
  const open = withOverdue(
    await selectList(db, and(eq(cases.handlerUnitId, viewer.unitId), inArray(cases.status, ['assigned', 'in_progress'])), [asc(cases.resolveDueAt)], 100),
    now,
  );
  const history = withOverdue(await selectList(db, visibleCases(viewer), [desc(cases.updatedAt)], 50), now);
  return { open, history };
}

export type TimelineEntry = {
  id: number;
  at: Date;
  action: string;
  actorLabel: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  note: string | null;
  data: Record<string, unknown> | null;
  photoIds: number[];
};

/** One case as a viewer may see it, with its timeline, photos and the actions open to the viewer. */
export async function getCaseDetail(db: AppDb, viewer: Viewer, number: string, now = new Date()) {
  const [row] = await db
    .select({
      c: cases,
      categoryName: categories.name,
      placeName: place.name,
      placePath: place.path,
      gridName: grid.name,
      householdAddress: households.address,
      handlerName: handler.displayName,
      unitName: units.name,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.id, cases.categoryId))
    .innerJoin(place, eq(place.id, cases.nodeId))
    .innerJoin(grid, eq(grid.id, cases.gridId))
    .leftJoin(households, eq(households.id, cases.householdId))
    .leftJoin(handler, eq(handler.id, cases.handlerAccountId))
    .leftJoin(units, eq(units.id, cases.handlerUnitId))
    .where(and(eq(cases.number, number), visibleCases(viewer)))
    .limit(1);
  if (!row) return null;
  const { c } = row;
  const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.id));
  const photos = await db.select({ id: casePhotos.id, eventId: casePhotos.eventId }).from(casePhotos).where(eq(casePhotos.caseId, c.id)).orderBy(asc(casePhotos.id));
  const duplicateOf = c.duplicateOfId ? ((await db.select({ number: cases.number }).from(cases).where(eq(cases.id, c.duplicateOfId)).limit(1))[0]?.number ?? null) : null;
  const fullPhone = maySeeFullPhone(viewer, c);
  const timeline: TimelineEntry[] = events.map((e) => ({
    id: e.id,
    at: e.at,
    action: e.action,
    actorLabel: e.actorLabel,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    note: e.note,
    data: e.data ?? null,
    photoIds: photos.filter((p) => p.eventId === e.id).map((p) => p.id),
  }));
  return {
    id: c.id,
    number: c.number,
    version: c.version,
    description: c.description,
    status: c.status,
    urgency: c.urgency,
    source: c.source,
    categoryId: c.categoryId,
    categoryName: row.categoryName,
    nodeId: c.nodeId,
    nodePath: c.nodePath,
    gridId: c.gridId,
    placeName: row.placeName,
    gridName: row.gridName,
    householdAddress: row.householdAddress,
    place: c.place,
    residentName: c.residentName,
    residentPhone: fullPhone ? c.residentPhone : c.residentPhone ? maskPhone(c.residentPhone) : null,
    phoneMasked: !fullPhone,
    supportCount: c.supportCount,
    handlerKind: c.handlerKind,
    handlerName: row.handlerName,
    unitName: row.unitName,
    escalationLevel: c.escalationLevel,
    supervised: c.supervised,
    supervisionNote: c.supervisionNote,
    extensionRequestedHours: c.extensionRequestedHours,
    extensionReason: c.extensionReason,
    duplicateOf,
    rating: c.rating,
    ratingComment: c.ratingComment,
    reopenCount: c.reopenCount,
    closeReason: c.closeReason,
    createdAt: c.createdAt,
    acceptDueAt: c.acceptDueAt,
    resolveDueAt: c.resolveDueAt,
    rateDueAt: c.rateDueAt,
    overdue: isOverdue(c, now),
    timeline,
    photoIds: photos.map((p) => p.id),
    actions: availableActions(c as CaseSnapshot, viewer as Actor, now),
  };
}

export type CaseDetail = NonNullable<Awaited<ReturnType<typeof getCaseDetail>>>;

/** The id of a case the viewer may see, by its number; null otherwise. */
export async function visibleCaseId(db: AppDb, viewer: Viewer, number: string): Promise<number | null> {
  const [row] = await db.select({ id: cases.id }).from(cases).where(and(eq(cases.number, number), visibleCases(viewer))).limit(1);
  return row?.id ?? null;
}

/** Photo file of a case the viewer may see, or null. */
export async function getPhotoForViewer(db: AppDb, viewer: Viewer, photoId: number) {
  const [row] = await db
    .select({ fileName: casePhotos.fileName, mime: casePhotos.mime })
    .from(casePhotos)
    .innerJoin(cases, eq(cases.id, casePhotos.caseId))
    .where(and(eq(casePhotos.id, photoId), visibleCases(viewer)))
    .limit(1);
  return row ?? null;
}

/**
 * Cases created since a recent moment (今日新增 on /desk), for counts on home pages. The creation time is
 * sought in cases_created_idx (created_at, node_path) and the scope checked on each entry, so the count reads
 * the county's cases since `since` alone; sought by path instead, it walked every case the scope ever had.
 */
export async function countCasesSince(db: AppDb, viewer: Viewer, since: Date): Promise<number> {
  const [row] = await countCasesSinceQuery(db, viewer, since);
  return row!.n;
}

/** The statement behind `countCasesSince`, also for checking its plan. */
export function countCasesSinceQuery(db: AppDb, viewer: Viewer, since: Date) {
  return db
    .select({ n: count() })
    .from(cases)
    .where(and(visibleCases(viewer, { seekScope: false }), gte(cases.createdAt, since)));
}
