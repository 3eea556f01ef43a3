// Group commit on a bare table: commands queued together share one COMMIT, each rolls back alone, and nobody is
// answered before the COMMIT has returned (a second connection already sees the write when the promise settles).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from './client';
import { commitTogether, groupCommitStats } from './group-commit';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yh-group-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function fresh(name: string) {
  const file = path.join(dir, `${name}.db`);
  const { db, sqlite } = openDatabase(file);
  sqlite.exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
    CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT NOT NULL UNIQUE,
      parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`);
  const other = new Database(file, { readonly: true });
  const insert = sqlite.prepare('INSERT INTO item (label, parent_id) VALUES (?, ?)');
  const labels = (conn: Database.Database = other) => (conn.prepare('SELECT label FROM item ORDER BY id').all() as { label: string }[]).map((r) => r.label);
  /** A command that writes two rows, all or nothing (its own transaction, as the case commands have). */
  const writeTwo = (a: string, b: string) => () =>
    db.transaction(() => {
      insert.run(a, null);
      insert.run(b, null);
      return `${a}+${b}`;
    }, { behavior: 'immediate' });
  return { db, sqlite, other, insert, labels, writeTwo, close: () => (other.close(), sqlite.close()) };
}

test('commands queued in one turn share one COMMIT, run in arrival order, and are answered only after it', async () => {
  const t = fresh('shared');
  try {
    const before = groupCommitStats(t.db);
    const seenAtAnswer: string[][] = [];
    const pending = ['a', 'b', 'c', 'd'].map((x) => t.writeTwo(`${x}1`, `${x}2`)).map((cmd) => commitTogether(t.db, cmd).then((v) => (seenAtAnswer.push(t.labels()), v)));
    // Nothing runs before the turn of the event loop ends: the queue is still open for others.
    assert.deepEqual(t.labels(), []);
    assert.deepEqual(await Promise.all(pending), ['a1+a2', 'b1+b2', 'c1+c2', 'd1+d2']);
    const after = groupCommitStats(t.db);
    assert.equal(after.commands - before.commands, 4);
    assert.equal(after.commits - before.commits, 1, 'one shared COMMIT');
    // Every answer came after the COMMIT: another connection already saw all eight rows, in order.
    for (const seen of seenAtAnswer) assert.deepEqual(seen, ['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd1', 'd2']);
    assert.equal(t.sqlite.inTransaction, false);
  } finally {
    t.close();
  }
});

test('a command that throws is rolled back alone, whole; the others are saved and answered', async () => {
  const t = fresh('alone');
  try {
    const results = await Promise.allSettled([
      commitTogether(t.db, t.writeTwo('x1', 'x2')),
      // Its first row goes in, its second breaks the UNIQUE label: neither may stay.
      commitTogether(t.db, t.writeTwo('y1', 'x1')),
      // Not in a transaction of its own: the group's savepoint still makes it all-or-nothing.
      commitTogether(t.db, () => {
        t.insert.run('z1', null);
        throw new Error('refused after writing');
      }),
      commitTogether(t.db, t.writeTwo('w1', 'w2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.match(String((results[2] as PromiseRejectedResult).reason), /refused after writing/);
    assert.deepEqual(t.labels(), ['x1', 'x2', 'w1', 'w2']);
  } finally {
    t.close();
  }
});

test('a failing COMMIT answers every command of the group with the error and saves none of them', async () => {
  const t = fresh('commit-fails');
  try {
    const results = await Promise.allSettled([
      commitTogether(t.db, t.writeTwo('p1', 'p2')),
      // A deferred foreign key is only checked at COMMIT: this row makes the shared COMMIT fail.
      commitTogether(t.db, () => t.insert.run('orphan', 999)),
      commitTogether(t.db, t.writeTwo('q1', 'q2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /FOREIGN KEY/);
    assert.deepEqual(t.labels(), []);
    assert.equal(t.sqlite.inTransaction, false);
    // The connection goes on working afterwards.
    assert.equal(await commitTogether(t.db, t.writeTwo('r1', 'r2')), 'r1+r2');
    assert.deepEqual(t.labels(), ['r1', 'r2']);
  } finally {
    t.close();
  }
});

test('when SQLite drops the shared transaction inside a command, the commands before it are not saved either', async () => {
  const t = fresh('dropped');
  try {
    const results = await Promise.allSettled([
      commitTogether(t.db, t.writeTwo('s1', 's2')),
      // What disk-full or an I/O error does to a transaction, done by hand: the whole transaction is gone.
      commitTogether(t.db, () => {
        t.sqlite.exec('ROLLBACK');
        throw new Error('transaction lost');
      }),
      commitTogether(t.db, t.writeTwo('u1', 'u2')),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /transaction lost/);
    assert.deepEqual(t.labels(), []);
  } finally {
    t.close();
  }
});

test('commands queued while a group runs form the next group; a lone command commits on its own', async () => {
  const t = fresh('next');
  try {
    const before = groupCommitStats(t.db);
    let inner: Promise<string> | null = null;
    const first = commitTogether(t.db, () => {
      // Queued from inside a running group: it cannot join a COMMIT already under way.
      inner = commitTogether(t.db, t.writeTwo('n1', 'n2'));
      return t.writeTwo('m1', 'm2')();
    });
    assert.equal(await first, 'm1+m2');
    assert.deepEqual(t.labels(), ['m1', 'm2']);
    assert.equal(await inner!, 'n1+n2');
    assert.deepEqual(t.labels(), ['m1', 'm2', 'n1', 'n2']);
    assert.equal(groupCommitStats(t.db).commits - before.commits, 2);
  } finally {
    t.close();
  }
});
