// Read-only fingerprint of the e2e database: row count and checksum of every stored table, to prove that GETs write nothing.
//
// Run with `npx tsx e2e/support/db-snapshot.ts` and DATABASE_PATH pointing at the e2e database;
// prints { table: { rows, checksum } } as JSON. Opens the file read-only, so it cannot write either.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { databasePath } from '@/db/client';

export type Snapshot = Record<string, { rows: number; checksum: string }>;

/**
 * What a GET may legitimately leave behind, and why:
 * - audit rows of a *view* of personal data: the law asks us to log who looked (PIPL), and a
 *   look is a GET. Exports are not exempt: an export must be an explicit POST.
 * - a token's last-use stamp: a hint for the administrator, written at most once a minute.
 */
const ROW_FILTERS: Record<string, string> = { audit_log: `WHERE action <> 'view_household'` };
const IGNORED_COLUMNS: Record<string, readonly string[]> = { api_tokens: ['last_used_at'] };

export function snapshot(file = databasePath()): Snapshot {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // Real tables only: the full-text index is derived from cases (its triggers follow them), and drizzle's own bookkeeping is not data.
    const tables = sqlite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE TABLE%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name NOT LIKE '__drizzle%' ORDER BY name`)
      .pluck()
      .all() as string[];
    const result: Snapshot = {};
    for (const table of tables) {
      const ignored = IGNORED_COLUMNS[table] ?? [];
      const columns = (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) => !ignored.includes(c));
      // WITHOUT ROWID tables (the statistics aggregates) have no rowid: their primary key orders them.
      const key = sqlite.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`).pluck().all(table) as string[];
      const order = key.length > 0 ? key.map((c) => `"${c}"`).join(', ') : 'rowid';
      const hash = crypto.createHash('sha256');
      let rows = 0;
      const select = sqlite.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}" ${ROW_FILTERS[table] ?? ''} ORDER BY ${order}`).raw();
      for (const row of select.iterate()) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v)));
        hash.update('\n');
        rows++;
      }
      result[table] = { rows, checksum: hash.digest('hex').slice(0, 16) };
    }
    return result;
  } finally {
    sqlite.close();
  }
}

if (process.argv[1]?.endsWith('db-snapshot.ts')) process.stdout.write(JSON.stringify(snapshot()));
