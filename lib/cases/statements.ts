// The statements of the case commands, two ways behind one interface (`CaseOps`), so the commands are written once:
//
// - `preparedOps`: SQLite's fast path. The hot-path statements built and prepared once per connection instead of on
//   every call, run synchronously (better-sqlite3): building and preparing a statement costs about as much as running
//   it, and bench:commands holds createCase ≥ 1,500/s and an action ≥ 2,000/s on it.
// - `builderOps`: the engine-neutral path (drizzle builders over db/tables.ts, awaited), used on PostgreSQL; the tests
//   run it on SQLite too (CASE_STATEMENTS=builders).
import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DB } from '@/db/client';
import { accountScopes, accounts, caseEvents, caseNumberDays, casePhotos, cases, caseSupports, categories, households, notifications, orgNodes, timeLimits, units, visits, type Urgency } from '@/db/schema';
import * as t from '@/db/tables';
import { firstWholeRow } from '@/db/row-mapper';
import type { AppDb, Store } from '@/db/store';

const placeholder = (name: string) => sql.placeholder(name);
/**
 * A value bound as given, without drizzle's column encoder: drizzle encodes a placeholder in
 * values()/set() even when it is null (a null Date would throw, a null JSON becomes "null"), so
 * writes pass values through `encode`, which does what an unprepared insert does.
 */
const raw = (name: string): SQL => sql`${sql.placeholder(name)}`;

/** A row's values as the driver takes them: null stays null, everything else through its column's encoder. */
export function encode<T extends SQLiteTable>(table: T, values: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(values)) {
    const value = values[key];
    const column = columns[key];
    if (!column) throw new Error(`encode: ${key} is not a column`);
    out[prefix + key] = value === null || value === undefined ? null : column.mapToDriverValue(value);
  }
  return out;
}

const CASE_INSERT_COLUMNS = [
  'number',
  'publicTokenHash',
  'description',
  'categoryId',
  'urgency',
  'source',
  'nodeId',
  'nodePath',
  'gridId',
  'householdId',
  'place',
  'residentName',
  'residentPhone',
  'status',
  'acceptDueAt',
  'createdAt',
  'updatedAt',
  'createdByAccountId',
  'apiTokenId',
  'intakePointId',
  'clientKey',
] as const satisfies readonly (keyof typeof cases.$inferInsert)[];

export type CaseInsert = { [K in (typeof CASE_INSERT_COLUMNS)[number]]: (typeof cases.$inferInsert)[K] | null };

const EVENT_COLUMNS = [
  'caseId',
  'at',
  'action',
  'actorKind',
  'actorAccountId',
  'actorLabel',
  'fromStatus',
  'toStatus',
  'note',
  'targetAccountId',
  'targetUnitId',
  'data',
] as const satisfies readonly (keyof typeof caseEvents.$inferInsert)[];

export type EventInsert = { [K in (typeof EVENT_COLUMNS)[number]]: (typeof caseEvents.$inferInsert)[K] | null };

function columnsOf<K extends string>(keys: readonly K[]): Record<K, SQL> {
  return Object.fromEntries(keys.map((k) => [k, raw(k)])) as Record<K, SQL>;
}

function build(db: DB) {
  const byId = eq(cases.id, placeholder('id'));
  const updateShapes = new Map<string, ReturnType<typeof prepareUpdate>>();

  function prepareUpdate(keys: readonly string[]) {
    const set = Object.fromEntries(keys.map((k) => [k, raw(`p_${k}`)]));
    return firstWholeRow(
      cases,
      db
        .update(cases)
        .set({ ...set, version: raw('nextVersion'), updatedAt: raw('updatedAt') })
        .where(and(byId, eq(cases.version, placeholder('version'))))
        // The whole row: a command that takes several steps (intake) goes on from it without reading the case again.
        .returning()
        .prepare(),
    );
  }

  return {
    // Whole rows are mapped by db/row-mapper.ts's firstWholeRow (drizzle's .get() inspects each field on every call).
    caseById: firstWholeRow(cases, db.select().from(cases).where(byId).prepare()),
    caseByNumber: firstWholeRow(cases, db.select().from(cases).where(eq(cases.number, placeholder('number'))).prepare()),
    caseByToken: firstWholeRow(cases, db.select().from(cases).where(eq(cases.publicTokenHash, placeholder('tokenHash'))).prepare()),
    caseByClientKey: firstWholeRow(cases, db.select().from(cases).where(eq(cases.clientKey, placeholder('clientKey'))).prepare()),
    numberTaken: db.select({ id: cases.id }).from(cases).where(eq(cases.number, placeholder('number'))).prepare(),
    /** The day's highest number, the slow way: only for a day's first request (see nextCaseNumber). */
    dayHighestNumber: db
      .select({ number: cases.number })
      .from(cases)
      .where(and(sql`${cases.number} >= ${placeholder('from')}`, sql`${cases.number} < ${placeholder('to')}`))
      // Longest first: past 9,999 a day, "-10000" must still count as later than "-9999".
      .orderBy(sql`length(${cases.number}) desc`, sql`${cases.number} desc`)
      .limit(1)
      .prepare(),
    dayCounter: db.select({ lastSeq: caseNumberDays.lastSeq }).from(caseNumberDays).where(eq(caseNumberDays.day, placeholder('day'))).prepare(),
    setDayCounter: db
      .insert(caseNumberDays)
      .values({ day: raw('day'), lastSeq: raw('lastSeq') })
      .onConflictDoUpdate({ target: caseNumberDays.day, set: { lastSeq: sql`excluded.last_seq` } })
      .prepare(),
    node: firstWholeRow(orgNodes, db.select().from(orgNodes).where(eq(orgNodes.id, placeholder('id'))).prepare()),
    /** The grid among a path's nodes, given as a JSON array of ids. */
    gridAmong: db
      .select({ id: orgNodes.id })
      .from(orgNodes)
      .where(and(sql`${orgNodes.id} in (select value from json_each(${placeholder('ids')}))`, eq(orgNodes.kind, 'grid')))
      .prepare(),
    householdPath: db.select({ nodePath: households.nodePath }).from(households).where(eq(households.id, placeholder('id'))).prepare(),
    visit: db.select({ householdId: visits.householdId, caseId: visits.caseId }).from(visits).where(eq(visits.id, placeholder('id'))).prepare(),
    linkVisit: db.update(visits).set({ caseId: raw('caseId') }).where(eq(visits.id, placeholder('id'))).prepare(),
    activeCategory: db.select({ id: categories.id }).from(categories).where(and(eq(categories.id, placeholder('id')), eq(categories.active, true))).prepare(),
    category: db.select({ id: categories.id, active: categories.active }).from(categories).where(eq(categories.id, placeholder('id'))).prepare(),
    timeLimit: db
      .select({ acceptHours: timeLimits.acceptHours, resolveHours: timeLimits.resolveHours })
      .from(timeLimits)
      .where(and(eq(timeLimits.categoryId, placeholder('categoryId')), eq(timeLimits.urgency, placeholder('urgency'))))
      .prepare(),
    account: db.select({ id: accounts.id, role: accounts.role, active: accounts.active }).from(accounts).where(eq(accounts.id, placeholder('id'))).prepare(),
    accountScopePaths: db
      .select({ path: orgNodes.path })
      .from(accountScopes)
      .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
      .where(eq(accountScopes.accountId, placeholder('id')))
      .prepare(),
    activeUnit: db
      .select({ id: units.id, kind: units.kind, nodePath: units.nodePath })
      .from(units)
      .where(and(eq(units.id, placeholder('id')), eq(units.active, true)))
      .prepare(),
    /**
     * Active accounts of a role whose scope covers a case's node: scopes on the nodes of its path
     * (given as a JSON array of ids, through account_scopes_node_idx), each checked by path prefix.
     */
    coveringAccounts: db
      .select({ id: accounts.id })
      .from(accountScopes)
      .innerJoin(accounts, eq(accounts.id, accountScopes.accountId))
      .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
      .where(
        and(
          sql`${accountScopes.nodeId} in (select value from json_each(${placeholder('ids')}))`,
          eq(accounts.role, placeholder('role')),
          eq(accounts.active, true),
          sql`${placeholder('nodePath')} LIKE ${orgNodes.path} || '%'`,
        ),
      )
      .prepare(),
    unitLiaisons: db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.role, 'unit_liaison'), eq(accounts.unitId, placeholder('unitId')), eq(accounts.active, true)))
      .prepare(),
    insertCase: firstWholeRow(cases, db.insert(cases).values(columnsOf(CASE_INSERT_COLUMNS)).returning().prepare()),
    insertEvent: db.insert(caseEvents).values(columnsOf(EVENT_COLUMNS)).returning({ id: caseEvents.id }).prepare(),
    insertNotification: db
      .insert(notifications)
      .values(columnsOf(['accountId', 'caseId', 'kind', 'note', 'createdAt'] as const))
      .prepare(),
    /** The update of a case for one shape of patch (the set of columns an action changes), prepared on first use. */
    updateCase(keys: readonly string[]) {
      const shape = keys.join(',');
      let statement = updateShapes.get(shape);
      if (!statement) {
        statement = prepareUpdate(keys);
        updateShapes.set(shape, statement);
      }
      return statement;
    },
  };
}

export type CaseStatements = ReturnType<typeof build>;

const perConnection = new WeakMap<DB, CaseStatements>();

export function caseStatements(db: DB): CaseStatements {
  let statements = perConnection.get(db);
  if (!statements) {
    statements = build(db);
    perConnection.set(db, statements);
  }
  return statements;
}

/** The ids of the nodes on a path ("/1/5/23/" → [1, 5, 23]). */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

type Aw<T> = T | Promise<T>;
type CaseRow = typeof cases.$inferSelect;
type NodeRow = typeof orgNodes.$inferSelect;
type PhotoInsert = { caseId: number; eventId: number; fileName: string; mime: string; width: number; height: number; bytes: number; public?: boolean; createdAt: Date };
export type NotificationInsert = { accountId: number; caseId: number; kind: (typeof notifications.$inferInsert)['kind']; note: string | null; createdAt: Date };

/** What the case commands read and write, one method per statement; each answers at once (SQLite) or later (builders). */
export interface CaseOps {
  caseById(id: number): Aw<CaseRow | undefined>;
  caseByNumber(number: string): Aw<CaseRow | undefined>;
  caseByToken(tokenHash: string): Aw<CaseRow | undefined>;
  caseByClientKey(clientKey: string): Aw<CaseRow | undefined>;
  /** The case behind `where` (a reference and a visibility rule), for viewers whose rule is more than their scope. */
  caseWhere(where: SQL): Aw<CaseRow | undefined>;
  anyCaseWhere(where: SQL): Aw<boolean>;
  setTokenHash(id: number, tokenHash: string): Aw<void>;
  /** Serialises the number counter of one day until the end of the write (PostgreSQL; SQLite has one writer). */
  lockDay(day: string): Aw<void>;
  dayCounter(day: string): Aw<number | undefined>;
  dayHighestNumber(from: string, to: string): Aw<string | undefined>;
  numberTaken(number: string): Aw<boolean>;
  setDayCounter(day: string, lastSeq: number): Aw<void>;
  node(id: number): Aw<NodeRow | undefined>;
  gridAmong(ids: number[]): Aw<number | undefined>;
  householdPath(id: number): Aw<string | undefined>;
  visit(id: number): Aw<{ householdId: number; caseId: number | null } | undefined>;
  linkVisit(id: number, caseId: number): Aw<void>;
  activeCategory(id: number): Aw<boolean>;
  category(id: number): Aw<{ id: number; active: boolean } | undefined>;
  timeLimit(categoryId: number, urgency: Urgency): Aw<{ acceptHours: number; resolveHours: number } | undefined>;
  account(id: number): Aw<{ id: number; role: (typeof accounts.$inferSelect)['role']; active: boolean } | undefined>;
  accountScopePaths(id: number): Aw<string[]>;
  activeUnit(id: number): Aw<{ id: number; kind: (typeof units.$inferSelect)['kind']; nodePath: string } | undefined>;
  coveringAccounts(ids: number[], role: 'grid_worker' | 'secretary', nodePath: string): Aw<number[]>;
  unitLiaisons(unitId: number): Aw<number[]>;
  insertCase(values: CaseInsert): Aw<CaseRow>;
  insertEvent(values: EventInsert): Aw<number>;
  insertNotification(values: NotificationInsert): Aw<void>;
  insertPhotos(rows: PhotoInsert[]): Aw<void>;
  /** The case at `version` patched and moved to the next version; undefined when it is no longer at `version`. */
  updateCase(id: number, version: number, patch: Record<string, unknown>, updatedAt: Date): Aw<CaseRow | undefined>;
  /**
   * 附议 by merging (重复): the request `fromCaseId` becomes a supporter of `caseId`, once, and the original's support count
   * grows with it. The count is not part of the lifecycle: no version bump, so nobody's open page goes stale.
   */
  addMergedSupport(caseId: number, fromCaseId: number, createdAt: Date): Aw<void>;
}

/** SQLite's fast path: the prepared statements of `caseStatements`, synchronous. */
export function preparedOps(db: DB): CaseOps {
  const s = caseStatements(db);
  return {
    caseById: (id) => s.caseById({ id }),
    caseByNumber: (number) => s.caseByNumber({ number }),
    caseByToken: (tokenHash) => s.caseByToken({ tokenHash }),
    caseByClientKey: (clientKey) => s.caseByClientKey({ clientKey }),
    caseWhere: (where) => db.select().from(cases).where(where).get(),
    anyCaseWhere: (where) => db.select({ id: cases.id }).from(cases).where(where).get() !== undefined,
    setTokenHash: (id, tokenHash) => void db.update(cases).set({ publicTokenHash: tokenHash }).where(eq(cases.id, id)).run(),
    lockDay: () => undefined,
    dayCounter: (day) => s.dayCounter.get({ day })?.lastSeq,
    dayHighestNumber: (from, to) => s.dayHighestNumber.get({ from, to })?.number,
    numberTaken: (number) => s.numberTaken.get({ number }) !== undefined,
    setDayCounter: (day, lastSeq) => void s.setDayCounter.run({ day, lastSeq }),
    node: (id) => s.node({ id }),
    gridAmong: (ids) => s.gridAmong.get({ ids: JSON.stringify(ids) })?.id,
    householdPath: (id) => s.householdPath.get({ id })?.nodePath,
    visit: (id) => s.visit.get({ id }),
    linkVisit: (id, caseId) => void s.linkVisit.run({ id, caseId }),
    activeCategory: (id) => s.activeCategory.get({ id }) !== undefined,
    category: (id) => s.category.get({ id }),
    timeLimit: (categoryId, urgency) => s.timeLimit.get({ categoryId, urgency }),
    account: (id) => s.account.get({ id }),
    accountScopePaths: (id) => s.accountScopePaths.all({ id }).map((r) => r.path),
    activeUnit: (id) => s.activeUnit.get({ id }),
    coveringAccounts: (ids, role, nodePath) => s.coveringAccounts.all({ ids: JSON.stringify(ids), role, nodePath }).map((r) => r.id),
    unitLiaisons: (unitId) => s.unitLiaisons.all({ unitId }).map((r) => r.id),
    insertCase: (values) => s.insertCase(encode(cases, values))!,
    insertEvent: (values) => s.insertEvent.get(encode(caseEvents, values))!.id,
    insertNotification: (values) => void s.insertNotification.run(encode(notifications, values)),
    insertPhotos: (rows) => void (rows.length > 0 && db.insert(casePhotos).values(rows).run()),
    addMergedSupport: (caseId, fromCaseId, createdAt) => {
      const added = db.insert(caseSupports).values({ caseId, kind: 'merged', fromCaseId, createdAt }).onConflictDoNothing().returning({ id: caseSupports.id }).all();
      if (added.length > 0) db.update(cases).set({ supportCount: sql`${cases.supportCount} + 1` }).where(eq(cases.id, caseId)).run();
    },
    updateCase: (id, version, patch, updatedAt) =>
      s.updateCase(Object.keys(patch).sort())({
        ...encode(cases, patch, 'p_'),
        updatedAt: encode(cases, { updatedAt }).updatedAt,
        nextVersion: version + 1,
        id,
        version,
      }),
  };
}

/** The engine-neutral path: drizzle builders over db/tables.ts, awaited, on the write's `tx`. */
export function builderOps(tx: AppDb, store: Store): CaseOps {
  const one = async <T>(rows: Promise<T[]>): Promise<T | undefined> => (await rows)[0];
  const c = t.cases;
  return {
    caseById: (id) => one(tx.select().from(c).where(eq(c.id, id)).limit(1)),
    caseByNumber: (number) => one(tx.select().from(c).where(eq(c.number, number)).limit(1)),
    caseByToken: (tokenHash) => one(tx.select().from(c).where(eq(c.publicTokenHash, tokenHash)).limit(1)),
    caseByClientKey: (clientKey) => one(tx.select().from(c).where(eq(c.clientKey, clientKey)).limit(1)),
    caseWhere: (where) => one(tx.select().from(c).where(where).limit(1)),
    anyCaseWhere: async (where) => (await tx.select({ id: c.id }).from(c).where(where).limit(1)).length > 0,
    setTokenHash: async (id, tokenHash) => void (await tx.update(c).set({ publicTokenHash: tokenHash }).where(eq(c.id, id))),
    lockDay: (day) => store.lockKey(tx, `case-number-day:${day}`),
    dayCounter: async (day) => (await one(tx.select({ lastSeq: t.caseNumberDays.lastSeq }).from(t.caseNumberDays).where(eq(t.caseNumberDays.day, day)).limit(1)))?.lastSeq,
    dayHighestNumber: async (from, to) =>
      (
        await one(
          tx
            .select({ number: c.number })
            .from(c)
            .where(and(sql`${c.number} >= ${from}`, sql`${c.number} < ${to}`))
            .orderBy(sql`length(${c.number}) desc`, sql`${c.number} desc`)
            .limit(1),
        )
      )?.number,
    numberTaken: async (number) => (await tx.select({ id: c.id }).from(c).where(eq(c.number, number)).limit(1)).length > 0,
    setDayCounter: async (day, lastSeq) =>
      void (await tx.insert(t.caseNumberDays).values({ day, lastSeq }).onConflictDoUpdate({ target: t.caseNumberDays.day, set: { lastSeq } })),
    node: (id) => one(tx.select().from(t.orgNodes).where(eq(t.orgNodes.id, id)).limit(1)),
    gridAmong: async (ids) =>
      (await one(tx.select({ id: t.orgNodes.id }).from(t.orgNodes).where(and(inArray(t.orgNodes.id, ids), eq(t.orgNodes.kind, 'grid'))).orderBy(t.orgNodes.id).limit(1)))?.id,
    householdPath: async (id) => (await one(tx.select({ nodePath: t.households.nodePath }).from(t.households).where(eq(t.households.id, id)).limit(1)))?.nodePath,
    visit: (id) => one(tx.select({ householdId: t.visits.householdId, caseId: t.visits.caseId }).from(t.visits).where(eq(t.visits.id, id)).limit(1)),
    linkVisit: async (id, caseId) => void (await tx.update(t.visits).set({ caseId }).where(eq(t.visits.id, id))),
    activeCategory: async (id) => (await tx.select({ id: t.categories.id }).from(t.categories).where(and(eq(t.categories.id, id), eq(t.categories.active, true))).limit(1)).length > 0,
    category: (id) => one(tx.select({ id: t.categories.id, active: t.categories.active }).from(t.categories).where(eq(t.categories.id, id)).limit(1)),
    timeLimit: (categoryId, urgency) =>
      one(
        tx
          .select({ acceptHours: t.timeLimits.acceptHours, resolveHours: t.timeLimits.resolveHours })
          .from(t.timeLimits)
          .where(and(eq(t.timeLimits.categoryId, categoryId), eq(t.timeLimits.urgency, urgency)))
          .limit(1),
      ),
    account: (id) => one(tx.select({ id: t.accounts.id, role: t.accounts.role, active: t.accounts.active }).from(t.accounts).where(eq(t.accounts.id, id)).limit(1)),
    accountScopePaths: async (id) =>
      (await tx.select({ path: t.orgNodes.path }).from(t.accountScopes).innerJoin(t.orgNodes, eq(t.orgNodes.id, t.accountScopes.nodeId)).where(eq(t.accountScopes.accountId, id))).map((r) => r.path),
    activeUnit: (id) => one(tx.select({ id: t.units.id, kind: t.units.kind, nodePath: t.units.nodePath }).from(t.units).where(and(eq(t.units.id, id), eq(t.units.active, true))).limit(1)),
    coveringAccounts: async (ids, role, nodePath) =>
      (
        await tx
          .select({ id: t.accounts.id })
          .from(t.accountScopes)
          .innerJoin(t.accounts, eq(t.accounts.id, t.accountScopes.accountId))
          .innerJoin(t.orgNodes, eq(t.orgNodes.id, t.accountScopes.nodeId))
          .where(and(inArray(t.accountScopes.nodeId, ids), eq(t.accounts.role, role), eq(t.accounts.active, true), sql`${nodePath} LIKE ${t.orgNodes.path} || '%'`))
          .orderBy(t.accounts.id)
      ).map((r) => r.id),
    unitLiaisons: async (unitId) =>
      (
        await tx
          .select({ id: t.accounts.id })
          .from(t.accounts)
          .where(and(eq(t.accounts.role, 'unit_liaison'), eq(t.accounts.unitId, unitId), eq(t.accounts.active, true)))
          .orderBy(t.accounts.id)
      ).map((r) => r.id),
    insertCase: async (values) => (await tx.insert(c).values(values as typeof c.$inferInsert).returning())[0]!,
    insertEvent: async (values) => (await tx.insert(t.caseEvents).values(values as typeof t.caseEvents.$inferInsert).returning({ id: t.caseEvents.id }))[0]!.id,
    insertNotification: async (values) => void (await tx.insert(t.notifications).values(values)),
    insertPhotos: async (rows) => void (rows.length > 0 && (await tx.insert(t.casePhotos).values(rows))),
    addMergedSupport: async (caseId, fromCaseId, createdAt) => {
      const added = await tx.insert(t.caseSupports).values({ caseId, kind: 'merged', fromCaseId, createdAt }).onConflictDoNothing().returning({ id: t.caseSupports.id });
      if (added.length > 0) await tx.update(c).set({ supportCount: sql`${c.supportCount} + 1` }).where(eq(c.id, caseId));
    },
    updateCase: async (id, version, patch, updatedAt) =>
      (
        await tx
          .update(c)
          .set({ ...(patch as Partial<CaseRow>), version: version + 1, updatedAt })
          .where(and(eq(c.id, id), eq(c.version, version)))
          .returning()
      )[0],
  };
}

/** Whether the case commands take SQLite's prepared fast path: on SQLite, unless CASE_STATEMENTS=builders (the tests' second path). */
export function usesPreparedOps(store: Pick<Store, 'engine'>): boolean {
  return store.engine === 'sqlite' && process.env.CASE_STATEMENTS !== 'builders';
}


export { CASE_INSERT_COLUMNS, EVENT_COLUMNS };
