// The process store's WAL is checkpointed from a thread of its own (db/checkpointer.ts), not inside COMMIT on the
// event loop's thread; every write is still there afterwards, and the write connection gets SQLite's own limit back
// when the thread stops. SQLite only.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { CHECKPOINT_EVERY, SAFETY_PAGES } from './checkpointer';
import { openDatabase } from './client';
import { checkpointStats, openSqliteStore } from './store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yh-checkpointer-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function fresh(name: string) {
  const file = path.join(dir, `${name}.db`);
  const { sqlite } = openDatabase(file);
  sqlite.exec('CREATE TABLE item (id INTEGER PRIMARY KEY, label TEXT NOT NULL, body TEXT NOT NULL)');
  return { file, sqlite };
}

const autocheckpoint = (sqlite: Database.Database) => sqlite.pragma('wal_autocheckpoint', { simple: true });

async function until(what: string, ok: () => boolean, timeoutMs = 10_000, debug?: () => unknown) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(debug?.())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('the checkpoints run on their own thread: COMMIT leaves the WAL alone, the thread copies it all back, and every write is there', async () => {
  const { file, sqlite } = fresh('background');
  const store = openSqliteStore(file, { writer: sqlite, checkpointInBackground: true });
  assert.equal(autocheckpoint(sqlite), SAFETY_PAGES, 'COMMIT checkpoints only past the far limit');
  const insert = sqlite.prepare('INSERT INTO item (label, body) VALUES (?, ?)');
  const writes = CHECKPOINT_EVERY * 3 + 5;
  // One at a time, so each is a COMMIT of its own; 8 KB each, so the WAL grows by several pages per commit.
  for (let i = 0; i < writes; i++) await store.write(async () => void insert.run(`w${i}`, 'x'.repeat(8192)));
  await until('a checkpoint per 16 commits', () => (checkpointStats(store)?.done ?? 0) >= 3);
  // A second after the last commit the rest is copied too: nothing left in the WAL that is not in the file.
  await until('the idle checkpoint', () => {
    const s = checkpointStats(store)!;
    return s.requested > 3 && s.done === s.requested && s.lastLog > 0 && s.lastCheckpointed === s.lastLog;
  }, 10_000, () => checkpointStats(store));
  assert.equal(checkpointStats(store)!.failed, 0);
  await store.close();
  assert.equal(autocheckpoint(sqlite), 1000, "SQLite's own limit is back once the thread has stopped");
  sqlite.close();
  // Every write survives, read by a connection of its own after the WAL's frames were copied into the file.
  const reopened = new Database(file, { readonly: true });
  assert.equal((reopened.prepare('SELECT count(*) AS n FROM item').get() as { n: number }).n, writes);
  assert.equal(reopened.pragma('integrity_check', { simple: true }), 'ok');
  reopened.close();
});

test('WAL_CHECKPOINT=inline, or a store not asked for it: the checkpoints stay in COMMIT', async () => {
  const { file, sqlite } = fresh('inline');
  const plain = openSqliteStore(file, { writer: sqlite });
  assert.equal(checkpointStats(plain), null);
  assert.equal(autocheckpoint(sqlite), 1000);
  await plain.close();
  process.env.WAL_CHECKPOINT = 'inline';
  try {
    const inline = openSqliteStore(file, { writer: sqlite, checkpointInBackground: true });
    assert.equal(checkpointStats(inline), null);
    assert.equal(autocheckpoint(sqlite), 1000);
    await inline.close();
  } finally {
    delete process.env.WAL_CHECKPOINT;
  }
  sqlite.close();
});
