// The engine-neutral data layer (issue 12): one `Store` per process, on SQLite or on PostgreSQL, and the one way
// to write to it. Code written against it runs unchanged on both engines:
//
// - queries are drizzle builders over the tables of db/tables.ts, always awaited (`await store.db.select()…`);
// - every write happens inside `store.write(async (tx) => …)`: all or nothing, and the only transaction there is.
//
// SQLite. better-sqlite3 is synchronous, but a write transaction written with `await` can pause between
// statements, and other requests of the process run in those pauses. So the store holds two connections: a
// write connection that only `write` uses, one transaction at a time, and a read connection for everything else,
// which sees committed data only (WAL snapshots). Writes requested together (concurrent requests) share one BEGIN
// IMMEDIATE … COMMIT and so one fsync (group commit: each in a SAVEPOINT of its own, see `write`); a write alone is
// BEGIN IMMEDIATE … COMMIT. A write nested in a write (a command calling another) becomes a SAVEPOINT of the outer one.
//
// PostgreSQL. A pool; `write` is a transaction on one pooled client at READ COMMITTED, nested writes are
// savepoints. Guarantees that SQLite gets from running one writer at a time must be asked for explicitly here:
// an optimistic version check in the UPDATE's WHERE (the loser of two concurrent updates sees 0 rows), or
// `lockKey` for a check-then-insert (rate limits, per-day counters).
//
// Transition: part of lib/ still uses the synchronous connection of db/client.ts. So that modules can move one at a
// time, the process's store (`appStore()`) writes on SQLite through that very connection: a synchronous write can
// then never wait in busy_timeout for a store write that the same thread would have to finish. A store write on
// SQLite only awaits the driver (microtasks), so another request's synchronous write cannot run inside it unless
// both were resumed in the same microtask drain; if one does, better-sqlite3 nests it as a SAVEPOINT of the open
// transaction (committed with it). When the last module has moved, db/client.ts's connection is the store's alone.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { configureConnection, databasePath, getConnection } from './client';
import { ENGINE, type Engine } from './engine';
import * as pgSchema from './pg/schema';
import * as sqliteSchema from './schema';

/** The query surface of engine-neutral code: typed as drizzle's SQLite database, used only through awaited builders. */
export type AppDb = BetterSQLite3Database<typeof sqliteSchema>;

export interface Store {
  readonly engine: Engine;
  /** Reads outside a write (autocommit; on SQLite a connection of their own that sees committed data only). */
  readonly db: AppDb;
  /** Runs `fn` in a write transaction and commits when it resolves; rolls back and rethrows when it throws. */
  write<T>(fn: (tx: AppDb) => Promise<T>): Promise<T>;
  /**
   * Serialises writers of one key until the end of the current write (check-then-insert without a race). On SQLite
   * a no-op: one write runs at a time anyway. On PostgreSQL a transaction-scoped advisory lock.
   */
  lockKey(tx: AppDb, key: string): Promise<void>;
  close(): Promise<void>;
}

/** At most this many writes share one transaction (bounds how long one COMMIT keeps the others waiting). */
const MAX_GROUP = 64;

export type GroupCommitStats = { commands: number; commits: number; largest: number };

const groupStats = new WeakMap<Store, GroupCommitStats>();

/** Writes and COMMITs so far of a SQLite store (the benchmarks print the average group); zeros on PostgreSQL. */
export function groupCommitStats(store: Store): GroupCommitStats {
  return { ...(groupStats.get(store) ?? { commands: 0, commits: 0, largest: 0 }) };
}

/** The whole group's transaction was lost inside a write (SQLite rolled it back): nothing of the group stays. */
class GroupAborted extends Error {
  constructor(readonly reason: unknown) {
    super('group commit: the shared transaction was rolled back');
  }
}

type Job = { fn: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

type Current = { tx: AppDb; depth: number };

/**
 * `writer`: an open connection to `file` to write through (the process's db/client.ts connection, or a test's),
 * left open by `close()`; without it the store opens its own.
 */
export function openSqliteStore(file: string, { writer: shared }: { writer?: Database.Database } = {}): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const writer = shared ?? configureConnection(new Database(file));
  const reader = new Database(file, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma('temp_store = MEMORY');
  const writeDb = drizzleSqlite(writer, { schema: sqliteSchema });
  const readDb = drizzleSqlite(reader, { schema: sqliteSchema });
  const inWrite = new AsyncLocalStorage<Current>();
  const stats: GroupCommitStats = { commands: 0, commits: 0, largest: 0 };
  const pending: Job[] = [];
  let running = false;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || running || pending.length === 0) return;
    scheduled = true;
    // Not at once: the writes requested in this turn of the event loop (concurrent requests) join the group.
    setImmediate(() => {
      scheduled = false;
      void flush();
    });
  };

  /** One write alone: BEGIN IMMEDIATE … COMMIT, rolled back when it throws. */
  const runAlone = async (fn: () => Promise<unknown>): Promise<Outcome> => {
    try {
      writer.exec('BEGIN IMMEDIATE');
    } catch (error) {
      return { ok: false, error };
    }
    try {
      const value = await inWrite.run({ tx: writeDb, depth: 0 }, fn);
      writer.exec('COMMIT');
      return { ok: true, value };
    } catch (error) {
      // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); then there is nothing to undo.
      if (writer.inTransaction) writer.exec('ROLLBACK');
      return { ok: false, error };
    }
  };

  /** Several writes in one BEGIN IMMEDIATE … COMMIT, each in a SAVEPOINT of its own; null when the group failed whole. */
  const runGroup = async (batch: Job[]): Promise<Outcome[] | { failed: unknown }> => {
    const outcomes: Outcome[] = [];
    try {
      writer.exec('BEGIN IMMEDIATE');
    } catch (error) {
      return { failed: error };
    }
    try {
      for (const job of batch) {
        writer.exec('SAVEPOINT grouped');
        try {
          const value = await inWrite.run({ tx: writeDb, depth: 0 }, job.fn);
          writer.exec('RELEASE grouped');
          outcomes.push({ ok: true, value });
        } catch (error) {
          if (!writer.inTransaction) throw new GroupAborted(error);
          writer.exec('ROLLBACK TO grouped; RELEASE grouped');
          outcomes.push({ ok: false, error });
        }
      }
      writer.exec('COMMIT');
      return outcomes;
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      return { failed: error instanceof GroupAborted ? error.reason : error };
    }
  };

  const flush = async () => {
    running = true;
    try {
      // GROUP_COMMIT=off: each write commits alone (the benchmarks' comparison; not for production).
      const batch = pending.splice(0, process.env.GROUP_COMMIT === 'off' ? 1 : MAX_GROUP);
      if (batch.length === 0) return;
      stats.commands += batch.length;
      stats.commits += 1;
      stats.largest = Math.max(stats.largest, batch.length);
      if (batch.length === 1) {
        const job = batch[0]!;
        const outcome = await runAlone(job.fn);
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
        return;
      }
      const result = await runGroup(batch);
      if ('failed' in result) {
        // BEGIN, COMMIT or the transaction itself failed: no write of the group was saved, none is acknowledged.
        for (const job of batch) job.reject(result.failed);
        return;
      }
      batch.forEach((job, i) => {
        const outcome = result[i]!;
        if (outcome.ok) job.resolve(outcome.value);
        else job.reject(outcome.error);
      });
    } finally {
      running = false;
      if (process.env.GROUP_COMMIT === 'off') {
        // Alone means alone, at once: no wait for the next turn.
        if (pending.length > 0) void flush();
      } else schedule();
    }
  };

  const store: Store = {
    engine: 'sqlite',
    db: readDb,
    async write(fn) {
      const current = inWrite.getStore();
      if (current) {
        // Nested: a savepoint of the write this call runs inside (same connection, same transaction).
        const name = `sp${current.depth + 1}`;
        writer.exec(`SAVEPOINT ${name}`);
        try {
          const value = await inWrite.run({ tx: current.tx, depth: current.depth + 1 }, () => fn(current.tx));
          writer.exec(`RELEASE ${name}`);
          return value;
        } catch (error) {
          if (writer.inTransaction) writer.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
          throw error;
        }
      }
      // Group commit: the writes queued together share one BEGIN IMMEDIATE … COMMIT (and its fsync), each in a
      // SAVEPOINT of its own, one after the other in arrival order (each sees the writes before it, so a version
      // check in a WHERE still lets exactly one of two concurrent writes win). A write that throws is rolled back
      // to its savepoint alone; every caller is answered only after the shared COMMIT has returned, and when that
      // COMMIT fails (or SQLite drops the transaction, e.g. disk full) every write of the group fails with it.
      return new Promise((resolve, reject) => {
        pending.push({ fn: () => fn(writeDb), resolve: resolve as (value: unknown) => void, reject });
        if (process.env.GROUP_COMMIT === 'off' && !running) void flush();
        else schedule();
      });
    },
    async lockKey() {},
    async close() {
      reader.close();
      if (!shared) writer.close();
    },
  };
  groupStats.set(store, stats);
  return store;
}

export function openPgStore(target: string | pg.Pool): Store {
  const pool = typeof target === 'string' ? new pg.Pool({ connectionString: target, max: Number(process.env.PG_POOL_SIZE ?? 10) }) : target;
  const ownsPool = typeof target === 'string';
  // An idle pooled connection that the server drops (a restart, a failover) is reported here; the pool replaces it.
  // Without a listener node-postgres makes it an uncaught exception that ends the process.
  if (ownsPool) pool.on('error', (error) => console.error(`PostgreSQL: an idle connection failed and was dropped: ${error.message}`));
  const db = drizzlePg({ client: pool, schema: pgSchema });
  const inWrite = new AsyncLocalStorage<Current>();

  return {
    engine: 'pg',
    db: db as unknown as AppDb,
    async write(fn) {
      const current = inWrite.getStore();
      if (current) {
        // Nested: a savepoint of the write this call runs inside, on its client, as on SQLite.
        const tx = current.tx as unknown as typeof db;
        const name = `sp${current.depth + 1}`;
        await tx.execute(sql.raw(`savepoint ${name}`));
        try {
          const value = await inWrite.run({ tx: current.tx, depth: current.depth + 1 }, () => fn(current.tx));
          await tx.execute(sql.raw(`release savepoint ${name}`));
          return value;
        } catch (error) {
          await tx.execute(sql.raw(`rollback to savepoint ${name}`));
          throw error;
        }
      }
      return db.transaction(async (tx) => inWrite.run({ tx: tx as unknown as AppDb, depth: 0 }, () => fn(tx as unknown as AppDb)), {
        isolationLevel: 'read committed',
      });
    },
    async lockKey(tx, key) {
      // Transaction-scoped: released by the COMMIT or ROLLBACK of the write that took it.
      await (tx as unknown as typeof db).execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}

/**
 * A store of its own: PostgreSQL when DATABASE_URL names one, otherwise the SQLite file of DATABASE_PATH with
 * connections of its own (scripts; the app uses `appStore()`).
 */
export function openStore(): Store {
  if (ENGINE === 'pg') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('YINGHUO_ENGINE=pg needs DATABASE_URL=postgres://…');
    return openPgStore(url);
  }
  return openSqliteStore(databasePath());
}

// Next.js dev mode re-evaluates modules on every change; keep one store per process.
const globalForStore = globalThis as unknown as { yinghuoStore?: Store };

/**
 * The store of this process, opened on first use. On SQLite it writes through db/client.ts's connection (see the
 * transition note at the top) and reads through a read-only connection of its own.
 */
export function appStore(): Store {
  globalForStore.yinghuoStore ??= ENGINE === 'pg' ? openStore() : openSqliteStore(databasePath(), { writer: getConnection() });
  return globalForStore.yinghuoStore;
}

/**
 * Tests only: `appStore()` answers with `store` from now on (a test file's own store, db/store-testing.ts, so that
 * route handlers and server code run on the test's engine and database); `undefined` forgets it again.
 */
export function setAppStore(store: Store | undefined): void {
  globalForStore.yinghuoStore = store;
}
