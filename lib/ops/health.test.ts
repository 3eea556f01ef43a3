// /healthz's check on both engines (registerTestStore): the store's database, its engine's migrations, the disk.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { ENGINE } from '@/db/engine';
import sqliteJournal from '@/db/migrations/meta/_journal.json';
import pgJournal from '@/db/pg/migrations/meta/_journal.json';
import type { AppDb } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { checkHealth, DEFAULT_MIN_FREE_BYTES, minFreeBytesFromEnv, type HealthOptions } from './health';

const storeFor = registerTestStore();
const journal = ENGINE === 'pg' ? pgJournal : sqliteJournal;

const GB = 1024 ** 3;
let db: AppDb;
let base: HealthOptions;
/** The check on this engine's test store; false when the test was skipped (no PostgreSQL). */
function ready(t: TestContext): boolean {
  const store = storeFor(t);
  if (!store) return false;
  db = store.db;
  base = { db: () => db, dataDir: os.tmpdir(), freeBytes: () => 10 * GB };
  return true;
}

test('a migrated database with room on its disk is healthy', async (t) => {
  if (!ready(t)) return;
  const report = await checkHealth(base);
  assert.equal(report.status, 'ok');
  assert.deepEqual(report.checks.database, { ok: true });
  assert.equal(report.checks.migrations.ok, true);
  assert.equal(report.checks.migrations.applied, journal.entries.length);
  assert.equal(report.checks.migrations.expected, journal.entries.length);
  assert.deepEqual(report.checks.migrations.pending, []);
});

test('a migration in the build but not in the database fails the check and is named', async (t) => {
  if (!ready(t)) return;
  const newer = [...journal.entries, { tag: '9999_next_feature', when: Math.max(...journal.entries.map((e) => e.when)) + 1 }];
  const report = await checkHealth({ ...base, journal: newer });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.migrations.ok, false);
  assert.deepEqual(report.checks.migrations.pending, ['9999_next_feature']);
});

test('a database migrated by newer code than this build is not current either', async (t) => {
  if (!ready(t)) return;
  const older = journal.entries.slice(0, -1);
  const report = await checkHealth({ ...base, journal: older });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.migrations.unknown, 1);
});

test('a database that cannot be opened fails without throwing', async (t) => {
  if (!ready(t)) return;
  const report = await checkHealth({
    ...base,
    db: () => {
      throw new Error('cannot open the database');
    },
  });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.database.ok, false);
  assert.equal(report.checks.migrations.ok, false);
  assert.equal(report.checks.disk.ok, true);
});

test('free disk space below the threshold fails; the real disk of a temp folder is measured', async (t) => {
  if (!ready(t)) return;
  const low = await checkHealth({ ...base, freeBytes: () => 100 * 1024 * 1024, minFreeBytes: 512 * 1024 * 1024 });
  assert.equal(low.status, 'fail');
  assert.deepEqual(low.checks.disk, { ok: false, freeBytes: 100 * 1024 * 1024, minFreeBytes: 512 * 1024 * 1024 });

  const real = await checkHealth({ db: () => db, dataDir: os.tmpdir(), minFreeBytes: 0 });
  assert.ok((real.checks.disk.freeBytes ?? -1) > 0);
  assert.equal(real.checks.disk.ok, true);

  const missing = await checkHealth({ db: () => db, dataDir: '/no/such/folder/for/yinghuo' });
  assert.equal(missing.checks.disk.ok, false);
  assert.equal(missing.checks.disk.freeBytes, null);
});

test('the threshold comes from HEALTHZ_MIN_FREE_MB, with a default for nonsense', () => {
  assert.equal(minFreeBytesFromEnv('2048'), 2048 * 1024 * 1024);
  assert.equal(minFreeBytesFromEnv(undefined), DEFAULT_MIN_FREE_BYTES);
  assert.equal(minFreeBytesFromEnv('lots'), DEFAULT_MIN_FREE_BYTES);
  assert.equal(minFreeBytesFromEnv('-1'), DEFAULT_MIN_FREE_BYTES);
});
