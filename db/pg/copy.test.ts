// db:copy: the demo community with requests and a year of visits copies into PostgreSQL and verifies table by
// table; a non-empty target is refused with nothing written; a changed row is caught by the checksum.
// A tenth of the demo year's requests, copied in small batches so every large table crosses many batch boundaries:
// the whole year (over 200,000 rows) is copied and verified with the same code by npm test's e2e stage (the
// PostgreSQL project moves the suite's demo database, e2e/support/shared-database.ts), where it is needed anyway.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectionOf } from '../demo/bulk-insert';
import { seedDemoCases } from '../demo/cases';
import { DEFAULT_DEMO_SEED } from '../demo/generate';
import { Random } from '../demo/random';
import { seedDemoVisits } from '../demo/visits';
import { openTestDatabase } from '../testing';
import { createDemoIntakePointsSync } from '../../lib/cases/intake-points';
import { copySqliteToPostgres, CopyRefused, formatChecks, nonEmptyTables, parseCopyArgs, verifyCopy } from './copy';
import { createPgTestDatabase, registerPgTestDatabase } from './testing';

describe('db:copy arguments (zod)', () => {
  test('sqlite:<file> and a postgres URL are taken; anything else is refused with the reason', () => {
    const file = path.join(os.tmpdir(), 'yinghuo-copy-args.db');
    fs.writeFileSync(file, '');
    const ok = parseCopyArgs(['--from', `sqlite:${file}`, '--to', 'postgres://u@127.0.0.1:5432/city', '--batch=500']);
    assert.deepEqual(ok, { from: file, to: 'postgres://u@127.0.0.1:5432/city', verifyOnly: false, batch: 500 });
    assert.equal(parseCopyArgs([`--from=sqlite:${file}`, '--to=postgresql://h/db', '--verify-only']).verifyOnly, true);
    const refused = (argv: string[], message: RegExp) => assert.throws(() => parseCopyArgs(argv), (e: unknown) => e instanceof CopyRefused && message.test(e.message));
    refused(['--to', 'postgres://h/db'], /--from is required/);
    refused(['--from', file, '--to', 'postgres://h/db'], /--from must be sqlite:/);
    refused(['--from', 'sqlite:/no/such/file.db', '--to', 'postgres://h/db'], /no such database file/);
    refused(['--from', `sqlite:${file}`, '--to', 'mysql://h/db'], /postgres:\/\/ or postgresql:\/\//);
    refused(['--from', `sqlite:${file}`, '--to', 'postgres://h'], /must name a database/);
    refused(['--from', `sqlite:${file}`, '--to', 'postgres://h/db', '--batch=0'], /usage:/);
    refused(['--from', `sqlite:${file}`, '--to', 'postgres://h/db', '--force'], /Unknown option/);
  });
});

const CASES = 2_000;
const BATCH_ROWS = 250;

describe('db:copy of the demo database', () => {
  const pgDatabase = registerPgTestDatabase();
  let source: ReturnType<typeof openTestDatabase>;
  let file: string;
  before(() => {
    source = openTestDatabase({ demo: true });
    createDemoIntakePointsSync(source.db, new Random(DEFAULT_DEMO_SEED).fork(10));
    seedDemoCases(source.db, { count: CASES });
    seedDemoVisits(source.db);
    const sqlite = connectionOf(source.db);
    // Text primary keys and a JSON-free text value with quotes, tabs and newlines.
    sqlite.prepare(`insert into settings (key, value, updated_at) values ('retention_years', '3', 1767225600123), ('Zeta', 'a"b\tc\nd', 0)`).run();
    sqlite.exec(`insert into sessions (id, account_id, created_at, last_seen_at, ip) values ('Ab-_x', 1, 1767225600000, 1767225600999, '::1'), ('aB-_y', 1, 1, 2, null)`);
    file = sqlite.name;
  });
  after(() => source?.close());

  test('every table copies and verifies; sequences continue; triggers are back on', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    const result = await copySqliteToPostgres({ from: file, to: pg.url, batchRows: BATCH_ROWS });
    assert.deepEqual(
      result.checks.filter((c) => !c.ok),
      [],
      formatChecks(result.checks),
    );
    const rows = Object.fromEntries(result.checks.map((c) => [c.table, c.targetRows]));
    const sqlite = connectionOf(source.db);
    for (const table of ['cases', 'case_events', 'visits', 'persons', 'stats_node_months', 'stats_grid_claims', 'settings', 'sessions']) {
      const n = (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      assert.ok(n > 0, `${table} has rows in the demo`);
      assert.equal(rows[table], n, table);
    }
    // Every row of every table, and most of them in tables of many batches.
    assert.equal(result.rows, result.checks.reduce((n, c) => n + c.sourceRows, 0), 'every row of the source');
    const batched = result.checks.filter((c) => c.sourceRows > 10 * BATCH_ROWS);
    assert.ok(batched.length >= 5 && batched.reduce((n, c) => n + c.sourceRows, 0) > 0.8 * result.rows, formatChecks(result.checks));
    assert.ok(result.rows > 50_000, `copied ${result.rows} rows`);
    assert.match(formatChecks(result.checks), /^cases\s+\d+\s+\d+\s+[0-9a-f]{16}\s+[0-9a-f]{16}\s+ok$/m);

    // A new row continues after the copied ids; the statistics and guard triggers are enabled again.
    const maxCase = (sqlite.prepare('select max(id) as n from cases').get() as { n: number }).n;
    const next = await pg.pool.query<{ id: number }>(`select nextval(pg_get_serial_sequence('cases', 'id'))::int as id`);
    assert.equal(next.rows[0]!.id, maxCase + 1);
    const disabled = await pg.pool.query(`select tgname from pg_trigger where not tgisinternal and tgenabled <> 'O'`);
    assert.deepEqual(disabled.rows, []);
    await assert.rejects(pg.pool.query(`delete from case_events where id = 1`), /append-only/);
    // The partial and trigram indexes were re-created.
    const idx = await pg.pool.query(`select indexname from pg_indexes where indexname in ('cases_open_path_idx', 'cases_search_trgm_idx', 'cases_due_idx')`);
    assert.equal(idx.rowCount, 3);
  });

  test('a second copy into the now full target is refused, and so is one into a target holding one row; nothing is written', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    await assert.rejects(copySqliteToPostgres({ from: file, to: pg.url }), (e: unknown) => e instanceof CopyRefused && /not empty/.test(e.message));
    const other = await createPgTestDatabase();
    try {
      await other.pool.query(`insert into categories (code, name, "group") values ('x', '测试', '民生服务类')`);
      await assert.rejects(copySqliteToPostgres({ from: file, to: other.url }), (e: unknown) => e instanceof CopyRefused && /rows in categories/.test(e.message));
      const client = await other.pool.connect();
      try {
        const { rows } = await client.query(`select table_name from information_schema.tables where table_schema = 'public'`);
        const shapes = rows.map((r: { table_name: string }) => ({ name: r.table_name, columns: [], primaryKey: [], identity: null }));
        assert.deepEqual(await nonEmptyTables(client, shapes), ['categories']);
      } finally {
        client.release();
      }
      assert.equal((await other.pool.query(`select count(*)::int as n from categories`)).rows[0].n, 1);
    } finally {
      await other.close();
    }
  });

  test('a changed text, a timestamp one millisecond off and a missing row are each caught', async (t) => {
    const pg = pgDatabase(t);
    if (!pg) return;
    const clean = await verifyCopy({ from: file, to: pg.url });
    assert.ok(clean.every((c) => c.ok));
    await pg.pool.query(`update households set address = address || '·' where id = (select min(id) from households)`);
    await pg.pool.query(`update cases set updated_at = updated_at + interval '1 millisecond' where id = 77`);
    await pg.pool.query(`delete from sessions where id = 'aB-_y'`);
    const checks = await verifyCopy({ from: file, to: pg.url });
    const bad = checks.filter((c) => !c.ok);
    assert.deepEqual(
      bad.map((c) => c.table),
      ['cases', 'households', 'sessions'],
    );
    const households = bad.find((c) => c.table === 'households')!;
    assert.equal(households.sourceRows, households.targetRows, 'the count alone would not have seen it');
    assert.notEqual(households.sourceChecksum, households.targetChecksum);
    const sessions = bad.find((c) => c.table === 'sessions')!;
    assert.equal(sessions.targetRows, sessions.sourceRows - 1);
    assert.match(formatChecks(checks), /^households .* MISMATCH$/m);
  });
});
