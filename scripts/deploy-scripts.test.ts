// The scripts a deployer runs, on both engines (issue 12), as the README has them run: `npm run db:migrate`,
// `npm run setup`, `npm run db:seed` / `demo:reset`, each a child process that picks its engine from DATABASE_PATH
// or a postgres:// DATABASE_URL. The PostgreSQL cases run on db/pg/testing.ts's server (skipped with the reason
// when there is none; a failure under PG_TESTS_REQUIRED=1).
import { spawn } from 'node:child_process';
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import journal from '../db/pg/migrations/meta/_journal.json';
import { createPgTestDatabase, pgTestServerUrl, unavailable, valueOrSkip, type Setup } from '../db/pg/testing';

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs a script of scripts/ as `npm run …` does (tsx), with the given database settings and nothing else of ours. */
function runScript(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', script), ...args], {
      env: { ...process.env, DATABASE_URL: '', DATABASE_PATH: '', YINGHUO_ENGINE: '', YINGHUO_ADMIN_PASSWORD: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let server: Setup<{ url: string }>;
before(async () => {
  try {
    server = { url: await pgTestServerUrl() };
  } catch (error) {
    server = unavailable(error);
  }
});

const dropAfter: (() => Promise<void>)[] = [];
after(async () => {
  for (const drop of dropAfter) await drop();
});

/** A new, empty (not even migrated) PostgreSQL database for one test, or the test skipped without PostgreSQL. */
async function emptyPgDatabase(t: TestContext): Promise<string | undefined> {
  if (!valueOrSkip(t, 'deploy-scripts', server)) return undefined;
  // Its pool stays unused (the scripts connect on their own) until close() ends it and drops the database.
  const database = await createPgTestDatabase({ migrate: false });
  dropAfter.push(database.close);
  return database.url;
}

async function pgQuery<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const pgCount = async (url: string, table: string) => (await pgQuery<{ n: number }>(url, `select count(*)::int as n from "${table}"`))[0]!.n;

const SETUP_ARGS = ['--county=稷山县', '--township=稷峰镇', '--community=新华社区', '--admin=chief'];
const ADMIN_PASSWORD = 'Xinhua2027setup';

describe('npm run db:migrate on PostgreSQL', () => {
  test('applies every PostgreSQL migration; two at once on one fresh database both succeed (they take turns)', async (t) => {
    const url = await emptyPgDatabase(t);
    if (!url) return;
    const [first, second] = await Promise.all([runScript('migrate.ts', [], { DATABASE_URL: url }), runScript('migrate.ts', [], { DATABASE_URL: url })]);
    for (const run of [first, second]) {
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`PostgreSQL migrations applied to .* \\(${journal.entries.length} in total\\)`));
    }
    const recorded = await pgQuery<{ n: number }>(url, 'select count(*)::int as n from drizzle.__drizzle_migrations');
    assert.equal(recorded[0]!.n, journal.entries.length);
    // db:migrate:pg is the same, asked for by name.
    const byName = await runScript('migrate-pg.ts', [], { DATABASE_URL: url });
    assert.equal(byName.code, 0, byName.stderr);
    assert.match(byName.stdout, new RegExp(`\\(${journal.entries.length} in total\\)`));
  });

  test('db:migrate:pg without DATABASE_URL says how to set it and exits 2', async () => {
    const run = await runScript('migrate-pg.ts', [], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /DATABASE_URL is not set/);
  });
});

describe('npm run setup', () => {
  test('on an empty PostgreSQL database: migrates, writes the tree, the categories and the administrator; a second run changes nothing', async (t) => {
    const url = await emptyPgDatabase(t);
    if (!url) return;
    const run = await runScript('setup.ts', SETUP_ARGS, { DATABASE_URL: url, YINGHUO_ADMIN_PASSWORD: ADMIN_PASSWORD });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /初始化完成/);
    assert.match(run.stdout, /稷山县 › 稷峰镇 › 新华社区/);
    const nodes = await pgQuery<{ name: string; kind: string }>(url, 'select name, kind from org_nodes order by id');
    assert.deepEqual(nodes, [
      { name: '稷山县', kind: 'county' },
      { name: '稷峰镇', kind: 'township' },
      { name: '新华社区', kind: 'community' },
    ]);
    const admins = await pgQuery<{ username: string; role: string; must: boolean }>(url, 'select username, role, must_change_password as must from accounts');
    assert.deepEqual(admins, [{ username: 'chief', role: 'admin', must: false }]);
    assert.ok((await pgCount(url, 'categories')) > 0, 'the standard categories');
    assert.ok((await pgCount(url, 'time_limits')) > 0, 'their time limits');
    const audit = await pgQuery<{ action: string }>(url, 'select action from audit_log');
    assert.deepEqual(audit.map((a) => a.action), ['setup']);

    const again = await runScript('setup.ts', ['--county=别县', '--township=别镇', '--community=别的社区'], { DATABASE_URL: url });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /已有数据.*未做任何改动/);
    assert.equal(await pgCount(url, 'org_nodes'), 3);
    assert.equal(await pgCount(url, 'accounts'), 1);
  });

  test('on a new SQLite file: the same, with a one-time password printed once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-setup-'));
    try {
      const file = path.join(dir, 'new.db');
      const run = await runScript('setup.ts', SETUP_ARGS, { DATABASE_PATH: file });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /初始化完成：.*（新建）/);
      assert.match(run.stdout, /一次性密码：\S{10,}/);
      const db = new Database(file, { readonly: true });
      try {
        assert.deepEqual(db.prepare('select username, must_change_password as must from accounts').all(), [{ username: 'chief', must: 1 }]);
        assert.equal(db.prepare('select count(*) from org_nodes').pluck().get(), 3);
      } finally {
        db.close();
      }
      const again = await runScript('setup.ts', SETUP_ARGS, { DATABASE_PATH: file });
      assert.equal(again.code, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run db:seed / demo:reset on PostgreSQL', () => {
  // A small demo (300 requests) with a fixed end, so two seeds give the same rows.
  const SEED_ARGS = ['--requests=300', '--cases-until=2026-11-20T09:00:00+08:00'];

  test('seeds the demo community through a SQLite file and db:copy; --if-empty keeps it; without it refuses; --reset seeds it again from id 1', async (t) => {
    const url = await emptyPgDatabase(t);
    if (!url) return;
    const seeded = await runScript('seed-demo.ts', SEED_ARGS, { DATABASE_URL: url });
    assert.equal(seeded.code, 0, seeded.stderr);
    assert.match(seeded.stdout, /Seeded demo data into .*\.db/);
    assert.match(seeded.stdout, /all \d+ tables verified/);
    const usernames = (await pgQuery<{ username: string }>(url, `select username from accounts where username in ('admin', 'shuji', 'wg01', 'dy01') order by username`)).map((r) => r.username);
    assert.deepEqual(usernames, ['admin', 'dy01', 'shuji', 'wg01']);
    const longhu = await pgQuery<{ n: number }>(url, `select count(*)::int as n from org_nodes where kind = 'grid' and path like (select path from org_nodes where name = '龙湖社区') || '%'`);
    assert.equal(longhu[0]!.n, 12, '龙湖社区 has its 12 grids');
    const counts = async () => ({
      nodes: await pgCount(url, 'org_nodes'),
      households: await pgCount(url, 'households'),
      cases: await pgCount(url, 'cases'),
      events: await pgCount(url, 'case_events'),
      visits: await pgCount(url, 'visits'),
      maxNode: (await pgQuery<{ max: number }>(url, 'select max(id)::int as max from org_nodes'))[0]!.max,
    });
    const first = await counts();
    assert.ok(first.cases >= 200 && first.cases <= 400, `about 300 requests, not ${first.cases}`);
    assert.ok(first.visits > 1000, 'a year of visits');
    // The statistics aggregates came with the cases (copied as they are, not recounted).
    assert.ok((await pgCount(url, 'stats_node_months')) > 0);

    const kept = await runScript('seed-demo.ts', ['--if-empty', ...SEED_ARGS], { DATABASE_URL: url });
    assert.equal(kept.code, 0, kept.stderr);
    assert.match(kept.stdout, /already has data .*not seeding/);
    const refused = await runScript('seed-demo.ts', SEED_ARGS, { DATABASE_URL: url });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already has data.*--reset/);
    assert.deepEqual(await counts(), first);

    // A case written since is gone after the reset, and ids start again where the first seed's did.
    await pgQuery(url, `update accounts set display_name = '改过的名字' where username = 'shuji'`);
    const reset = await runScript('seed-demo.ts', ['--reset', ...SEED_ARGS], { DATABASE_URL: url });
    assert.equal(reset.code, 0, reset.stderr);
    assert.deepEqual(await counts(), first);
    const shuji = await pgQuery<{ name: string }>(url, `select display_name as name from accounts where username = 'shuji'`);
    assert.notEqual(shuji[0]!.name, '改过的名字');
  });
});

describe('npm run demo:county on PostgreSQL', () => {
  // A small county (two townships, a village, 300 requests) with a fixed end, so two builds give the same rows.
  const COUNTY_ARGS = ['--townships=2', '--communities=3', '--villages=1', '--households=7000', '--requests=300', '--cases-until=2026-11-20T09:00:00+08:00'];

  test('builds the county in a SQLite file and moves it with db:copy, with the times; refuses a database with data; --reset builds it again', async (t) => {
    const url = await emptyPgDatabase(t);
    if (!url) return;
    const built = await runScript('seed-county.ts', COUNTY_ARGS, { DATABASE_URL: url });
    assert.equal(built.code, 0, built.stderr);
    assert.match(built.stdout, /Built the county in [\d.]+ s/, 'the SQLite generator ran in the child');
    assert.match(built.stdout, /Moved the county to PostgreSQL in [\d.]+ s: \d+ rows copied .*; all \d+ tables verified/);
    assert.match(built.stdout, /Built the county on PostgreSQL in [\d.]+ s/);
    const kinds = await pgQuery<{ kind: string; n: number }>(url, `select kind, count(*)::int as n from org_nodes where kind in ('county', 'township', 'community') group by kind order by kind`);
    assert.deepEqual(kinds, [
      { kind: 'community', n: 4 },
      { kind: 'county', n: 1 },
      { kind: 'township', n: 2 },
    ]);
    const staff = (await pgQuery<{ username: string }>(url, `select username from accounts where username in ('xianshuji', 'zs02', 'shuji', 'wg01') order by username`)).map((r) => r.username);
    assert.deepEqual(staff, ['shuji', 'wg01', 'xianshuji', 'zs02']);
    const counts = async () => ({
      nodes: await pgCount(url, 'org_nodes'),
      households: await pgCount(url, 'households'),
      cases: await pgCount(url, 'cases'),
      intake: await pgCount(url, 'intake_points'),
      visits: await pgCount(url, 'visits'),
    });
    const first = await counts();
    assert.ok(first.cases >= 200 && first.cases <= 400, `about 300 requests, not ${first.cases}`);
    assert.ok(first.households >= 6000, `the county's households, not ${first.households}`);
    assert.ok(first.intake > 0 && first.visits > 0);
    // The statistics aggregates came with the cases (copied as they are, not recounted).
    assert.ok((await pgCount(url, 'stats_node_months')) > 0);

    const refused = await runScript('seed-county.ts', COUNTY_ARGS, { DATABASE_URL: url });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already has data.*--reset/);
    assert.deepEqual(await counts(), first);

    await pgQuery(url, `update accounts set display_name = '改过的名字' where username = 'xianshuji'`);
    const again = await runScript('seed-county.ts', ['--reset', ...COUNTY_ARGS], { DATABASE_URL: url });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(await counts(), first);
    const top = await pgQuery<{ name: string }>(url, `select display_name as name from accounts where username = 'xianshuji'`);
    assert.notEqual(top[0]!.name, '改过的名字');
  });
});
