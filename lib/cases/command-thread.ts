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
import { createRequire } from 'node:module';
import path from 'node:path';
import { isMainThread, Worker } from 'node:worker_threads';
import { ENGINE } from '@/db/engine';
import { databasePath } from '@/db/client';
import { insideWrite, isAppStore, type Store } from '@/db/store';
import { processWriteLock } from '@/db/write-lock';

/** The commands the thread runs, by name (the worker's table: command-thread.worker.ts). */
export type ThreadCommand = 'createCase' | 'performAction' | 'listCases';

export type CommandThread = {
  call<T>(command: ThreadCommand, args: unknown[]): Promise<T>;
  close(): Promise<void>;
};

/** A command sent to the thread, and its answer; both travel in arrays (a turn's worth at a time). */
export type Call = { id: number; command: ThreadCommand; args: unknown[] };
export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; code?: unknown } };

/**
 * The worker loads the TypeScript sources with tsx's require hook: the code it runs is the same lib/ the server
 * was built from (the production server itself runs under tsx).
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.entry);
`;

/**
 * Starts a command thread on the SQLite file `file`, writing in turns with the holders of `lock` (a
 * db/write-lock.ts buffer). Resolves once the thread has opened its store; rejects when it cannot.
 */
export function startCommandThread(
  file: string,
  lock: SharedArrayBuffer,
  { root = process.cwd(), onStop }: { root?: string; onStop?: (error: Error, closed: boolean) => void } = {},
): Promise<CommandThread> {
  const fromRoot = createRequire(path.join(root, 'package.json'));
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    execArgv: [],
    workerData: { tsx: fromRoot.resolve('tsx/cjs/api'), entry: path.join(root, 'lib', 'cases', 'command-thread.worker.ts'), file, lock },
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  let next = 0;
  let stopped: Error | null = null;
  let closing = false;
  return new Promise((resolveStart, rejectStart) => {
    const stop = (error: Error) => {
      if (stopped) return;
      stopped = error;
      rejectStart(error);
      onStop?.(error, closing);
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    };
    worker.on('error', (error) => stop(error));
    worker.on('exit', (code) => stop(new Error(`the command thread exited (code ${code})`)));
    worker.on('message', (message: { ready: true } | Reply[]) => {
      if ('ready' in message) {
        worker.unref();
        resolveStart(thread);
        return;
      }
      for (const reply of message) {
        const w = waiting.get(reply.id);
        if (!w) continue;
        waiting.delete(reply.id);
        if (reply.ok) w.resolve(reply.value);
        else w.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, code: reply.error.code }));
      }
    });
    // The commands asked for in one turn of the event loop go over in one message, and the thread runs them in one
    // group (one COMMIT): posted one by one, they reached the thread one by one and it committed nearly every one alone
    // (1.5 commands per COMMIT under bench:throughput's creates, against 3.9 on the event loop's thread).
    let outbox: Call[] = [];
    const send = () => {
      const calls = outbox;
      outbox = [];
      if (calls.length > 0 && !stopped) worker.postMessage(calls);
    };
    const thread: CommandThread = {
      call<T>(command: ThreadCommand, args: unknown[]) {
        if (stopped) return Promise.reject(stopped);
        const id = next++;
        return new Promise<T>((resolve, reject) => {
          waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
          // Held while a command is out: the process waits for its answer.
          if (waiting.size === 1) worker.ref();
          if (outbox.push({ id, command, args }) === 1) setImmediate(send);
        }).finally(() => {
          if (waiting.size === 0 && !stopped) worker.unref();
        });
      },
      async close() {
        if (stopped) return;
        closing = true;
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.ref();
        worker.postMessage('close');
        await exited;
      },
    };
  });
}

type State = { thread: CommandThread | null; starting: boolean; failed: boolean };

const globalForThread = globalThis as unknown as { yinghuoCommandThread?: State };

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
  const state = (globalForThread.yinghuoCommandThread ??= { thread: null, starting: false, failed: false });
  if (state.thread || state.failed || state.starting) return state.thread;
  state.starting = true;
  const onStop = (error: Error, closed: boolean) => {
    state.thread = null;
    state.starting = false;
    state.failed = true;
    if (!closed) console.error('case commands: the command thread stopped or did not start; they run on the event loop again', error);
  };
  startCommandThread(databasePath(), processWriteLock().buffer, { onStop }).then(
    (thread) => {
      state.thread = thread;
      state.starting = false;
    },
    // onStop has said why.
    () => {},
  );
  return null;
}
