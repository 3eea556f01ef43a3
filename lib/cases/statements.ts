// The case commands' hot-path statements, built and prepared once per connection instead of on every call.
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DB } from '@/db/client';
import { accountScopes, accounts, caseEvents, caseNumberDays, cases, categories, households, notifications, orgNodes, timeLimits, units, visits } from '@/db/schema';

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
    return db
      .update(cases)
      .set({ ...set, version: raw('nextVersion'), updatedAt: raw('updatedAt') })
      .where(and(byId, eq(cases.version, placeholder('version'))))
      // The whole row: a command that takes several steps (intake) goes on from it without reading the case again.
      .returning()
      .prepare();
  }

  return {
    caseById: db.select().from(cases).where(byId).prepare(),
    caseByNumber: db.select().from(cases).where(eq(cases.number, placeholder('number'))).prepare(),
    caseByToken: db.select().from(cases).where(eq(cases.publicTokenHash, placeholder('tokenHash'))).prepare(),
    caseByClientKey: db.select().from(cases).where(eq(cases.clientKey, placeholder('clientKey'))).prepare(),
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
    node: db.select().from(orgNodes).where(eq(orgNodes.id, placeholder('id'))).prepare(),
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
    insertCase: db.insert(cases).values(columnsOf(CASE_INSERT_COLUMNS)).returning().prepare(),
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

/** The ids of the nodes on a path ("/1/5/23/" → [1, 5, 23]), as the JSON the statements take. */
export function pathIds(path: string): string {
  return JSON.stringify(path.split('/').filter(Boolean).map(Number));
}

export { CASE_INSERT_COLUMNS, EVENT_COLUMNS };
