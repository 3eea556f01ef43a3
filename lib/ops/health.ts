// The monitoring check behind GET /healthz: database reachable, migrations current, enough free disk for the data folder.
// On either engine: SQLite's migrations table or PostgreSQL's (drizzle.__drizzle_migrations), each against its own journal.
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { rawRows } from '@/db/dialect';
import { ENGINE, type Engine } from '@/db/engine';
// The migrations this build was made with; a database behind (or ahead of) them is not current.
import sqliteJournal from '@/db/migrations/meta/_journal.json';
import pgJournal from '@/db/pg/migrations/meta/_journal.json';
import type { Store } from '@/db/store';

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
  /** Opening the database may itself fail (missing folder, corrupt file, no server): that is a failed check, not a crash. */
  store: () => Store;
  /** A database that does not answer within this time fails the check (a PostgreSQL server that is unreachable). */
  timeoutMs?: number;
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
async function migrationState(store: Store, entries: readonly JournalEntry[]): Promise<HealthReport['checks']['migrations']> {
  const table = store.engine === 'pg' ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
  // created_at is a bigint on PostgreSQL (node-postgres reads it as a string).
  const rows = await rawRows<{ created_at: number | string | null }>(store.db, sql`select created_at from ${table}`, store.engine);
  const applied = rows.map((r) => Number(r.created_at));
  const newest = applied.length ? Math.max(...applied) : -Infinity;
  const latestKnown = entries.length ? Math.max(...entries.map((e) => e.when)) : -Infinity;
  const pending = entries.filter((e) => e.when > newest).map((e) => e.tag);
  const unknown = applied.filter((a) => a > latestKnown).length;
  return { ok: pending.length === 0 && unknown === 0, expected: entries.length, applied: applied.length, pending, unknown };
}

/** The migrations this build would apply to a database of `engine`. */
export function journalOf(engine: Engine): readonly JournalEntry[] {
  return (engine === 'pg' ? pgJournal : sqliteJournal).entries;
}

export const DEFAULT_TIMEOUT_MS = 5_000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export async function checkHealth(opts: HealthOptions): Promise<HealthReport> {
  const minFreeBytes = opts.minFreeBytes ?? DEFAULT_MIN_FREE_BYTES;
  let entries = opts.journal ?? journalOf(ENGINE);
  let database = { ok: false };
  let migrations: HealthReport['checks']['migrations'] = { ok: false, expected: entries.length, applied: 0, pending: [], unknown: 0 };
  try {
    const store = opts.store();
    entries = opts.journal ?? journalOf(store.engine);
    migrations = { ...migrations, expected: entries.length };
    await withTimeout(
      (async () => {
        const [row] = await rawRows<{ one: number | string }>(store.db, sql`select 1 as one`, store.engine);
        database = { ok: Number(row?.one) === 1 };
        migrations = await migrationState(store, entries);
      })(),
      opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
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
