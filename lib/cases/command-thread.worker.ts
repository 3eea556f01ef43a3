// The command thread's side (lib/cases/command-thread.ts): a store of its own on the process's SQLite file, writing in
// turns with the event loop's thread (the lock it was handed), and the commands it runs by name.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteStore } from '@/db/store';
import { writeLock } from '@/db/write-lock';
import { serveCalls, type ArgsAfterFirst as Rest } from '@/lib/worker-thread';
import type { ThreadCommand } from './command-thread';
import { createCase, performAction } from './commands';
import { listCases } from './queries';

const { file, lock } = workerData as { file: string; lock: SharedArrayBuffer };
const store = openSqliteStore(file, { checkpointInBackground: true, writeLock: writeLock(lock) });

// The writes of one message (createCase, performAction: the calls of one turn of the caller's event loop) start
// together, so they share a group of the store and its COMMIT; the answers ready together go back in one message.
serveCalls<ThreadCommand>(
  parentPort!,
  {
    createCase: (args) => createCase(store, ...(args as Rest<typeof createCase>)),
    performAction: (args) => performAction(store, ...(args as Rest<typeof performAction>)),
    listCases: (args) => listCases(store.db, ...(args as Rest<typeof listCases>)),
  },
  { onClose: () => store.close() },
);
