// Group commit in the SQLite store (db/store.ts, openSqliteStore): writes queued together share one BEGIN IMMEDIATE …
// COMMIT, each rolls back alone, and nobody is answered before the COMMIT has returned (a second connection already
// sees the write when the promise settles). SQLite only: PostgreSQL groups commits inside the engine.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsyncResource } from 'node:async_hooks';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from './client';
import { groupCommitStats, openSqliteStore, QUICK_FSYNC_MS, type AppDb } from './store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yh-store-group-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function fresh(name: string, syncFile?: (file: string) => Promise<void>, syncFileNow?: (file: string) => void) {
  const file = path.join(dir, `${name}.db`);
  const { sqlite } = openDatabase(file);
  sqlite.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE,
      parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
  const store = openSqliteStore(file, { writer: sqlite, syncFile, syncFileNow });
  const other = new Database(file, { readonly: true });
  const insert = sqlite.prepare('INSERT INTO item (label, parent_id) VALUES (?, ?)');
  const labels = (conn: Database.Database = other) => (conn.prepare('SELECT label FROM item ORDER BY id').all() as { label: string }[]).map((r) => r.label);
  /** A write of two rows with an await between them, as the store's commands are written. */
  const writeTwo = (a: string, b: string) => async (_tx: AppDb) => {
    insert.run(a, null);
    await Promise.resolve();
    insert.run(b, null);
    return `${a}+${b}`;
  };
  return { file, store, sqlite, other, insert, labels, writeTwo, close: async () => (await store.close(), other.close(), sqlite.close()) };
}

test('writes requested in one turn share one COMMIT, run in arrival order, and are answered only after it', async () => {
  const t = fresh('shared');
  try {
    const before = groupCommitStats(t.store);
    const seenAtAnswer: string[][] = [];
    const pending = ['a', 'b', 'c', 'd'].map((x) => t.store.write(t.writeTwo(`${x}1`, `${x}2`)).then((v) => (seenAtAnswer.push(t.labels()), v)));
    // Nothing runs before the turn of the event loop ends: the group is still open for others.
    assert.deepEqual(t.labels(t.sqlite), []);
    assert.deepEqual(await Promise.all(pending), ['a1+a2', 'b1+b2', 'c1+c2', 'd1+d2']);
    const after = groupCommitStats(t.store);
    assert.equal(after.commands - before.commands, 4);
    assert.equal(after.commits - before.commits, 1, 'one shared COMMIT');
    // Every answer came after the COMMIT: another connection already saw all eight rows, in order.
    assert.equal(seenAtAnswer.length, 4);
    for (const seen of seenAtAnswer) assert.deepEqual(seen, ['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2']);
    assert.equal(t.sqlite.inTransaction, false);
  } finally {
    await t.close();
  }
});

test('a write that throws is rolled back alone, whole; the others are saved and answered', async () => {
  const t = fresh('alone');
  try {
    const results = await Promise.allSettled([
      t.store.write(t.writeTwo('x1', 'x2')),
      // Its first row goes in, its second breaks the UNIQUE label: neither may stay.
      t.store.write(t.writeTwo('y1', 'x1')),
      t.store.write(async () => {
        t.insert.run('z1', null);
        throw new Error('refused after writing');
      }),
      t.store.write(t.writeTwo('w1', 'w2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.match(String((results[2] as PromiseRejectedResult).reason), /refused after writing/);
    assert.deepEqual(t.labels(), ['x1', 'x2', 'w1', 'w2']);
    assert.equal(groupCommitStats(t.store).commits, 1);
  } finally {
    await t.close();
  }
});

test('a failing COMMIT answers every write of the group with the error and saves none of them', async () => {
  const t = fresh('commit-fails');
  try {
    const results = await Promise.allSettled([
      t.store.write(t.writeTwo('p1', 'p2')),
      // A deferred foreign key is only checked at COMMIT: this row makes the shared COMMIT fail.
      t.store.write(async () => t.insert.run('orphan', 999)),
      t.store.write(t.writeTwo('q1', 'q2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /FOREIGN KEY/);
    assert.deepEqual(t.labels(), []);
    assert.equal(t.sqlite.inTransaction, false);
    // The store goes on working afterwards.
    assert.equal(await t.store.write(t.writeTwo('r1', 'r2')), 'r1+r2');
    assert.deepEqual(t.labels(), ['r1', 'r2']);
  } finally {
    await t.close();
  }
});

test('when SQLite drops the shared transaction inside a write, the writes before it are not saved either', async () => {
  const t = fresh('dropped');
  try {
    const results = await Promise.allSettled([
      t.store.write(t.writeTwo('s1', 's2')),
      // What disk-full or an I/O error does to a transaction, done by hand: the whole transaction is gone.
      t.store.write(async () => {
        t.sqlite.exec('ROLLBACK');
        throw new Error('transaction lost');
      }),
      t.store.write(t.writeTwo('u1', 'u2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /transaction lost/);
    assert.deepEqual(t.labels(), []);
    assert.equal(t.sqlite.inTransaction, false);
  } finally {
    await t.close();
  }
});

test('writes requested while a group runs form the next group; a lone write commits on its own', async () => {
  const t = fresh('next');
  try {
    const before = groupCommitStats(t.store);
    let inner: Promise<string> | null = null;
    const first = t.store.write(async (tx) => {
      // Requested from outside this write's context (as another request would): it cannot join a COMMIT under way.
      inner = (await new Promise<{ p: Promise<string> }>((resolve) => setImmediate(() => resolve({ p: outside(() => t.store.write(t.writeTwo('n1', 'n2'))) })))).p;
      return t.writeTwo('m1', 'm2')(tx);
    });
    assert.equal(await first, 'm1+m2');
    // The next group may already have committed while the first group's fsync ran (it starts at once).
    assert.deepEqual(t.labels().slice(0, 2), ['m1', 'm2']);
    assert.equal(await inner!, 'n1+n2');
    assert.deepEqual(t.labels(), ['m1', 'm2', 'n1', 'n2']);
    assert.equal(groupCommitStats(t.store).commits - before.commits, 2);
  } finally {
    await t.close();
  }
});

test('GROUP_COMMIT=off: every write commits alone', async () => {
  const t = fresh('off');
  process.env.GROUP_COMMIT = 'off';
  try {
    const before = groupCommitStats(t.store);
    assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((x) => t.store.write(t.writeTwo(`${x}1`, `${x}2`)))), ['a1+a2', 'b1+b2', 'c1+c2']);
    assert.equal(groupCommitStats(t.store).commits - before.commits, 3);
    assert.deepEqual(t.labels(), ['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
  } finally {
    delete process.env.GROUP_COMMIT;
    await t.close();
  }
});

/** Runs `fn` outside the current write's async context, as a separate request would (bound at the top level). */
const outside = AsyncResource.bind(<T>(fn: () => T): T => fn());

/** A stand-in for the WAL's fsync that the test finishes by hand, recording what was on disk when each began. */
function heldSyncs(t: () => ReturnType<typeof fresh>) {
  const calls: { file: string; rowsAtStart: string[]; finish: (error?: Error) => void }[] = [];
  const syncFile = (file: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ file, rowsAtStart: t().labels(), finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, syncFile };
}

const settledYet = async (p: Promise<unknown>) => {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  return settled;
};

test('a saved write is answered only once an fsync of the WAL begun after its COMMIT has finished; the writes requested during that fsync wait for it, then commit together', async () => {
  let t: ReturnType<typeof fresh> | null = null;
  const held = heldSyncs(() => t!);
  t = fresh('deferred-sync', held.syncFile);
  try {
    const first = t.store.write(t.writeTwo('a1', 'a2'));
    while (held.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // Committed (another connection sees it) and being fsynced, not yet answered.
    assert.equal(held.calls[0]!.file, `${t.file}-wal`);
    assert.deepEqual(held.calls[0]!.rowsAtStart, ['a1', 'a2']);
    assert.equal(await settledYet(first), false);
    // Two writes requested in different turns while that fsync runs: they wait for it (they could not be answered
    // before it and the next one anyway), so that they share one COMMIT.
    const commitsBefore = groupCommitStats(t.store).commits;
    const second = t.store.write(t.writeTwo('b1', 'b2'));
    assert.equal(await settledYet(second), false);
    const third = t.store.write(t.writeTwo('c1', 'c2'));
    assert.equal(await settledYet(third), false);
    assert.deepEqual(t.labels(), ['a1', 'a2'], 'nothing more is committed while the fsync runs');
    assert.equal(held.calls.length, 1, 'one fsync at a time');
    held.calls[0]!.finish();
    assert.equal(await first, 'a1+a2');
    while (held.calls.length < 2) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(held.calls[1]!.rowsAtStart, ['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    assert.equal(groupCommitStats(t.store).commits - commitsBefore, 1, 'one COMMIT for both');
    assert.equal(await settledYet(second), false, 'answered only once their own fsync has finished');
    held.calls[1]!.finish();
    assert.equal(await second, 'b1+b2');
    assert.equal(await third, 'c1+c2');
    // The legacy synchronous transactions on the same connection still commit at FULL.
    assert.equal(t.sqlite.pragma('synchronous', { simple: true }), 2);
    // A write that fails is answered at once, without waiting for any fsync.
    await assert.rejects(
      t.store.write(async () => {
        throw new Error('refused');
      }),
      /refused/,
    );
  } finally {
    for (const c of held.calls) c.finish();
    await t.close();
  }
});

test('a failed fsync refuses the writes waiting on it, and every later COMMIT fsyncs inline', async () => {
  let t: ReturnType<typeof fresh> | null = null;
  const held = heldSyncs(() => t!);
  t = fresh('failed-sync', held.syncFile);
  const logged = console.error;
  console.error = () => {};
  try {
    const first = t.store.write(t.writeTwo('f1', 'f2'));
    while (held.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    held.calls[0]!.finish(new Error('EIO: fsync failed'));
    await assert.rejects(first, /EIO/);
    // From now on the COMMIT itself fsyncs (synchronous FULL): answered without the deferred fsync.
    assert.equal(await t.store.write(t.writeTwo('g1', 'g2')), 'g1+g2');
    assert.equal(held.calls.length, 1);
    assert.equal(t.sqlite.pragma('synchronous', { simple: true }), 2);
  } finally {
    console.error = logged;
    await t.close();
  }
});

test('COMMIT_SYNC=inline: the COMMIT fsyncs as it did, no deferred fsync', async () => {
  process.env.COMMIT_SYNC = 'inline';
  let t: ReturnType<typeof fresh> | null = null;
  const held = heldSyncs(() => t!);
  try {
    t = fresh('inline-sync', held.syncFile);
    assert.equal(await t.store.write(t.writeTwo('i1', 'i2')), 'i1+i2');
    assert.equal(held.calls.length, 0);
  } finally {
    delete process.env.COMMIT_SYNC;
    await t?.close();
  }
});

/** Holds this thread for `ms` (an fsync that takes that long). */
const sleepHere = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

test('a quick fsync runs on the committing thread, right after COMMIT; once fsyncs turn slow they go to the pool, and back when they are quick again', async () => {
  let t: ReturnType<typeof fresh> | null = null;
  const held = heldSyncs(() => t!);
  const here: { rowsAtStart: string[] }[] = [];
  let slowMs = 0;
  t = fresh('quick-sync', held.syncFile, () => {
    here.push({ rowsAtStart: t!.labels() });
    if (slowMs > 0) sleepHere(slowMs);
  });
  try {
    // Quick: fsynced here, after the COMMIT (another connection sees the rows), before the answer; nothing pooled.
    assert.equal(await t.store.write(t.writeTwo('q1', 'q2')), 'q1+q2');
    assert.deepEqual(here, [{ rowsAtStart: ['q1', 'q2'] }]);
    assert.equal(held.calls.length, 0);
    assert.equal(groupCommitStats(t.store).fsyncsHere, 1);
    // Slow: the one that took long still ran here, and moved the average past QUICK_FSYNC_MS…
    slowMs = 10 * QUICK_FSYNC_MS * 8;
    assert.equal(await t.store.write(t.writeTwo('s1', 's2')), 's1+s2');
    assert.equal(here.length, 2);
    assert.ok(groupCommitStats(t.store).fsyncMs >= QUICK_FSYNC_MS, `average ${groupCommitStats(t.store).fsyncMs} ms`);
    // …so the next one goes to the pool: committed, not answered until that fsync has finished.
    const pooled = t.store.write(t.writeTwo('p1', 'p2'));
    while (held.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(held.calls[0]!.rowsAtStart, ['q1', 'q2', 's1', 's2', 'p1', 'p2']);
    assert.equal(await settledYet(pooled), false);
    held.calls[0]!.finish();
    assert.equal(await pooled, 'p1+p2');
    assert.equal(here.length, 2, 'not fsynced here as well');
    // Pooled fsyncs that finish at once bring the average down again, and the fsync back to the committing thread.
    slowMs = 0;
    let n = 0;
    while (groupCommitStats(t.store).fsyncMs >= QUICK_FSYNC_MS) {
      const w = t.store.write(t.writeTwo(`b${n}a`, `b${n}b`));
      while (held.calls.length === n + 1) await new Promise((resolve) => setImmediate(resolve));
      held.calls[n + 1]!.finish();
      await w;
      n += 1;
      assert.ok(n < 100, 'the average comes down');
    }
    const before = held.calls.length;
    assert.equal(await t.store.write(t.writeTwo('r1', 'r2')), 'r1+r2');
    assert.equal(held.calls.length, before, 'quick again: fsynced here');
    assert.equal(here.length, 3);
    assert.equal(t.sqlite.pragma('synchronous', { simple: true }), 2, 'the legacy transactions still commit at FULL');
  } finally {
    for (const c of held.calls) c.finish();
    await t.close();
  }
});

test('an fsync that fails on the committing thread refuses its writes, and every later COMMIT fsyncs inline', async () => {
  let t: ReturnType<typeof fresh> | null = null;
  const held = heldSyncs(() => t!);
  let fail = true;
  let calls = 0;
  t = fresh('failed-sync-here', held.syncFile, () => {
    calls += 1;
    if (fail) throw new Error('EIO: fsync failed');
  });
  const logged = console.error;
  console.error = () => {};
  try {
    await assert.rejects(t.store.write(t.writeTwo('f1', 'f2')), /EIO/);
    fail = false;
    assert.equal(await t.store.write(t.writeTwo('g1', 'g2')), 'g1+g2');
    assert.equal(calls, 1, 'the COMMIT fsyncs itself from then on (synchronous FULL)');
    assert.equal(held.calls.length, 0);
    assert.equal(t.sqlite.pragma('synchronous', { simple: true }), 2);
  } finally {
    console.error = logged;
    await t.close();
  }
});
