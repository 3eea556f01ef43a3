// Turns a scope into a SQL condition, so every query filters in the database.
import { and, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { NOTHING, noSeek } from '@/db/dialect';
import type { Scope } from './scope';

export function withinScope(column: SQLiteColumn, scope: Scope): SQL {
  if (scope.paths.length === 0) return NOTHING;
  const conditions = scope.paths.map((p) => like(column, `${p}%`));
  return conditions.length === 1 ? conditions[0]! : or(...conditions)!;
}

/** The first string after every string that starts with `prefix` ("/1/2/" → "/1/20"): the end of its range. */
export function prefixEnd(prefix: string): string {
  if (prefix === '') throw new Error('prefixEnd: an empty prefix has no end');
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * The same rows as `withinScope`, written as a range (`path >= '/1/2/' and path < '/1/20'`), which an
 * index on the path can seek to; SQLite's LIKE is case-insensitive and so never uses a plain index.
 * Paths hold digits and slashes only, so the two agree exactly (lib/auth/scope-sql.test.ts).
 */
export function withinScopeRange(column: SQLiteColumn, scope: Scope, { seek = true } = {}): SQL {
  if (scope.paths.length === 0) return NOTHING;
  // seek: false, for a list that walks an index in its display order and checks the scope on each entry
  // (lib/desk/queue.ts) rather than sorting the scope (db/dialect.ts: noSeek).
  const conditions = scope.paths.map((p) => (seek ? and(gte(column, p), lt(column, prefixEnd(p)))! : sql`(${noSeek(column)} >= ${p} and ${noSeek(column)} < ${prefixEnd(p)})`));
  return conditions.length === 1 ? conditions[0]! : or(...conditions)!;
}
