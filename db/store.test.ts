// The store's guarantees, on the engine of this test process: `npm run test:unit` runs it on SQLite,
// `npm run test:unit:pg` again on PostgreSQL. The queries are written once, against db/tables.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, eq, gt, sql } from 'drizzle-orm';
import * as sqliteSchema from './schema';
import * as tables from './tables';
import { rateLimitHits, settings } from './tables';
import { ENGINE } from './engine';
import { registerTestStore } from './store-testing';
import { READ_CACHE_KB, READER_CACHE_KB, routedReads, type AppDb, type Store } from './store';

const storeFor = registerTestStore();
const at = new Date('2026-12-02T08:00:00.123Z');

async function readSetting(db: AppDb, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

/** A write that has begun and waits for `release()` before it commits. */
function heldWrite(store: Store, key: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const begun = new Promise<void>((resolve) => (started = resolve));
  const done = store.write(async (tx) => {
    await tx.insert(settings).values({ key, value: 'held', updatedAt: at });
    started();
    await gate;
  });
  return { begun, release, done };
}

test('db/tables.ts offers every table of the schema', () => {
  const schemaTables = Object.entries(sqliteSchema)
    .filter(([, v]) => typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in v)
    .map(([name]) => name)
    .sort();
  assert.ok(schemaTables.length > 20, `found ${schemaTables.length} tables`);
  assert.deepEqual(Object.keys(tables).sort(), schemaTables);
});

test(`a write is committed when it resolves and seen by later reads (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  assert.equal(store.engine, ENGINE);
  const [inserted] = await store.write((tx) => tx.insert(rateLimitHits).values({ key: 'commit', at }).returning());
  assert.equal(inserted!.key, 'commit');
  const rows = await store.db.select().from(rateLimitHits).where(eq(rateLimitHits.key, 'commit'));
  assert.equal(rows.length, 1);
  assert.ok(rows[0]!.at instanceof Date);
  assert.equal(rows[0]!.at.getTime(), at.getTime(), 'milliseconds survive the round trip');
});

test(`a write that throws leaves nothing behind (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  await assert.rejects(
    store.write(async (tx) => {
      await tx.insert(rateLimitHits).values({ key: 'undone', at });
      await tx.insert(settings).values({ key: 'undone', value: 'x', updatedAt: at });
      throw new Error('refused halfway');
    }),
    /refused halfway/,
  );
  const [{ n }] = (await store.db.select({ n: count() }).from(rateLimitHits).where(eq(rateLimitHits.key, 'undone'))) as [{ n: number }];
  assert.equal(n, 0);
  assert.equal(await readSetting(store.db, 'undone'), undefined);
  // The store goes on working after a failed write.
  await store.write((tx) => tx.insert(settings).values({ key: 'after-failure', value: 'ok', updatedAt: at }));
  assert.equal(await readSetting(store.db, 'after-failure'), 'ok');
});

test(`reads outside a write see committed data only, while the write is open (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const held = heldWrite(store, 'uncommitted');
  await held.begun;
  assert.equal(await readSetting(store.db, 'uncommitted'), undefined, 'an open write is invisible to readers');
  held.release();
  await held.done;
  assert.equal(await readSetting(store.db, 'uncommitted'), 'held');
});

if (ENGINE === 'sqlite') test('routed reads (SQLite): on the write connection between writes, on the read-only one while a write is open there, with raw and pluck modes kept on both', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const cacheOf = (db: AppDb) => db.all<{ cache_size: number }>(sql`pragma cache_size`)[0]!.cache_size;
  await store.write((tx) => tx.insert(settings).values({ key: 'routed', value: 'committed', updatedAt: at }));
  // The same prepared statement, read in every mode on both connections.
  const prepared = store.db.select({ key: settings.key, value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder('key'))).prepare();
  const byKey = (key: string) => ({ row: prepared.get({ key }), rows: prepared.all({ key }), values: prepared.values({ key }) });
  const committed = { row: { key: 'routed', value: 'committed' }, rows: [{ key: 'routed', value: 'committed' }], values: [['routed', 'committed']] };
  assert.equal(cacheOf(store.db), -READ_CACHE_KB, 'no write open: the read runs on the write connection (its 64 MB cache)');
  assert.deepEqual(byKey('routed'), committed);
  const held = heldWrite(store, 'routed-open');
  await held.begun;
  assert.equal(cacheOf(store.db), -READER_CACHE_KB, 'a write open: the read runs on the read-only connection');
  assert.deepEqual(byKey('routed'), committed, 'the same answers, in the same shapes');
  assert.deepEqual(byKey('routed-open'), { row: undefined, rows: [], values: [] }, "the open write's row is not seen");
  held.release();
  await held.done;
  assert.deepEqual(byKey('routed-open').row, { key: 'routed-open', value: 'held' }, 'seen once committed, on the write connection');
  assert.equal(cacheOf(store.db), -READ_CACHE_KB);
});

test('routedReads: pluck and raw switch per statement on whichever connection runs it, and iterate stays on the read-only one', () => {
  const calls: string[] = [];
  const connection = (name: string, inTransaction: () => boolean) => ({
    get inTransaction() {
      return inTransaction();
    },
    prepare: () => {
      let mode = 'objects';
      const stmt = {
        raw: (on: boolean) => ((mode = on ? 'raw' : mode === 'raw' ? 'objects' : mode), stmt),
        pluck: (on: boolean) => ((mode = on ? 'pluck' : mode === 'pluck' ? 'objects' : mode), stmt),
        get: () => (calls.push(`${name} get`), mode === 'raw' ? [1, 'a'] : mode === 'pluck' ? 1 : { id: 1, name: 'a' }),
        all: () => (calls.push(`${name} all`), [mode]),
        run: () => (calls.push(`${name} run`), { changes: 0, lastInsertRowid: 0 }),
        iterate: () => (calls.push(`${name} iterate`), [mode][Symbol.iterator]()),
      };
      return stmt;
    },
  });
  let open = false;
  const writer = connection('writer', () => open);
  const reader = connection('reader', () => false);
  const stmt = routedReads(writer as never, reader as never).prepare('select id, name from t');
  assert.deepEqual(stmt.get(), { id: 1, name: 'a' });
  assert.deepEqual(stmt.raw().get(), [1, 'a']);
  open = true;
  assert.deepEqual(stmt.get(), [1, 'a'], 'raw on the other connection too');
  assert.equal(stmt.pluck().get(), 1);
  open = false;
  assert.equal(stmt.get(), 1, 'pluck carried back to the write connection');
  assert.deepEqual(stmt.pluck(false).get(), { id: 1, name: 'a' }, 'and turned off again');
  assert.deepEqual([...stmt.raw(true).iterate()], ['raw']);
  assert.deepEqual(calls, ['writer get', 'writer get', 'reader get', 'reader get', 'writer get', 'writer get', 'reader iterate']);
});

test(`a scan reads committed data only, on SQLite through a connection of its own with a small page cache (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  await store.write((tx) => tx.insert(settings).values({ key: 'scanned', value: 'before', updatedAt: at }));
  const held = heldWrite(store, 'scan-uncommitted');
  await held.begun;
  const seen = await store.scan(async (db) => {
    if (ENGINE === 'sqlite') {
      // Not the 64 MB the other reads use: a scan of 100,000 rows must not fill that (db/store.ts).
      const [cache] = db.all<{ cache_size: number }>(sql`pragma cache_size`);
      assert.equal(cache!.cache_size, -2000, 'a page cache of 2 MB');
      // A write is open (held): store.db reads on the read-only connection, with its own cache.
      const [shared] = store.db.all<{ cache_size: number }>(sql`pragma cache_size`);
      assert.equal(shared!.cache_size, -READER_CACHE_KB, 'the read-only connection keeps its own');
    }
    return [await readSetting(db, 'scanned'), await readSetting(db, 'scan-uncommitted')];
  });
  assert.deepEqual(seen, ['before', undefined], 'committed rows are seen, an open write is not');
  held.release();
  await held.done;
  assert.equal(await store.scan((db) => readSetting(db, 'scan-uncommitted')), 'held');
  await assert.rejects(store.scan(async () => Promise.reject(new Error('scan failed'))), /scan failed/, "the scan's error reaches the caller");
});

test(`of two concurrent compare-and-set writes exactly one wins, 50 times over (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  await store.write((tx) => tx.insert(settings).values({ key: 'version', value: '0', updatedAt: at }));
  const bump = (expected: number) =>
    store.write(async (tx) => {
      const rows = await tx
        .update(settings)
        .set({ value: String(expected + 1) })
        .where(and(eq(settings.key, 'version'), eq(settings.value, String(expected))))
        .returning({ value: settings.value });
      return rows.length === 1;
    });
  for (let version = 0; version < 50; version++) {
    const outcomes = await Promise.all([bump(version), bump(version)]);
    assert.deepEqual(outcomes.filter(Boolean).length, 1, `pair ${version}: ${outcomes}`);
  }
  assert.equal(await readSetting(store.db, 'version'), '50');
});

test(`a nested write that fails is undone alone; the outer write keeps its own rows (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const outcome = await store.write(async (tx) => {
    await tx.insert(settings).values({ key: 'outer', value: 'kept', updatedAt: at });
    try {
      await store.write(async (inner) => {
        await inner.insert(settings).values({ key: 'inner', value: 'undone', updatedAt: at });
        throw new Error('inner refused');
      });
    } catch (error) {
      return (error as Error).message;
    }
    return 'no error';
  });
  assert.equal(outcome, 'inner refused');
  assert.equal(await readSetting(store.db, 'outer'), 'kept');
  assert.equal(await readSetting(store.db, 'inner'), undefined);
});

test(`lockKey makes check-then-insert safe: 20 concurrent takers of a limit of 3 leave exactly 3 (${ENGINE})`, async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const since = new Date(at.getTime() - 60_000);
  const take = () =>
    store.write(async (tx) => {
      await store.lockKey(tx, 'limited');
      const [{ n }] = (await tx
        .select({ n: count() })
        .from(rateLimitHits)
        .where(and(eq(rateLimitHits.key, 'limited'), gt(rateLimitHits.at, since)))) as [{ n: number }];
      if (n >= 3) return false;
      // A pause between the check and the insert, where a race would let the others in.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await tx.insert(rateLimitHits).values({ key: 'limited', at });
      return true;
    });
  const taken = await Promise.all(Array.from({ length: 20 }, take));
  assert.equal(taken.filter(Boolean).length, 3);
  const [{ n }] = (await store.db.select({ n: count() }).from(rateLimitHits).where(eq(rateLimitHits.key, 'limited'))) as [{ n: number }];
  assert.equal(n, 3);
});

// SQLite only (on PostgreSQL there is no legacy connection to share): not declared there at all.
if (ENGINE === 'sqlite') test('transition (SQLite): a synchronous write of a module not yet on the store never waits for an open store write', async (t) => {
  const { openTestDatabase } = await import('./testing');
  const { openSqliteStore } = await import('./store');
  const source = openTestDatabase();
  const store = openSqliteStore(source.file, { writer: source.sqlite });
  t.after(async () => {
    await store.close();
    source.close();
  });
  const held = heldWrite(store, 'store-side');
  await held.begun;
  // Worst case: the store's transaction is open across a macrotask, and a legacy write runs in it. With a write
  // connection of the store's own this would block the thread in busy_timeout (5 s) and then fail SQLITE_BUSY.
  const started = performance.now();
  source.db.insert(sqliteSchema.settings).values({ key: 'legacy-side', value: 'sync', updatedAt: at }).run();
  assert.ok(performance.now() - started < 1_000, 'the synchronous write did not wait');
  held.release();
  await held.done;
  assert.equal(await readSetting(store.db, 'store-side'), 'held');
  assert.equal(await readSetting(store.db, 'legacy-side'), 'sync', 'committed with the store write it ran inside');
});
