// Turns a scope into a SQL condition, so every query filters in the database.
import { like, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Scope } from './scope';

export function withinScope(column: SQLiteColumn, scope: Scope): SQL {
  if (scope.paths.length === 0) return sql`0`;
  const conditions = scope.paths.map((p) => like(column, `${p}%`));
  return conditions.length === 1 ? conditions[0]! : or(...conditions)!;
}
