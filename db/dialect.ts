// What engine-neutral SQL must say differently on SQLite and on PostgreSQL, in one place (issue 12). Everything
// else is drizzle's query builder and portable SQL. Decided once per process, by its engine (db/engine.ts).
import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ENGINE, type Engine } from './engine';

/** A condition no row meets (PostgreSQL wants a boolean in WHERE, not SQLite's 0). */
export const NOTHING: SQL = sql`1 = 0`;

/**
 * The column as a value that the planner will not seek an index by: SQLite's unary `+column`, for a list that walks
 * an index in its display order and checks this term on each entry instead of seeking by it. PostgreSQL has no
 * unary plus for text and plans differently: the column as it is.
 */
export function noSeek(column: SQLiteColumn, engine: Engine = ENGINE): SQL {
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

/**
 * A timestamp's value in epoch milliseconds, as a number a cursor can carry: SQLite stores them so; PostgreSQL's
 * timestamptz is converted (bigint, read back as a string: callers take Number()).
 */
export function epochMs(expr: SQL | SQLiteColumn, engine: Engine = ENGINE): SQL<number> {
  return engine === 'pg' ? sql<number>`(floor(extract(epoch from ${expr}) * 1000))::bigint` : sql<number>`${expr}`;
}

/** Epoch milliseconds as a value to compare a timestamp column with (so an index on the column still seeks). */
export function atMs(ms: number, engine: Engine = ENGINE): SQL {
  return engine === 'pg' ? sql`to_timestamp(${ms}::double precision / 1000)` : sql`${ms}`;
}
