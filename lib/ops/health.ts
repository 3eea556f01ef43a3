// The monitoring check behind GET /healthz: database reachable, migrations current, enough free disk for the data folder.
// On either engine: the store's database and the migrations of its engine (db/migrations or db/pg/migrations).
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { ENGINE, type Engine } from '@/db/engine';
import type { AppDb } from '@/db/store';
// The migrations this build was made with; a database behind (or ahead of) them is not current.
import sqliteJournal from '@/db/migrations/meta/_journal.json';
import pgJournal from '@/db/pg/migrations/meta/_journal.json';

/** Below this much free space on the data folder's disk the next backup or photo upload may fail. */
export const DEFAULT_MIN_FREE_BYTES = 512 * 1024 * 1024;

export type JournalEntry = { tag: string; when: number };

export type HealthReport = {
  status: 'ok' | 'fail';
  checks: {
    database: { ok: boolean };
    migrations: { ok: boolean; expected: number; applied: number; pending: string[]; unknown: number };
    disk: { ok: boolean; freeBytes: number | null; minFreeBytes: number };
  };
};

export type HealthOptions = {
  /** Opening the database may itself fail (missing folder, corrupt file): that is a failed check, not a crash. */
  db: () => AppDb;
  engine?: Engine;
  dataDir: string;
  minFreeBytes?: number;
  journal?: readonly JournalEntry[];
  freeBytes?: (dir: string) => number;
};

function statfsFree(dir: string): number {
  const s = fs.statfsSync(dir);
  // bavail: what an unprivileged process (the server) may still write.
  return Number(s.bavail) * Number(s.bsize);
}

/** The minimum free space from HEALTHZ_MIN_FREE_MB, or the default. */
export function minFreeBytesFromEnv(value = process.env.HEALTHZ_MIN_FREE_MB): number {
  const mb = value === undefined ? NaN : Number(value);
  return Number.isFinite(mb) && mb >= 0 ? mb * 1024 * 1024 : DEFAULT_MIN_FREE_BYTES;
}

/**
 * drizzle's migrator records each applied migration's journal `when` as created_at and applies
 * every journal entry later than the newest one recorded; the same rule decides what is pending.
 * Rows newer than the whole journal mean newer code migrated this database: not current either.
 */
async function migrationState(db: AppDb, engine: Engine, entries: readonly JournalEntry[]): Promise<HealthReport['checks']['migrations']> {
  const applied = (await appliedMigrations(db, engine)).map(Number);
  const newest = applied.length ? Math.max(...applied) : -Infinity;
  const latestKnown = entries.length ? Math.max(...entries.map((e) => e.when)) : -Infinity;
  const pending = entries.filter((e) => e.when > newest).map((e) => e.tag);
  const unknown = applied.filter((a) => a > latestKnown).length;
  return { ok: pending.length === 0 && unknown === 0, expected: entries.length, applied: applied.length, pending, unknown };
}

/** drizzle's record of the applied migrations: a table of its own on SQLite, in the `drizzle` schema on PostgreSQL. */
async function appliedMigrations(db: AppDb, engine: Engine): Promise<(number | string | null)[]> {
  if (engine === 'pg') {
    const result = await (db as unknown as NodePgDatabase).execute<{ created_at: number | string | null }>(sql`select created_at from drizzle.__drizzle_migrations`);
    return result.rows.map((r) => r.created_at);
  }
  return db.all<{ createdAt: number | string | null }>(sql`select created_at as createdAt from __drizzle_migrations`).map((r) => r.createdAt);
}

async function databaseAnswers(db: AppDb, engine: Engine): Promise<boolean> {
  if (engine === 'pg') return (await (db as unknown as NodePgDatabase).execute<{ one: number }>(sql`select 1 as one`)).rows[0]?.one === 1;
  return db.get<{ one: number }>(sql`select 1 as one`)?.one === 1;
}

export async function checkHealth(opts: HealthOptions): Promise<HealthReport> {
  const minFreeBytes = opts.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  const engine = opts.engine ?? ENGINE;
  const entries = opts.journal ?? (engine === 'pg' ? pgJournal : sqliteJournal).entries;
  let database = { ok: false };
  let migrations: HealthReport['checks']['migrations'] = { ok: false, expected: entries.length, applied: 0, pending: [], unknown: 0 };
  try {
    const db = opts.db();
    database = { ok: await databaseAnswers(db, engine) };
    migrations = await migrationState(db, engine, entries);
  } catch {
    // Reported as a failed check; the reason belongs in the server log, not on a public endpoint.
  }
  let freeBytes: number | null = null;
  try {
    freeBytes = (opts.freeBytes ?? statfsFree)(opts.dataDir);
  } catch {
    freeBytes = null;
  }
  const disk = { ok: freeBytes !== null && freeBytes >= minFreeBytes, freeBytes, minFreeBytes };
  const ok = database.ok && migrations.ok && disk.ok;
  return { status: ok ? 'ok' : 'fail', checks: { database, migrations, disk } };
}
