// Turns a scope into a SQL condition, so every query filters in the database.
import { like, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Scope } from './scope';

export function withinScope(column: SQLiteColumn, scope: Scope): SQL {
  if (scope.paths.length === 0) return sql`0`;
  const conditions = scope.paths.map((p) => like(column, `${p}%`));
  return conditions.length === 1 ? conditions[0]! : or(...conditions)!;
}

/**
 * The same test as `withinScope`, as index ranges: a path starts with p exactly when
 * p <= path < p-with-its-last-character-one-higher (paths hold only digits and slashes, and the
 * columns compare binary). SQLite searches a path index for it instead of testing LIKE, which is
 * case-insensitive and so never uses an index, on every row. For counts: an ordered page would
 * make the planner sort the whole scope instead of walking the order's index.
 */
export function withinScopeRange(column: SQLiteColumn, scope: Scope): SQL {
  if (scope.paths.length === 0) return sql`0`;
  const conditions = scope.paths.map((p) => sql`(${column} >= ${p} and ${column} < ${p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1)})`);
  return conditions.length === 1 ? conditions[0]! : or(...conditions)!;
}
