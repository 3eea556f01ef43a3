// The health check on the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { checkHealth, DEFAULT_MIN_FREE_BYTES, journalOf, minFreeBytesFromEnv, type HealthOptions } from './health';

const storeFor = registerTestStore();

const GB = 1024 ** 3;
const baseOf = (store: Store): HealthOptions => ({ store: () => store, dataDir: os.tmpdir(), freeBytes: () => 10 * GB });

function run(name: string, fn: (store: Store) => Promise<void>) {
  test(name, async (t: TestContext) => {
    const store = storeFor(t);
    if (store) await fn(store);
  });
}

run('a migrated database with room on its disk is healthy', async (store) => {
  const journal = journalOf(store.engine);
  const report = await checkHealth(baseOf(store));
  assert.equal(report.status, 'ok', JSON.stringify(report.checks));
  assert.deepEqual(report.checks.database, { ok: true });
  assert.equal(report.checks.migrations.ok, true);
  assert.equal(report.checks.migrations.applied, journal.length);
  assert.equal(report.checks.migrations.expected, journal.length);
  assert.deepEqual(report.checks.migrations.pending, []);
});

run('a migration in the build but not in the database fails the check and is named', async (store) => {
  const journal = journalOf(store.engine);
  const newer = [...journal, { tag: '9999_next_feature', when: Math.max(...journal.map((e) => e.when)) + 1 }];
  const report = await checkHealth({ ...baseOf(store), journal: newer });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.migrations.ok, false);
  assert.deepEqual(report.checks.migrations.pending, ['9999_next_feature']);
});

run('a database migrated by newer code than this build is not current either', async (store) => {
  const older = journalOf(store.engine).slice(0, -1);
  const report = await checkHealth({ ...baseOf(store), journal: older });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.migrations.unknown, 1);
});

run('a database that cannot be opened fails without throwing', async (store) => {
  const report = await checkHealth({
    ...baseOf(store),
    store: () => {
      throw new Error('SQLITE_CANTOPEN');
    },
  });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.database.ok, false);
  assert.equal(report.checks.migrations.ok, false);
  assert.equal(report.checks.disk.ok, true);
});

run('a database that does not answer in time fails without waiting for it', async (store) => {
  const hanging = { ...store, db: new Proxy(store.db, { get: (target, key) => (key === 'all' || key === 'execute' ? () => new Promise(() => {}) : Reflect.get(target, key)) }) } as Store;
  const started = performance.now();
  const report = await checkHealth({ ...baseOf(store), store: () => hanging, timeoutMs: 50 });
  assert.ok(performance.now() - started < 2_000);
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.database.ok, false);
});

run('free disk space below the threshold fails; the real disk of a temp folder is measured', async (store) => {
  const low = await checkHealth({ ...baseOf(store), freeBytes: () => 100 * 1024 * 1024, minFreeBytes: 512 * 1024 * 1024 });
  assert.equal(low.status, 'fail');
  assert.deepEqual(low.checks.disk, { ok: false, freeBytes: 100 * 1024 * 1024, minFreeBytes: 512 * 1024 * 1024 });

  const real = await checkHealth({ store: () => store, dataDir: os.tmpdir(), minFreeBytes: 0 });
  assert.ok((real.checks.disk.freeBytes ?? -1) > 0);
  assert.equal(real.checks.disk.ok, true);

  const missing = await checkHealth({ store: () => store, dataDir: '/no/such/folder/for/yinghuo' });
  assert.equal(missing.checks.disk.ok, false);
  assert.equal(missing.checks.disk.freeBytes, null);
});

test('the threshold comes from HEALTHZ_MIN_FREE_MB, with a default for nonsense', () => {
  assert.equal(minFreeBytesFromEnv('2048'), 2048 * 1024 * 1024);
  assert.equal(minFreeBytesFromEnv(undefined), DEFAULT_MIN_FREE_BYTES);
  assert.equal(minFreeBytesFromEnv('lots'), DEFAULT_MIN_FREE_BYTES);
  assert.equal(minFreeBytesFromEnv('-1'), DEFAULT_MIN_FREE_BYTES);
});
