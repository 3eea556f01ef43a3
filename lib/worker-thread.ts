// A worker thread that runs named calls of the app's own code (lib/) and answers them: the case commands' thread
// (lib/cases/command-thread.ts) and the statistics' read thread (lib/stats/read-thread.ts).
//
// The worker loads the TypeScript sources with tsx's require hook: the code it runs is the same lib/ the server was
// built from (the production server itself runs under tsx). Its entry file takes the calls (Call[]) from its
// parentPort, answers them (Reply[]) and says `{ ready: true }` once it can; 'close' ends it.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';

export type WorkerThread<C extends string> = {
  call<T>(command: C, args: unknown[]): Promise<T>;
  close(): Promise<void>;
};

/** A call sent to a thread, and its answer; both travel in arrays (a turn's worth at a time). */
export type Call<C extends string = string> = { id: number; command: C; args: unknown[] };
/** A call's arguments after the store (or db) the worker supplies, as the caller sends them. */
export type ArgsAfterFirst<F extends (...args: never[]) => unknown> = Parameters<F> extends [unknown, ...infer R] ? R : never;

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { name: string; message: string; code?: unknown } };

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.entry);
`;

export type ThreadOptions = {
  root?: string;
  onStop?: (error: Error, closed: boolean) => void;
  /**
   * 'turn': the calls made in one turn of the event loop go over together, in one message, after it (the command
   * thread commits them together). 'now': each call goes over at once, so the thread works on it while the caller
   * goes on with its own work (the statistics' read thread).
   */
  send?: 'turn' | 'now';
};

/**
 * Starts a thread on `entry` (a path under `root`, the app's directory) with `data` as its workerData. Resolves once
 * the thread has said it is ready; rejects when it cannot start.
 */
export function startWorkerThread<C extends string>(entry: string, data: Record<string, unknown>, { root = process.cwd(), onStop, send: sending = 'turn' }: ThreadOptions = {}): Promise<WorkerThread<C>> {
  const fromRoot = createRequire(path.join(root, 'package.json'));
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    execArgv: [],
    workerData: { ...data, tsx: fromRoot.resolve('tsx/cjs/api'), entry: path.join(root, entry) },
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
    worker.on('exit', (code) => stop(new Error(`the thread ${entry} exited (code ${code})`)));
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
    // The command thread's calls of one turn go over in one message, and the thread runs them in one group (one
    // COMMIT): posted one by one, they reached the thread one by one and it committed nearly every one alone (1.5
    // commands per COMMIT under bench:throughput's creates, against 3.9 on the event loop's thread).
    let outbox: Call<C>[] = [];
    const send = () => {
      const calls = outbox;
      outbox = [];
      if (calls.length > 0 && !stopped) worker.postMessage(calls);
    };
    const thread: WorkerThread<C> = {
      call<T>(command: C, args: unknown[]): Promise<T> {
        if (stopped) return Promise.reject<T>(stopped);
        const id = next++;
        return new Promise<T>((resolve, reject) => {
          waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
          // Held while a call is out: the process waits for its answer.
          if (waiting.size === 1) worker.ref();
          if (sending === 'now') worker.postMessage([{ id, command, args }]);
          else if (outbox.push({ id, command, args }) === 1) setImmediate(send);
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

type State<T> = { thread: T | null; starting: boolean; failed: boolean };

/**
 * The process's one thread of a kind (kept on globalThis under `key`, so every bundled copy of a module shares it),
 * or null until it is ready: the first call starts it. A thread that cannot start, or stops, is not started again;
 * `what` names it in the log.
 */
export function processThread<T>(key: string, what: string, start: (onStop: (error: Error, closed: boolean) => void) => Promise<T>): T | null {
  const states = globalThis as unknown as Record<string, State<T> | undefined>;
  const state = (states[key] ??= { thread: null, starting: false, failed: false });
  if (state.thread || state.failed || state.starting) return state.thread;
  state.starting = true;
  const onStop = (error: Error, closed: boolean) => {
    state.thread = null;
    state.starting = false;
    state.failed = true;
    if (!closed) console.error(`${what}: the thread stopped or did not start; the work runs on the event loop again`, error);
  };
  start(onStop).then(
    (thread) => {
      state.thread = thread;
      state.starting = false;
    },
    // onStop has said why.
    () => {},
  );
  return null;
}

/** The worker's side: answers the calls of `port` with `handlers`, each call's answer as soon as it is ready (those ready together in one message). */
export function serveCalls<C extends string>(
  port: MessagePort,
  handlers: Record<C, (args: unknown[]) => unknown>,
  { onClose }: { onClose: () => Promise<void> | void },
): void {
  let outbox: Reply[] = [];
  const answer = (reply: Reply) => {
    if (outbox.push(reply) === 1)
      setImmediate(() => {
        const replies = outbox;
        outbox = [];
        port.postMessage(replies);
      });
  };
  port.on('message', (message: Call<C>[] | 'close') => {
    if (message === 'close') {
      void Promise.resolve(onClose()).then(() => port.close());
      return;
    }
    for (const call of message) {
      // A call that throws before its first await is answered as one that rejects.
      new Promise((resolve) => resolve(handlers[call.command](call.args))).then(
        (value) => answer({ id: call.id, ok: true, value }),
        (error: unknown) => {
          const e = error instanceof Error ? error : new Error(String(error));
          answer({ id: call.id, ok: false, error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code } });
        },
      );
    }
  });
  port.postMessage({ ready: true });
}
