// Group commit: write commands that arrive together (concurrent HTTP requests) share one BEGIN IMMEDIATE … COMMIT,
// so they share its fsync (synchronous = FULL stays: an acknowledged write survives a power cut).
//
// Each command runs in a SAVEPOINT of its own inside the shared transaction. A command that throws is rolled back
// to its savepoint alone and its caller gets the error; the others go on. A command's own
// `db.transaction(fn, { behavior: 'immediate' })` becomes a nested savepoint (better-sqlite3 nests transactions
// that way), so its all-or-nothing scope is exactly what it was on its own. Commands run one after the other in
// the order they arrived, on the one connection, so each sees the writes of those before it: an optimistic
// version check still lets exactly one of two concurrent actions win. Every caller is answered only after the
// shared COMMIT has returned; when the COMMIT fails (or SQLite drops the whole transaction, e.g. disk full),
// every command of the group fails with that error and nothing of the group is saved.
//
// PostgreSQL does the same inside the engine (commit_delay / concurrent WAL flushes); with SQLite it has to be
// done here, once, for the connection of the process.
import type Database from 'better-sqlite3';
import type { DB } from './client';

/** At most this many commands share one transaction (bounds how long one COMMIT keeps the others waiting). */
const MAX_GROUP = 64;

type Job = { run: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export type GroupCommitStats = { commands: number; commits: number; largest: number };

type Group = { queue: Job[]; scheduled: boolean; stats: GroupCommitStats };

const groups = new WeakMap<DB, Group>();

function groupOf(db: DB): Group {
  let group = groups.get(db);
  if (!group) {
    group = { queue: [], scheduled: false, stats: { commands: 0, commits: 0, largest: 0 } };
    groups.set(db, group);
  }
  return group;
}

/** The whole group's transaction was lost inside a command (SQLite rolled it back): nothing of the group stays. */
class GroupAborted extends Error {
  constructor(readonly reason: unknown) {
    super('group commit: the shared transaction was rolled back');
  }
}

const clientOf = (db: DB) => (db as DB & { $client: Database.Database }).$client;

/**
 * Runs `command` (synchronous; it may open its own immediate transaction) together with the other commands
 * queued on this connection in the same turn of the event loop, and resolves with its result once their
 * shared COMMIT has returned. Rejects with the command's own error, or with the COMMIT's.
 */
export function commitTogether<T>(db: DB, command: () => T): Promise<T> {
  if (process.env.GROUP_COMMIT === 'off') {
    // Each command commits alone, at once (the benchmarks' comparison; not for production).
    try {
      return Promise.resolve(command());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const group = groupOf(db);
  return new Promise<T>((resolve, reject) => {
    group.queue.push({ run: command, resolve: resolve as (value: unknown) => void, reject });
    if (!group.scheduled) {
      group.scheduled = true;
      setImmediate(() => flush(db, group));
    }
  });
}

/** Commands and commits so far on this connection (the benchmarks print the average group). */
export function groupCommitStats(db: DB): GroupCommitStats {
  return { ...groupOf(db).stats };
}

function flush(db: DB, group: Group) {
  group.scheduled = false;
  const batch = group.queue.splice(0, MAX_GROUP);
  if (group.queue.length > 0) {
    group.scheduled = true;
    setImmediate(() => flush(db, group));
  }
  if (batch.length === 0) return;
  group.stats.commands += batch.length;
  group.stats.commits += 1;
  group.stats.largest = Math.max(group.stats.largest, batch.length);

  if (batch.length === 1) {
    // Alone: the command's own transaction is the commit.
    const job = batch[0]!;
    let outcome: Outcome;
    try {
      outcome = { ok: true, value: job.run() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    settle(job, outcome);
    return;
  }

  const sqlite = clientOf(db);
  const outcomes: Outcome[] = [];
  try {
    db.transaction(() => {
      for (const job of batch) {
        try {
          // Nested inside the open transaction, this is SAVEPOINT … RELEASE (ROLLBACK TO on a throw).
          outcomes.push({ ok: true, value: db.transaction(() => job.run(), { behavior: 'immediate' }) });
        } catch (error) {
          if (!sqlite.inTransaction) throw new GroupAborted(error);
          outcomes.push({ ok: false, error });
        }
      }
    }, { behavior: 'immediate' });
  } catch (error) {
    // BEGIN, COMMIT or the transaction itself failed: no command of the group was saved, none is acknowledged.
    const reason = error instanceof GroupAborted ? error.reason : error;
    for (const job of batch) job.reject(reason);
    return;
  }
  batch.forEach((job, i) => settle(job, outcomes[i]!));
}

function settle(job: Job, outcome: Outcome) {
  if (outcome.ok) job.resolve(outcome.value);
  else job.reject(outcome.error);
}
