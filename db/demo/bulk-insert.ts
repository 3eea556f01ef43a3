// Multi-row inserts for the demo's big tables through one reused prepared statement, mapped by drizzle's column definitions.
import type Database from 'better-sqlite3';
import { Column, getTableColumns, getTableName, type Table } from 'drizzle-orm';
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
  // Most columns store the value as it is; only dates, booleans and JSON need their mapping.
  const identity = Column.prototype.mapToDriverValue;
  const converters = columns.map(([key, column]) => [key, column.mapToDriverValue === identity ? null : column] as const);
  for (let i = 0; i < rows.length; i += perRow) {
    const end = Math.min(rows.length, i + perRow);
    const values: unknown[] = new Array((end - i) * converters.length);
    let k = 0;
    for (let r = i; r < end; r++) {
      const record = rows[r] as Record<string, unknown>;
      for (const [key, column] of converters) {
        const v = record[key];
        values[k++] = v === null || v === undefined ? null : column === null ? v : column.mapToDriverValue(v);
      }
    }
    statement(end - i).run(values);
  }
}

/**
 * For filling a fresh database with a county's million requests: drops the indexes and triggers
 * of `tables` and returns what puts them back, each from its own SQL as the migrations left it,
 * then rebuilds the full-text index of the cases (its triggers were among those dropped) and merges it. Building
 * an index once over sorted keys costs a fraction of keeping it up to date row by row.
 */
export function deferIndexes(db: DB, tables: readonly string[]): () => void {
  const sqlite = connectionOf(db);
  const items = sqlite
    .prepare(`SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')}) ORDER BY type, name`)
    .all(...tables) as { type: 'index' | 'trigger'; name: string; sql: string }[];
  for (const item of items) sqlite.exec(`DROP ${item.type === 'index' ? 'INDEX' : 'TRIGGER'} "${item.name}"`);
  return () => {
    for (const item of items) sqlite.exec(item.sql);
    const fts = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases_fts'`).get();
    // Rebuilt, then merged into one segment: a rebuild leaves segments of every size and merges under way, which the
    // next creates would carry on one at a time (lib/desk/search-index.ts).
    if (tables.includes('cases') && fts) sqlite.exec(`INSERT INTO cases_fts(cases_fts) VALUES ('rebuild'); INSERT INTO cases_fts(cases_fts) VALUES ('optimize')`);
  };
}
