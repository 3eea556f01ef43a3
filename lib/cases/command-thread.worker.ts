// The command thread's side (lib/cases/command-thread.ts): a store of its own on the process's SQLite file, writing in
// turns with the event loop's thread (the lock it was handed), and the commands it runs by name.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '@/db/store';
import { writeLock } from '@/db/write-lock';
import type { Call, Reply, ThreadCommand } from './command-thread';
import { createCase, performAction } from './commands';
import { listCases } from './queries';

type Message = Call[] | 'close';

const port = parentPort!;
const { file, lock } = workerData as { file: string; lock: SharedArrayBuffer };
const store = openSqliteStore(file, { checkpointInBackground: true, writeLock: writeLock(lock) });

/** A command's arguments after the store (or its db), as the caller sent them. */
type Rest<F extends (...args: never[]) => unknown> = Parameters<F> extends [unknown, ...infer R] ? R : never;

const commands: Record<ThreadCommand, (args: unknown[]) => Promise<unknown>> = {
  createCase: (args) => createCase(store, ...(args as Rest<typeof createCase>)),
  performAction: (args) => performAction(store, ...(args as Rest<typeof performAction>)),
  listCases: (args) => listCases(store.db, ...(args as Rest<typeof listCases>)),
};

// The answers that are ready together (a group's, after its COMMIT is on disk) go back in one message.
let outbox: Reply[] = [];
const answer = (reply: Reply) => {
  if (outbox.push(reply) === 1)
    setImmediate(() => {
      const replies = outbox;
      outbox = [];
      port.postMessage(replies);
    });
};

port.on('message', (message: Message) => {
  if (message === 'close') {
    void store.close().then(() => port.close());
    return;
  }
  // The writes of one message (createCase, performAction) share a group of the store and its COMMIT.
  for (const call of message) {
    // A command that throws before its first await is answered as one that rejects.
    new Promise((resolve) => resolve(commands[call.command](call.args))).then(
      (value) => answer({ id: call.id, ok: true, value }),
      (error: unknown) => {
        const e = error instanceof Error ? error : new Error(String(error));
        answer({ id: call.id, ok: false, error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code } });
      },
    );
  }
});

port.postMessage({ ready: true });
