// The statistics' read thread (SQLite, production server): the handlers' ranking of a wide scope, read on a connection
// of its own in a worker thread while the event loop's thread reads the rest of the page's statistics.
//
// A county's statistics page reads about 13 ms of SQL, one statement after another on the event loop's thread, and
// the ranking of its ~3,400 handlers is half of it (bench/stats-queries.ts); the machine's other core sits idle
// meanwhile. PostgreSQL runs computeStats' reads side by side already, each on a connection of the pool; on SQLite
// this thread does the same for the largest of them. Each read is one statement, as on the event loop's thread: the
// statistics' reads never shared one snapshot (a write committed between two of them counts in the second only).
//
// Only for the process's store (appStore().db, not a write's transaction), in production, and once the thread is
// ready; everything else, tests included, ranks on the caller's thread. A thread that cannot start, or stops, leaves
// the ranking to the event loop's thread, and a call it fails is read there again. STATS_THREAD=off keeps it there.
import { isMainThread } from 'node:worker_threads';
import { databasePath } from '@/db/client';
import { ENGINE } from '@/db/engine';
import { isAppDb } from '@/db/store';
import { processThread, startWorkerThread, type ThreadOptions, type WorkerThread } from '@/lib/worker-thread';

/** The calls the thread answers (its table: read-thread.worker.ts). */
export type StatsReadCall = 'rankHandlers';

export type StatsReadThread = WorkerThread<StatsReadCall>;

/** Starts a read thread on the SQLite file `file`. Resolves once it has opened its connection; rejects when it cannot. */
export function startStatsReadThread(file: string, options: Omit<ThreadOptions, 'send'> = {}): Promise<StatsReadThread> {
  // Each call goes over at once: the thread reads while the caller reads the rest.
  return startWorkerThread<StatsReadCall>('lib/stats/read-thread.worker.ts', { file }, { ...options, send: 'now' });
}

/** The process's read thread for reads of `db`, or null to read on this thread. The first call starts it. */
export function statsReadThreadFor(db: unknown): StatsReadThread | null {
  const wanted = isMainThread && ENGINE === 'sqlite' && process.env.NODE_ENV === 'production' && process.env.STATS_THREAD !== 'off' && isAppDb(db);
  if (!wanted) return null;
  return processThread('yinghuoStatsReadThread', 'statistics', (onStop) => startStatsReadThread(databasePath(), { onStop }));
}
