import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import journal from '@/db/migrations/meta/_journal.json';
import { openTestDatabase } from '@/db/testing';
import { checkHealth, DEFAULT_MIN_FREE_BYTES, minFreeBytesFromEnv } from './health';

const { db, close } = openTestDatabase();
after(close);

const GB = 1024 ** 3;
const base = { db: () => db, dataDir: os.tmpdir(), freeBytes: () => 10 * GB };

test('a migrated database with room on its disk is healthy', () => {
  const report = checkHealth(base);
  assert.equal(report.status, 'ok');
  assert.deepEqual(report.checks.database, { ok: true });
  assert.equal(report.checks.migrations.ok, true);
  assert.equal(report.checks.migrations.applied, journal.entries.length);
  assert.equal(report.checks.migrations.expected, journal.entries.length);
  assert.deepEqual(report.checks.migrations.pending, []);
});

test('a migration in the build but not in the database fails the check and is named', () => {
  const newer = [...journal.entries, { tag: '9999_next_feature', when: Math.max(...journal.entries.map((e) => e.when)) + 1 }];
  const report = checkHealth({ ...base, journal: newer });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.migrations.ok, false);
  assert.deepEqual(report.checks.migrations.pending, ['9999_next_feature']);
});

test('a database migrated by newer code than this build is not current either', () => {
  const older = journal.entries.slice(0, -1);
  const report = checkHealth({ ...base, journal: older });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.migrations.unknown, 1);
});

test('a database that cannot be opened fails without throwing', () => {
  const report = checkHealth({
    ...base,
    db: () => {
      throw new Error('SQLITE_CANTOPEN');
    },
  });
  assert.equal(report.status, 'fail');
  assert.equal(report.checks.database.ok, false);
  assert.equal(report.checks.migrations.ok, false);
  assert.equal(report.checks.disk.ok, true);
});

test('free disk space below the threshold fails; the real disk of a temp folder is measured', () => {
  const low = checkHealth({ ...base, freeBytes: () => 100 * 1024 * 1024, minFreeBytes: 512 * 1024 * 1024 });
  assert.equal(low.status, 'fail');
  assert.deepEqual(low.checks.disk, { ok: false, freeBytes: 100 * 1024 * 1024, minFreeBytes: 512 * 1024 * 1024 });

  const real = checkHealth({ db: () => db, dataDir: os.tmpdir(), minFreeBytes: 0 });
  assert.ok((real.checks.disk.freeBytes ?? -1) > 0);
  assert.equal(real.checks.disk.ok, true);

  const missing = checkHealth({ db: () => db, dataDir: '/no/such/folder/for/yinghuo' });
  assert.equal(missing.checks.disk.ok, false);
  assert.equal(missing.checks.disk.freeBytes, null);
});

test('the threshold comes from HEALTHZ_MIN_FREE_MB, with a default for nonsense', () => {
  assert.equal(minFreeBytesFromEnv('2048'), 2048 * 1024 * 1024);
  assert.equal(minFreeBytesFromEnv(undefined), DEFAULT_MIN_FREE_BYTES);
  assert.equal(minFreeBytesFromEnv('lots'), DEFAULT_MIN_FREE_BYTES);
  assert.equal(minFreeBytesFromEnv('-1'), DEFAULT_MIN_FREE_BYTES);
});
