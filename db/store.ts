// The engine-neutral data layer (issue 12): one `Store` per process, on SQLite or on PostgreSQL, and the one way
// to write to it. Code written against it runs unchanged on both engines:
//
// - queries are drizzle builders over the tables of db/tables.ts, always awaited (`await store.db.select()…`);
// - every write happens inside `store.write(async (tx) => …)`: all or nothing, and the only transaction there is.
//
// SQLite. better-sqlite3 is synchronous, but a write transaction written with `await` can pause between
// statements, and other requests of the process run in those pauses. So the store holds two connections: a
// write connection for `write`, one transaction at a time, and a read-only connection, which sees committed data
// only (WAL snapshots). A read runs on the write connection when no transaction is open there (it then sees the
// same committed data, and that connection's page cache survives commits), on the read-only one otherwise. Writes
// requested together (concurrent requests) share one BEGIN IMMEDIATE … COMMIT and so one fsync (group commit: each
// in a SAVEPOINT of its own, see `write`); a write alone is BEGIN IMMEDIATE … COMMIT. A write nested in a write (a
// command calling another) becomes a SAVEPOINT of the outer one. The process's store checkpoints the WAL from a
// worker thread (db/checkpointer.ts).
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
import { startCheckpointer, type Checkpointer, type CheckpointStats } from './checkpointer';
import { configureConnection, databasePath, getConnection } from './client';
import { ENGINE, type Engine } from './engine';
import { processWriteLock, type WriteLock } from './write-lock';
import * as pgSchema from './pg/schema';
import * as sqliteSchema from './schema';

/** The query surface of engine-neutral code: typed as drizzle's SQLite database, used only through awaited builders. */
export type AppDb = BetterSQLite3Database<typeof sqliteSchema>;

export interface Store {
  readonly engine: Engine;
  /**
   * Reads outside a write (autocommit; committed data only). On SQLite each statement runs on the write connection
   * when no write is open on it, otherwise on a read-only connection (routedReads).
   */
  readonly db: AppDb;
  /** Runs `fn` in a write transaction and commits when it resolves; rolls back and rethrows when it throws. */
  write<T>(fn: (tx: AppDb) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with a read connection for one long scan (an export's 100,000 rows), which sees committed data only. On
   * SQLite a read-only connection of its own with a small page cache (2 MB), opened for the scan and
   * closed when `fn` settles: the connections `db` reads through keep their caches (64 MB) for the pages' hot index
   * and aggregate pages, and a scan through them would fill all of it with rows read once (the export's peak memory
   * grew by that much) and evict what the other requests keep reading. On PostgreSQL the pool, as `db`.
   */
  scan<T>(fn: (db: AppDb) => Promise<T>): Promise<T>;
  /**
   * Serialises writers of one key until the end of the current write (check-then-insert without a race). On SQLite
   * a no-op: one write runs at a time anyway. On PostgreSQL a transaction-scoped advisory lock.
   */
  lockKey(tx: AppDb, key: string): Promise<void>;
  close(): Promise<void>;
}

/** At most this many writes share one transaction (bounds how long one COMMIT keeps the others waiting). */
const MAX_GROUP = 64;

/**
 * `commands` writes in `commits` COMMITs, the largest group of `largest`; the deferred fsyncs of the WAL run on the
 * committing thread (`fsyncsHere`) or in the pool (`fsyncsPooled`), `fsyncMs` their moving average (walSyncer).
 */
export type GroupCommitStats = { commands: number; commits: number; largest: number; fsyncsHere: number; fsyncsPooled: number; fsyncMs: number };

const NO_COMMITS: GroupCommitStats = { commands: 0, commits: 0, largest: 0, fsyncsHere: 0, fsyncsPooled: 0, fsyncMs: 0 };

const groupStats = new WeakMap<Store, GroupCommitStats>();

const checkpointers = new WeakMap<Store, Checkpointer>();

const writeContexts = new WeakMap<Store, () => boolean>();

/** Whether the caller runs inside a write of `store` (a nested write becomes a savepoint of it); false on PostgreSQL. */
export function insideWrite(store: Store): boolean {
  return writeContexts.get(store)?.() ?? false;
}

/** The background checkpoints of a SQLite store opened with checkpointInBackground; null otherwise. */
export function checkpointStats(store: Store): CheckpointStats | null {
  return checkpointers.get(store)?.stats() ?? null;
}

/** Writes and COMMITs so far of a SQLite store (the benchmarks print the average group); zeros on PostgreSQL. */
export function groupCommitStats(store: Store): GroupCommitStats {
  return { ...(groupStats.get(store) ?? NO_COMMITS) };
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
 * fsync of the WAL, on a descriptor opened at the first fsync and kept: `sync` off the event loop (libuv's thread
 * pool; one hop to the pool per fsync, not three for open, fsync and close, which on a loaded machine each wait for a
 * thread to be scheduled), `syncNow` on the calling thread. The descriptor stays that of the WAL for as long as the
 * store's write connection is open: SQLite deletes a WAL only when the last connection to the database closes (in
 * WAL mode every open connection keeps a shared lock on the database file, and the delete needs an exclusive one),
 * and otherwise writes it in place (a checkpoint restarts it from the start of the same file). No check per commit:
 * a stat of the WAL before each fsync cost ~25 µs right after a COMMIT (measured on this VM, 2026-12-05).
 */
function keptOpenFsync() {
  let fd: number | null = null;
  const descriptor = (file: string): number => (fd ??= fs.openSync(file, 'r'));
  return {
    sync(file: string): Promise<void> {
      let held: number;
      try {
        held = descriptor(file);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => fs.fsync(held, (error) => (error ? reject(error) : resolve())));
    },
    syncNow(file: string): void {
      fs.fsyncSync(descriptor(file));
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}

/** How a store makes its commits durable: `sync` off the committing thread, `syncNow` (where given) on it. */
type WalSync = { sync(file: string): Promise<void>; syncNow?(file: string): void };

/**
 * A commit's fsync runs on the committing thread while the WAL's recent fsyncs took less than this (ms, a moving
 * average), off it otherwise. On this project's 2-core VM an fsync of the WAL took ~0.11 ms on the thread and
 * ~0.14 ms through the thread pool, and the trip to the pool and back cost the process more CPU than the wait: one
 * command at a time, `bench:commands` ran 1,449 creates/s and 1,663 accepts/s with every fsync in the pool against
 * 1,819 and 2,292 /s with each inline. On the disks where an fsync takes milliseconds (2–7 ms on an earlier VM) the
 * thread would sit idle that long per commit while requests wait, so there the fsync goes to the pool. Up to a
 * millisecond the wait is less than an API request's own CPU here (~1 ms), and one stray slow fsync (a few ms,
 * while a checkpoint flushes the database file) does not send the next ones to the pool: at 0.3 ms 3–10 % of a
 * county run's fsyncs went there, and its creates were ~5 % slower.
 */
export const QUICK_FSYNC_MS = 1;
/** The weight of the newest fsync in the moving average (1/8: one slow fsync moves it, a run of them decides). */
const FSYNC_AVERAGE_WEIGHT = 1 / 8;

/**
 * Durability of the store's commits without SQLite's own fsync inside COMMIT. With `synchronous = FULL` a COMMIT
 * fsyncs the WAL before it returns, and better-sqlite3 is synchronous: the one JavaScript thread waited 2–7 ms per
 * COMMIT on an earlier VM, serving nobody. Instead the store's transactions commit at `synchronous = NORMAL` (SQLite
 * writes the WAL frames, the commit frame last, but does not fsync them) and the store then fsyncs the WAL itself;
 * the writers are answered only once an fsync that started after their COMMIT has finished. An acknowledged write is
 * on disk exactly as with FULL (a WAL frame set is replayed at recovery only up to its last valid commit frame;
 * SQLite still syncs the WAL before each checkpoint and the database after it).
 *
 * Where that fsync runs depends on how long the disk takes (QUICK_FSYNC_MS, a moving average of the fsyncs timed
 * here). A quick one runs right after COMMIT on the committing thread: `synced()` is settled at once. A slow one runs
 * off the event loop (the thread pool): `synced()` resolves when it has finished, the next group and reads go on
 * meanwhile (reads may see a commit whose fsync is still running), and the writes requested during it wait for it
 * and then commit together. One pooled fsync runs at a time; the commits made meanwhile share the next one. The
 * first commit's fsync runs on the thread, and is timed like every later one, so the choice follows the disk.
 *
 * Only the store's own transactions change safety level (it cannot change inside a transaction, so begin() sets it
 * before BEGIN and commit()/ended() set FULL again): the legacy synchronous transactions on the same connection
 * (db/client.ts) keep committing at FULL. Not in WAL mode, on a connection not at FULL, or with COMMIT_SYNC=inline
 * (for side-by-side measurements), COMMIT stays as it was; COMMIT_SYNC=pool sends every fsync to the pool, and a
 * store given only an asynchronous `syncFile` (a test's stand-in) does too. An fsync that fails refuses the writes
 * waiting on it (their data may not be on disk) and turns the deferral off for good: every later COMMIT fsyncs inline
 * again.
 */
function walSyncer(writer: Database.Database, file: string, walSync: WalSync, stats: GroupCommitStats) {
  const wal = `${file}-wal`;
  const atFull = writer.pragma('journal_mode', { simple: true }) === 'wal' && writer.pragma('synchronous', { simple: true }) === 2;
  let deferring = atFull && process.env.COMMIT_SYNC !== 'inline';
  const syncNow = process.env.COMMIT_SYNC === 'pool' ? undefined : walSync.syncNow;
  const normal = writer.prepare('PRAGMA synchronous = NORMAL');
  const full = writer.prepare('PRAGMA synchronous = FULL');
  let lowered = false;
  /** Set by the first failed fsync: nothing written since is known to be on disk either, so every later wait fails. */
  let broken: unknown = null;
  let inFlight: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  let last: Promise<void> = Promise.resolve();
  const timed = (ms: number) => {
    stats.fsyncMs = stats.fsyncsHere + stats.fsyncsPooled === 1 ? ms : stats.fsyncMs + (ms - stats.fsyncMs) * FSYNC_AVERAGE_WEIGHT;
  };

  const fail = (error: unknown) => {
    broken = error;
    deferring = false;
    console.error(`SQLite store: fsync of ${wal} failed; the writes waiting on it are refused and every later COMMIT fsyncs inline`, error);
  };

  /** Resolves when an fsync of the WAL that started after this call has finished (in the thread pool). */
  const sync = (): Promise<void> => {
    if (broken !== null) return Promise.reject(broken);
    if (!inFlight) {
      const start = performance.now();
      stats.fsyncsPooled += 1;
      inFlight = walSync.sync(wal).then(
        () => {
          inFlight = null;
          timed(performance.now() - start);
        },
        (error: unknown) => {
          inFlight = null;
          fail(error);
          throw error;
        },
      );
      return inFlight;
    }
    // The running fsync may have started before this COMMIT wrote its frames: wait for the one after it.
    next ??= inFlight
      .catch(() => undefined)
      .then(() => {
        next = null;
        return sync();
      });
    return next;
  };

  /** The fsync of the WAL on this thread, now; settled at once (rejected when it failed). */
  const syncHere = (fsyncNow: (file: string) => void): Promise<void> => {
    if (broken !== null) return Promise.reject(broken);
    const start = performance.now();
    stats.fsyncsHere += 1;
    try {
      fsyncNow(wal);
    } catch (error) {
      fail(error);
      return Promise.reject(error);
    }
    timed(performance.now() - start);
    return Promise.resolve();
  };

  const ended = () => {
    if (lowered && !writer.inTransaction) {
      full.run();
      lowered = false;
    }
  };

  return {
    /** BEGIN IMMEDIATE, at safety level NORMAL when deferring (it cannot change inside a transaction). */
    begin() {
      if (deferring) {
        normal.run();
        lowered = true;
      }
      try {
        writer.exec('BEGIN IMMEDIATE');
      } catch (error) {
        ended();
        throw error;
      }
    },
    /** COMMIT; when it throws, the caller rolls back and calls ended(). */
    commit() {
      writer.exec('COMMIT');
      const deferred = lowered;
      ended();
      if (!deferred) last = Promise.resolve();
      // stats.fsyncMs is 0 until the first fsync is timed, so that one runs here.
      else if (syncNow && !inFlight && stats.fsyncMs < QUICK_FSYNC_MS) last = syncHere(syncNow);
      else last = sync();
      // Whoever waits gets the error; a group none of whose writes was saved waits for nothing.
      last.catch(() => undefined);
    },
    /** After a ROLLBACK: back to FULL for the legacy transactions on the same connection. */
    ended,
    /** The fsync of the WAL running in the pool now, if one is. */
    syncing(): Promise<void> | null {
      return inFlight;
    },
    /** Settles when the last commit() is on disk: at once for an inline COMMIT or fsync, after the pool's otherwise. */
    synced(): Promise<void> {
      return last;
    },
  };
}

/**
 * The page cache of a scan's connection (Store.scan): its rows are read once, so a cache only holds the index and
 * join pages it revisits. Reading the rows of the county's 100,000-row export (without writing the workbook) took the
 * process 61 MB more resident memory through the 64 MB cache the other reads use, 21 MB through 2 MB.
 */
const SCAN_CACHE_KB = 2000;

/** The page cache of the connection most reads run on (the write connection, see routedReads). */
export const READ_CACHE_KB = 65536;
/** The page cache of the read-only connection, for the reads that meet an open write. */
export const READER_CACHE_KB = 16384;

/**
 * The connection a read runs on: the write connection whenever it is between transactions, the read-only one while
 * a write is open on it. A read on the write connection outside a transaction sees exactly what the read connection
 * would (committed data; better-sqlite3 runs the statement to its end before any other JavaScript), but its page
 * cache survives the commits, which it made itself. The read connection's cache does not: SQLite drops all of a
 * connection's cached pages when it finds the WAL changed at the start of a read, so after every commit the next read
 * there freed its whole cache and read its pages back from the file. The API's token lookup after each commit of
 * three cases took 64 µs there with a warm cache, 31 µs on the write connection, 8 µs with no commits in between
 * (bench/read-after-commit.ts); in the server under bench:throughput's creates the event loop's CPU per create fell
 * from 1.89 to 1.56 ms, and per accept from 1.67 to 1.44 ms, as the reads between commits stopped emptying a cache
 * that the list's pages had filled.
 *
 * drizzle prepares through `prepare` and runs `run`, `get`, `all` and `raw()` (pluckIds: `pluck()` and `iterate`); each
 * connection gets its own prepared statement on first use. `iterate` (a scan that may outlive the call) always runs
 * on the read connection.
 */
export function routedReads(writer: Database.Database, reader: Database.Database) {
  return { prepare: (source: string) => new RoutedStatement(source, writer, reader) };
}

type Mode = 'objects' | 'raw' | 'pluck';

class RoutedStatement {
  private mode: Mode = 'objects';
  private onWriter: { stmt: Database.Statement; mode: Mode } | null = null;
  private onReader: { stmt: Database.Statement; mode: Mode } | null = null;

  constructor(
    readonly source: string,
    private readonly writer: Database.Database,
    private readonly readerDb: Database.Database,
  ) {}

  private statement(onReader = this.writer.inTransaction): Database.Statement {
    const held = onReader
      ? (this.onReader ??= { stmt: this.readerDb.prepare(this.source), mode: 'objects' })
      : (this.onWriter ??= { stmt: this.writer.prepare(this.source), mode: 'objects' });
    if (held.mode !== this.mode) {
      if (this.mode === 'raw') held.stmt.raw(true);
      else if (this.mode === 'pluck') held.stmt.pluck(true);
      else held.stmt.raw(false).pluck(false);
      held.mode = this.mode;
    }
    return held.stmt;
  }

  raw(on = true): this {
    this.mode = on ? 'raw' : this.mode === 'raw' ? 'objects' : this.mode;
    return this;
  }

  pluck(on = true): this {
    this.mode = on ? 'pluck' : this.mode === 'pluck' ? 'objects' : this.mode;
    return this;
  }

  run(...params: unknown[]): Database.RunResult {
    return this.statement().run(...params);
  }

  get(...params: unknown[]): unknown {
    return this.statement().get(...params);
  }

  all(...params: unknown[]): unknown[] {
    return this.statement().all(...params);
  }

  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.statement(true).iterate(...params);
  }
}

/** A read-only connection to `file` that sees committed data only (WAL snapshots). */
export function openReader(file: string): Database.Database {
  const reader = new Database(file, { readonly: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma('temp_store = MEMORY');
  return reader;
}

/**
 * The full-text index of a group commit's new cases, written by one statement before its COMMIT (migration 0035):
 * `defer()` right after BEGIN marks the transaction, so that the insert trigger lists a new case in
 * cases_fts_pending instead of indexing it; `indexPending()` indexes the listed cases with their current words and
 * clears both tables. FTS5 writes a segment to disk at every savepoint after new terms, which in a create was at
 * nearly every statement: one statement for the group costs one segment instead of one per case. A single write
 * (runAlone) indexes as it goes: for one case there is nothing to share. Null on a database without the tables.
 */
function groupSearchIndexing(writer: Database.Database) {
  const present = writer.prepare(`select count(*) from sqlite_master where type = 'table' and name in ('cases_fts_deferral', 'cases_fts_pending')`).pluck().get();
  if (present !== 2) return null;
  const mark = writer.prepare('insert into cases_fts_deferral (`on`) values (1)');
  // The words as the index's own source view gives them (migration 0017: each field ends with its sentinel).
  const index = writer.prepare(
    'insert into cases_fts (rowid, number, description, place, resident_name) select s.id, s.number, s.description, s.place, s.resident_name from cases_fts_pending p join cases_fts_source s on s.id = p.id',
  );
  const clearPending = writer.prepare('delete from cases_fts_pending');
  const unmark = writer.prepare('delete from cases_fts_deferral');
  return {
    defer: () => void mark.run(),
    indexPending: () => {
      index.run();
      clearPending.run();
      unmark.run();
    },
  };
}

/**
 * `writer`: an open connection to `file` to write through (the process's db/client.ts connection, or a test's),
 * left open by `close()`; without it the store opens its own. `writeLock`: held from BEGIN to COMMIT, when another
 * thread of the process writes to the same file too (db/write-lock.ts). `syncFile` (and `syncFileNow`): the tests'
 * stand-ins for the WAL's fsync in the thread pool (and on the committing thread); without `syncFileNow` every
 * fsync goes to `syncFile`.
 */
export function openSqliteStore(
  file: string,
  {
    writer: shared,
    syncFile,
    syncFileNow,
    checkpointInBackground = false,
    writeLock,
  }: {
    writer?: Database.Database;
    syncFile?: (file: string) => Promise<void>;
    syncFileNow?: (file: string) => void;
    checkpointInBackground?: boolean;
    writeLock?: WriteLock;
  } = {},
): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const writer = shared ?? configureConnection(new Database(file));
  // The process's store (appStore) checkpoints the WAL from a thread of its own, not inside COMMIT (db/checkpointer.ts).
  const checkpointer = checkpointInBackground ? startCheckpointer(writer, file) : null;
  const ownSync = syncFile ? null : keptOpenFsync();
  const stats: GroupCommitStats = { ...NO_COMMITS };
  const durable = walSyncer(writer, file, ownSync ?? { sync: syncFile!, syncNow: syncFileNow }, stats);
  const reader = openReader(file);
  // 64 MB of page cache where the reads run (SQLite's default is 2 MB): on a county's 2.8 GB file the pages a statistics
  // page or a queue count touches were read from the OS again on every request (half a read's CPU was system time).
  // Reads run on the write connection unless a write is open on it (routedReads), so it holds the 64 MB; the read
  // connection serves the reads that meet an open write, and loses its cache at the next commit anyway.
  writer.pragma(`cache_size = -${READ_CACHE_KB}`);
  reader.pragma(`cache_size = -${READER_CACHE_KB}`);
  const search = groupSearchIndexing(writer);
  const writeDb = drizzleSqlite(writer, { schema: sqliteSchema });
  const readDb = drizzleSqlite({ client: routedReads(writer, reader) as unknown as Database.Database, schema: sqliteSchema });
  const inWrite = new AsyncLocalStorage<Current>();
  const pending: Job[] = [];
  let running = false;
  let scheduled = false;

  const schedule = (waitForSync = true) => {
    if (scheduled || running || pending.length === 0) return;
    // While an fsync of the WAL runs, the writes wait for it (up to a full group) and then commit together. They could
    // not be answered sooner anyway: one fsync runs at a time, so a COMMIT made during it waits for the next. Fewer
    // COMMITs write fewer WAL frames (the writes of a group share pages), and the event loop's thread, which runs the
    // COMMITs, is what limits a busy server: bench:throughput's creates and accepts went from 0.74× and 0.71× the
    // floor to 0.79× and 0.82× (four alternating pairs).
    const syncing = waitForSync && process.env.GROUP_COMMIT !== 'off' && pending.length < MAX_GROUP ? durable.syncing() : null;
    if (syncing) {
      scheduled = true;
      const then = () => {
        scheduled = false;
        schedule(false);
      };
      syncing.then(then, then);
      return;
    }
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
      durable.begin();
    } catch (error) {
      return { ok: false, error };
    }
    try {
      const value = await inWrite.run({ tx: writeDb, depth: 0 }, fn);
      durable.commit();
      checkpointer?.committed();
      return { ok: true, value };
    } catch (error) {
      // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); then there is nothing to undo.
      if (writer.inTransaction) writer.exec('ROLLBACK');
      durable.ended();
      return { ok: false, error };
    }
  };

  /** Several writes in one BEGIN IMMEDIATE … COMMIT, each in a SAVEPOINT of its own; null when the group failed whole. */
  const runGroup = async (batch: Job[]): Promise<Outcome[] | { failed: unknown }> => {
    const outcomes: Outcome[] = [];
    try {
      durable.begin();
    } catch (error) {
      return { failed: error };
    }
    try {
      search?.defer();
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
      search?.indexPending();
      durable.commit();
      checkpointer?.committed();
      return outcomes;
    } catch (error) {
      if (writer.inTransaction) writer.exec('ROLLBACK');
      durable.ended();
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
      if (writeLock && !writeLock.tryAcquire()) await writeLock.acquire();
      let result: Outcome[] | { failed: unknown };
      try {
        result = batch.length === 1 ? [await runAlone(batch[0]!.fn)] : await runGroup(batch);
      } finally {
        writeLock?.release();
      }
      if ('failed' in result) {
        // BEGIN, COMMIT or the transaction itself failed: no write of the group was saved, none is acknowledged.
        for (const job of batch) job.reject(result.failed);
        return;
      }
      // A write that failed saved nothing and is answered at once; the saved ones once the WAL holding their COMMIT
      // is on disk (durable.synced). The next group meanwhile starts at once: the fsync runs off the event loop.
      const saved: { job: Job; value: unknown }[] = [];
      batch.forEach((job, i) => {
        const outcome = result[i]!;
        if (outcome.ok) saved.push({ job, value: outcome.value });
        else job.reject(outcome.error);
      });
      if (saved.length > 0) {
        durable.synced().then(
          () => saved.forEach(({ job, value }) => job.resolve(value)),
          (error: unknown) => saved.forEach(({ job }) => job.reject(error)),
        );
      }
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
    async scan(fn) {
      const scanner = openReader(file);
      scanner.pragma(`cache_size = -${SCAN_CACHE_KB}`);
      try {
        return await fn(drizzleSqlite(scanner, { schema: sqliteSchema }));
      } finally {
        scanner.close();
      }
    },
    async lockKey() {},
    async close() {
      await checkpointer?.close();
      reader.close();
      ownSync?.close();
      if (!shared) writer.close();
    },
  };
  groupStats.set(store, stats);
  writeContexts.set(store, () => inWrite.getStore() !== undefined);
  if (checkpointer) checkpointers.set(store, checkpointer);
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
    scan(fn) {
      return fn(db as unknown as AppDb);
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
 * transition note at the top) and reads as routedReads says: on that connection between writes, on a read-only one during them.
 */
export function appStore(): Store {
  globalForStore.yinghuoStore ??=
    ENGINE === 'pg' ? openStore() : openSqliteStore(databasePath(), { writer: getConnection(), checkpointInBackground: true, writeLock: processWriteLock() });
  return globalForStore.yinghuoStore;
}

/** Whether `store` is this process's store (appStore), not a script's or a test's own. */
export function isAppStore(store: Store): boolean {
  return globalForStore.yinghuoStore === store;
}

/** Whether `db` is the reading handle of this process's store (appStore().db): not a write's, a script's or a test's own. */
export function isAppDb(db: unknown): boolean {
  return globalForStore.yinghuoStore !== undefined && globalForStore.yinghuoStore.db === db;
}

/**
 * Tests only: `appStore()` answers with `store` from now on (a test file's own store, db/store-testing.ts, so that
 * route handlers and server code run on the test's engine and database); `undefined` forgets it again.
 */
export function setAppStore(store: Store | undefined): void {
  globalForStore.yinghuoStore = store;
}
