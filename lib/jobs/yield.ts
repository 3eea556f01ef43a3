// Giving the event loop back between a background job's batches: on SQLite a write transaction (or a read) runs
// synchronously, so a job that does all its work in one go holds every request of the process until it is done.

/** Resolves on a later turn of the event loop, after the I/O (requests) that is waiting now has had its turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
