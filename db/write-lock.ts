// One SQLite write transaction at a time among the threads of this process (the event loop's and the command thread,
// lib/cases/command-thread.ts), taken before BEGIN IMMEDIATE and given back after COMMIT or ROLLBACK.
//
// Without it the second writer meets SQLITE_BUSY and SQLite's busy handler sleeps (1 ms, then 2, 5, 10 …) inside
// the call: on the event loop's thread that sleep would stop every request of the process. Waiting here is
// asynchronous (Atomics.waitAsync): the thread goes on serving others until the lock is free. Other processes (several
// servers, a script) still meet each other in SQLite's busy_timeout, as before.
export type WriteLock = {
  /** Shared memory of the lock: hand it to another thread, which opens the same lock with writeLock(buffer). */
  readonly buffer: SharedArrayBuffer;
  /** Takes the lock; resolves once this thread holds it. */
  acquire(): Promise<void>;
  /** Takes the lock when it is free, at once; false when another thread holds it. */
  tryAcquire(): boolean;
  /** Gives the lock back and wakes a waiting thread. */
  release(): void;
};

const FREE = 0;
const HELD = 1;

type WaitAsync = (cell: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };

export function writeLock(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)): WriteLock {
  const cell = new Int32Array(buffer);
  const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;
  const tryAcquire = () => Atomics.compareExchange(cell, 0, FREE, HELD) === FREE;
  return {
    buffer,
    tryAcquire,
    async acquire() {
      while (!tryAcquire()) {
        // Sleeps only while the cell still says HELD; woken by release() (or at once, when it was given back meanwhile).
        const waited = waitAsync(cell, 0, HELD);
        if (waited.async) await waited.value;
      }
    },
    release() {
      Atomics.store(cell, 0, FREE);
      Atomics.notify(cell, 0, 1);
    },
  };
}

const globalForLock = globalThis as unknown as { yinghuoWriteLock?: WriteLock };

/** The lock of this process's database file, shared by the app store (db/store.ts) and the command thread. */
export function processWriteLock(): WriteLock {
  globalForLock.yinghuoWriteLock ??= writeLock();
  return globalForLock.yinghuoWriteLock;
}
