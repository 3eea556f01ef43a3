// Checkpoints of the process store's WAL on a thread of their own (SQLite).
//
// A checkpoint copies the pages the WAL holds back into the database file, fsyncing the WAL before and the file after.
// SQLite runs one inside the COMMIT that takes the WAL past `wal_autocheckpoint` pages (1000), on the connection that
// commits: ours is the event loop's thread. Under bench:throughput's creates one COMMIT in 17 did it, 3.3 ms each, most
// of it waiting for the two fsyncs, and the server's one JavaScript thread served nobody meanwhile (74 µs per create).
//
// Here a worker thread with a connection of its own checkpoints instead (PASSIVE: it copies what no reader still
// needs and never waits for a reader or the writer; the next write transaction after a complete one starts the WAL
// over). The writer is asked every CHECKPOINT_EVERY commits, and once more a second after the last, so a WAL at rest
// ends up copied and short. The write connection keeps a far limit of its own (SAFETY_PAGES, 40 MB) in case the
// worker falls behind, and goes back to SQLite's 1000 if the worker fails, or is closed.
//
// Durability is SQLite's: a checkpoint never touches a frame before it is in the WAL and synced, and a crash during one
// is repaired at the next open, from the WAL. WAL_CHECKPOINT=inline keeps the checkpoints inside COMMIT (to compare).
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Commits between two requests for a checkpoint (~55 WAL pages each under creates: about SQLite's 1000). */
export const CHECKPOINT_EVERY = 16;
/** After the last commit: a checkpoint of what is left. */
const IDLE_MS = 1000;
/** The write connection's own limit while the worker checkpoints (pages; 40 MB of 4 KB pages). */
export const SAFETY_PAGES = 10_000;
/** SQLite's default, restored when the worker is gone. */
const SQLITE_DEFAULT_PAGES = 1000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 0');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, log: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  }
});
`;

export type CheckpointStats = { requested: number; done: number; failed: number; lastLog: number; lastCheckpointed: number };

export type Checkpointer = {
  /** Call after every COMMIT of the write connection. */
  committed(): void;
  stats(): CheckpointStats;
  /** Ends the worker (after its checkpoint in progress) and gives the write connection its 1000 pages back. */
  close(): Promise<void>;
};

/** The better-sqlite3 the worker loads: the app's own, found from the working directory (where npm starts it). */
function driverPath(): string {
  return createRequire(path.join(process.cwd(), 'package.json')).resolve('better-sqlite3');
}

/**
 * Starts checkpointing `file` from a worker thread for `writer`, the connection that commits to it; null (and the
 * checkpoints stay in COMMIT) with WAL_CHECKPOINT=inline, outside WAL mode, or when the worker cannot start.
 */
export function startCheckpointer(writer: Database.Database, file: string): Checkpointer | null {
  if (process.env.WAL_CHECKPOINT === 'inline' || writer.pragma('journal_mode', { simple: true }) !== 'wal') return null;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: driverPath() } });
  } catch (error) {
    console.error('SQLite store: the checkpoint thread did not start; checkpoints stay in COMMIT', error);
    return null;
  }
  const stats: CheckpointStats = { requested: 0, done: 0, failed: 0, lastLog: 0, lastCheckpointed: 0 };
  let alive = true;
  let inFlight = false;
  let since = 0;
  let idle: NodeJS.Timeout | null = null;
  const giveBack = () => {
    if (!alive) return;
    alive = false;
    if (idle) clearTimeout(idle);
    if (writer.open) writer.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  };
  const request = () => {
    if (!alive || inFlight) return;
    inFlight = true;
    since = 0;
    stats.requested++;
    worker.postMessage('checkpoint');
  };
  worker.on('message', (result: { ok: true; log: number; checkpointed: number } | { ok: false; message: string }) => {
    inFlight = false;
    if (result.ok) {
      stats.done++;
      stats.lastLog = result.log;
      stats.lastCheckpointed = result.checkpointed;
    } else {
      // SQLITE_BUSY (another process's checkpoint) or a failed fsync: the next request tries again, and the write
      // connection's own limit still bounds the WAL.
      stats.failed++;
    }
  });
  worker.on('error', (error) => {
    console.error('SQLite store: the checkpoint thread failed; checkpoints are back in COMMIT', error);
    giveBack();
  });
  worker.on('exit', giveBack);
  worker.unref();
  writer.pragma(`wal_autocheckpoint = ${SAFETY_PAGES}`);

  return {
    committed() {
      if (!alive) return;
      if (++since >= CHECKPOINT_EVERY) request();
      if (idle) idle.refresh();
      else (idle = setTimeout(request, IDLE_MS)).unref();
    },
    stats: () => ({ ...stats }),
    async close() {
      if (!alive) return;
      giveBack();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      // Unreferenced, the worker would not keep the event loop alive while we wait for it.
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
