// Multi-row inserts for the demo's big tables through one reused prepared statement, mapped by drizzle's column definitions.
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { DB } from '../client';

/** drizzle keeps the better-sqlite3 connection it was opened with as `$client`; the DB type just does not mention it. */
export function connectionOf(db: DB): Database.Database {
  const client = (db as DB & { $client?: Database.Database }).$client;
  if (!client) throw new Error('expected a drizzle database on better-sqlite3');
  return client;
}

/**
 * For a hundred thousand timeline rows drizzle's query builder costs several times what SQLite
 * does, so the statement is built once per batch size and values are mapped by each column's
 * own `mapToDriverValue` (dates to milliseconds, JSON to text, booleans to 0/1). Every row must
 * carry the same keys as the first; those are the columns written.
 */
export function bulkInsert<T extends Table>(db: DB, table: T, rows: readonly T['$inferInsert'][], batchSize = 500): void {
  const sqlite = connectionOf(db);
  const first = rows[0];
  if (!first) return;
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key in first);
  const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const perRow = Math.max(1, Math.min(batchSize, Math.floor(30_000 / columns.length)));
  const statements = new Map<number, Database.Statement>();
  const statement = (n: number) => {
    let st = statements.get(n);
    if (!st) {
      st = sqlite.prepare(`INSERT INTO "${getTableName(table)}" (${names}) VALUES ${Array.from({ length: n }, () => tuple).join(', ')}`);
      statements.set(n, st);
    }
    return st;
  };
  for (let i = 0; i < rows.length; i += perRow) {
    const batch = rows.slice(i, i + perRow);
    const values: unknown[] = [];
    for (const row of batch) {
      const record = row as Record<string, unknown>;
      for (const [key, column] of columns) {
        const v = record[key];
        values.push(v === null || v === undefined ? null : column.mapToDriverValue(v));
      }
    }
    statement(batch.length).run(...values);
  }
}
