// Giving the event loop back between batches of long work (a background job's writes, an export's rows): on SQLite a
// write transaction (or a read) runs synchronously, so work done in one go holds every request of the process until
// it is done.

/** Resolves on a later turn of the event loop, after the I/O (requests) that is waiting now has had its turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
