// The case commands of the production server on a thread of their own (SQLite).
//
// A create or a lifecycle action spends about a third of its time on the event loop's thread in SQLite: the statements,
// their triggers and indexes, and the COMMIT writing the WAL. That thread runs all of the server's JavaScript, and
// under load it is what limits how many requests one server answers (bench:throughput's "event loop/req"). Here
// createCase and performAction run in a worker thread instead, with a write connection and a store of its own
// (group commit, the background checkpoints): the event loop's thread parses and checks the request, posts the
// command (the actor, its input, the time) and answers when the thread's COMMIT is on disk. The API's list of cases
// (listCasesOf) is read there too: SQLite drops a connection's page cache when it finds the WAL changed by another
// connection, so with the writes on the thread the list's pages are warm on the thread's connection, not on the
// event loop's. Every other read stays where it was.
//
// Only the process's store (appStore) on SQLite, in production, outside a write (a command nested in a write must be
// part of it), and only once the thread has said it is ready; everything else, tests included, runs the command on
// the caller's thread, as it always did. The two threads take turns at writing through the process's write lock
// (db/write-lock.ts). The thread runs the TypeScript sources through tsx (a dependency: `npm start` runs under it);
// when it cannot start, or stops, the commands go back to the event loop's thread; a command it had not answered
// fails (as it would have if the process had stopped), and the log says why. COMMAND_THREAD=off keeps them there.
import { isMainThread } from 'node:worker_threads';
import { ENGINE } from '@/db/engine';
import { databasePath } from '@/db/client';
import { insideWrite, isAppStore, type Store } from '@/db/store';
import { processWriteLock } from '@/db/write-lock';
import { processThread, startWorkerThread, type ThreadOptions, type WorkerThread } from '@/lib/worker-thread';

/** The commands the thread runs, by name (the worker's table: command-thread.worker.ts). */
export type ThreadCommand = 'createCase' | 'performAction' | 'listCases';

export type CommandThread = WorkerThread<ThreadCommand>;

/**
 * Starts a command thread on the SQLite file `file`, writing in turns with the holders of `lock` (a
 * db/write-lock.ts buffer). Resolves once the thread has opened its store; rejects when it cannot.
 */
export function startCommandThread(file: string, lock: SharedArrayBuffer, options: Omit<ThreadOptions, 'send'> = {}): Promise<CommandThread> {
  return startWorkerThread<ThreadCommand>('lib/cases/command-thread.worker.ts', { file, lock }, { ...options, send: 'turn' });
}

function wanted(store: Store): boolean {
  return (
    isMainThread &&
    ENGINE === 'sqlite' &&
    process.env.NODE_ENV === 'production' &&
    process.env.COMMAND_THREAD !== 'off' &&
    isAppStore(store) &&
    !insideWrite(store)
  );
}

/**
 * The thread that runs `store`'s commands, or null to run them here. The first call starts it (the commands run here
 * until it is ready).
 */
export function commandThreadFor(store: Store): CommandThread | null {
  if (!wanted(store)) return null;
  return processThread('yinghuoCommandThread', 'case commands', (onStop) => startCommandThread(databasePath(), processWriteLock().buffer, { onStop }));
}
