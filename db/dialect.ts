// What engine-neutral SQL must say differently on SQLite and on PostgreSQL, in one place (issue 12). Everything
// else is drizzle's query builder and portable SQL. Decided once per process, by its engine (db/engine.ts).
import type Database from 'better-sqlite3';
import { PG_CASE_DUE_KEY } from './pg/schema';
import { CASE_DUE_KEY } from './schema';
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { ENGINE, type Engine } from './engine';
import type { AppDb } from './store';

/** A condition no row meets (PostgreSQL wants a boolean in WHERE, not SQLite's 0). */
export const NOTHING: SQL = sql`1 = 0`;

/** A condition every row meets (PostgreSQL wants a boolean in WHERE, not SQLite's 1). */
export const EVERYTHING: SQL = sql`1 = 1`;

/** The boolean true as a literal to compare a boolean column with (SQLite stores 1; PostgreSQL has booleans). */
export function TRUE(engine: Engine = ENGINE): SQL {
  return engine === 'pg' ? sql`true` : sql`1`;
}

/** The largest safe integer: a finished case's running deadline on SQLite, 'infinity' on PostgreSQL (CASE_DUE_KEY). */
const FOREVER_MS = Number.MAX_SAFE_INTEGER;

/** A finished case's running deadline in CASE_DUE_KEY: SQLite's largest safe integer, PostgreSQL's 'infinity'. */
export function dueNever(engine: Engine = ENGINE): SQL {
  return engine === 'pg' ? sql`'infinity'::timestamptz` : sql.raw(String(FOREVER_MS));
}

/**
 * SQLite only: the integers of a one-column select, plucked one by one into a typed array by one statement (one
 * snapshot), with no object per row (the ledger export's ids; PostgreSQL reads them by keyset in `inReadSnapshot`).
 */
export function pluckIds(db: object, query: { toSQL(): { sql: string; params: unknown[] } }, engine: Engine = ENGINE): Int32Array {
  if (engine !== 'sqlite') throw new Error('pluckIds: SQLite only');
  const { sql: text, params } = query.toSQL();
  // drizzle keeps the better-sqlite3 connection as `$client`.
  const client = (db as { $client: Database.Database }).$client;
  let ids = new Int32Array(1024);
  let n = 0;
  for (const id of client.prepare(text).pluck().iterate(...params) as IterableIterator<number>) {
    if (n === ids.length) {
      const grown = new Int32Array(n * 2);
      grown.set(ids);
      ids = grown;
    }
    ids[n++] = id;
  }
  return ids.subarray(0, n);
}

/**
 * PostgreSQL only: several reads on one snapshot, in a read-only REPEATABLE READ transaction that ends when `fn`
 * resolves (what one SQLite statement is on its own).
 */
export async function inReadSnapshot<T, Db>(db: Db, fn: (tx: Db) => Promise<T>, engine: Engine = ENGINE): Promise<T> {
  if (engine !== 'pg') throw new Error('inReadSnapshot: PostgreSQL only');
  const pgDb = db as unknown as { transaction<R>(f: (tx: unknown) => Promise<R>, config: { isolationLevel: 'repeatable read'; accessMode: 'read only' }): Promise<R> };
  return pgDb.transaction((tx) => fn(tx as Db), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** The running deadline of a case (db/schema.ts CASE_DUE_KEY; db/pg/schema.ts PG_CASE_DUE_KEY), the very expression of cases_due_idx. */
export function caseDueKey(engine: Engine = ENGINE): SQL {
  return sql.raw(engine === 'pg' ? PG_CASE_DUE_KEY : CASE_DUE_KEY);
}

/**
 * The column as a value that the planner will not seek an index by: SQLite's unary `+column`, for a list that walks
 * an index in its display order and checks this term on each entry instead of seeking by it. PostgreSQL has no
 * unary plus for text and plans differently: the column as it is.
 */
export function noSeek(column: SQLiteColumn | SQL, engine: Engine = ENGINE): SQL {
  return engine === 'pg' ? sql`${column}` : sql`+${column}`;
}

/**
 * Ascending with NULLs first, as SQLite sorts them (a rural household has no unit); PostgreSQL puts NULLs last
 * unless told. On SQLite the plain order, so its planner still walks an index in that order.
 */
export function ascNullsFirst(column: SQLiteColumn | SQL, engine: Engine = ENGINE): SQL {
  return engine === 'pg' ? sql`${column} asc nulls first` : sql`${column} asc`;
}

/** The values of a group joined by `separator`, null for an empty group: SQLite's group_concat, PostgreSQL's string_agg. */
export function groupConcat(column: SQLiteColumn, separator: string, engine: Engine = ENGINE): SQL<string | null> {
  return engine === 'pg' ? sql<string | null>`string_agg(${column}::text, ${separator})` : sql<string | null>`group_concat(${column}, ${separator})`;
}

/**
 * `column LIKE pattern ESCAPE '\'` without regard to ASCII case, as SQLite's LIKE always is; PostgreSQL's LIKE
 * minds case, its ILIKE does not. `pattern` escapes its own % and _ with a backslash.
 */
export function likeCaseless(column: SQLiteColumn, pattern: string, engine: Engine = ENGINE): SQL {
  return engine === 'pg' ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`;
}

/**
 * The text value of one top-level key of a JSON column (`data->>'key'`): SQLite's json_extract, PostgreSQL's `->>`
 * on jsonb. For comparing with a string; `key` is a fixed identifier of the code, never input.
 */
export function jsonText(column: SQLiteColumn, key: string, engine: Engine = ENGINE): SQL<string | null> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`jsonText: not a plain key: ${key}`);
  return engine === 'pg' ? sql<string | null>`(${column} ->> ${sql.raw(`'${key}'`)})` : sql<string | null>`json_extract(${column}, ${sql.raw(`'$.${key}'`)})`;
}

/** Runs a hand-written statement and returns its rows as objects (SQLite's all(), PostgreSQL's execute().rows). */
export async function rawRows<T>(db: AppDb, query: SQL, engine: Engine = ENGINE): Promise<T[]> {
  if (engine === 'pg') return (await (db as unknown as { execute(q: SQL): Promise<{ rows: T[] }> }).execute(query)).rows;
  return db.all<T>(query);
}

/** Runs a hand-written statement that returns no rows (SQLite's run(), PostgreSQL's execute()). */
export async function rawRun(db: AppDb, query: SQL, engine: Engine = ENGINE): Promise<void> {
  if (engine === 'pg') await (db as unknown as { execute(q: SQL): Promise<unknown> }).execute(query);
  else db.run(query);
}

/**
 * The same as arrays, in the order of the select list (SQLite's values()). Column names of the statement must be
 * distinct: on PostgreSQL the row objects are read in field order.
 */
export async function rawValues<T extends unknown[]>(db: AppDb, query: SQL, engine: Engine = ENGINE): Promise<T[]> {
  if (engine === 'pg') return (await rawRows<Record<string, unknown>>(db, query, engine)).map((r) => Object.values(r) as T);
  return db.values<T>(query);
}

/**
 * The China-time month ('YYYY-MM', UTC+8) of a timestamp column, as the statistics triggers file it: SQLite keeps
 * milliseconds, PostgreSQL timestamptz (its stats_month of db/pg/migrations/0001).
 */
export function chinaMonthOf(column: SQLiteColumn | SQL, engine: Engine = ENGINE): SQL<string> {
  return engine === 'pg' ? sql<string>`stats_month(${column})` : sql<string>`strftime('%Y-%m', ${column} / 1000 + 28800, 'unixepoch')`;
}

/** Whole milliseconds from `earlier` to `later` (two timestamps): a subtraction on SQLite, stats_ms on PostgreSQL. */
export function msBetween(later: SQLiteColumn | SQL, earlier: SQLiteColumn | SQL, engine: Engine = ENGINE): SQL<number> {
  return engine === 'pg' ? sql<number>`stats_ms(${later}, ${earlier})` : sql<number>`(${later} - ${earlier})`;
}

/** A table read through one index by name (SQLite's INDEXED BY, where its planner would pick a worse one); PostgreSQL plans alone. */
export function indexedBy(table: SQLiteTable, index: string, engine: Engine = ENGINE): SQL {
  return engine === 'pg' ? sql`${table}` : sql`${table} indexed by ${sql.identifier(index)}`;
}

/**
 * `column in (ids)` for a long list of integers as one parameter: SQLite's json_each of a JSON array, PostgreSQL's
 * `= any` of an integer array (a county's thousands of ids as bound parameters cost more to bind and parse than to look up).
 */
export function inIntegers(column: SQLiteColumn | SQL, ids: readonly number[], engine: Engine = ENGINE): SQL {
  return engine === 'pg'
    ? sql`${column} = any(cast(${`{${ids.join(',')}}`} as integer[]))`
    : sql`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/**
 * A timestamp's value in epoch milliseconds, as a number a cursor can carry: SQLite stores them so; PostgreSQL's
 * timestamptz is converted (bigint, read as a number). A finished case's running deadline (CASE_DUE_KEY: SQLite's
 * largest safe integer, PostgreSQL's 'infinity') is the largest safe integer on both.
 */
export function epochMs(expr: SQL | SQLiteColumn, engine: Engine = ENGINE): SQL<number> {
  return engine === 'pg'
    ? sql<number>`(case when ${expr} = 'infinity'::timestamptz then ${sql.raw(String(FOREVER_MS))} else (floor(extract(epoch from ${expr}) * 1000))::bigint end)`.mapWith(Number)
    : sql<number>`${expr}`;
}

/** Epoch milliseconds as a value to compare a timestamp column with (so an index on the column still seeks); the largest safe integer is 'infinity' on PostgreSQL. */
export function atMs(ms: number, engine: Engine = ENGINE): SQL {
  if (engine === 'sqlite') return sql`${ms}`;
  return ms >= FOREVER_MS ? sql`'infinity'::timestamptz` : sql`to_timestamp(${ms}::double precision / 1000)`;
}
