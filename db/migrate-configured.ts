// The migrations of the engine this process is configured for (db/engine.ts): SQLite's applied to the file at
// DATABASE_PATH, PostgreSQL's to DATABASE_URL. Used by `npm run db:migrate`, `npm run setup`, the demo's seed and
// the server's start (scripts/serve.ts), so that each of them works the same on both engines.
import { z } from 'zod';
import { databasePath, openDatabase } from './client';
import { ENGINE } from './engine';
import { applyMigrations } from './migrate';
import { migratePgDatabase } from './pg/migrate';

const pgUrlSchema = z.string().regex(/^postgres(ql)?:\/\/.+\/.+/, 'DATABASE_URL must be postgres://user@host:port/database');

/** DATABASE_URL checked: a postgres:// URL that names a database, or the message saying what is wrong. */
export function postgresUrl(value: string | undefined, command: string): { ok: true; url: string } | { ok: false; message: string } {
  if (!value) return { ok: false, message: `DATABASE_URL is not set: DATABASE_URL=postgres://user@host:port/database ${command}`.trimEnd() };
  const parsed = pgUrlSchema.safeParse(value);
  return parsed.success ? { ok: true, url: parsed.data } : { ok: false, message: parsed.error.issues[0]!.message };
}

/** A PostgreSQL URL fit for a log line: the password replaced. */
export function displayUrl(url: string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return shown.toString();
}

/** The configured PostgreSQL URL, or an error that says how to set it. */
export function configuredPostgresUrl(command: string): string {
  const url = postgresUrl(process.env.DATABASE_URL, command);
  if (!url.ok) throw new Error(url.message);
  return url.url;
}

/** Applies the pending migrations of the configured database; says what it did, for the log. */
export async function migrateConfiguredDatabase(): Promise<string> {
  if (ENGINE === 'pg') {
    const url = configuredPostgresUrl('');
    const n = await migratePgDatabase(url);
    return `PostgreSQL migrations applied to ${displayUrl(url)} (${n} in total).`;
  }
  const file = databasePath();
  const { db, sqlite } = openDatabase(file);
  try {
    applyMigrations(db);
  } finally {
    sqlite.close();
  }
  return `Migrations applied to ${file}.`;
}
