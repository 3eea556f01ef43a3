// Test support for PostgreSQL: a fresh database per test file, on TEST_DATABASE_URL's server when set, otherwise on
// a throwaway cluster this process starts (initdb into a temp folder, pg_ctl on a free port; as the `postgres` user
// when run as root, since initdb refuses root) and stops when it exits. One cluster per test process, reused by
// every database the process asks for.
//
// Without PostgreSQL the tests that need it are skipped with the reason printed (`t.skip('PostgreSQL not
// available: …')`), never silently; PG_TESTS_REQUIRED=1 (set by .ci/run) turns that into a failure instead.
import { after, before, type TestContext } from 'node:test';
import pg from 'pg';
import { openTestDatabase } from '../testing';
import { startCluster } from './cluster';
import { copyVerified } from './copy';
import { applyPgMigrations, pgDrizzle, type PgDB } from './migrate';

export type PgTestDatabase = { url: string; pool: pg.Pool; db: PgDB };

type Server = { adminUrl: string };
let server: Promise<Server> | undefined;

function pgServer(): Promise<Server> {
  server ??= process.env.TEST_DATABASE_URL ? Promise.resolve({ adminUrl: process.env.TEST_DATABASE_URL }) : startCluster();
  return server;
}

/**
 * The admin URL of the test server: TEST_DATABASE_URL, or a throwaway cluster started now and stopped when this
 * process exits (scripts/test-unit-pg.ts starts one for all the test files it runs).
 */
export async function pgTestServerUrl(): Promise<string> {
  return (await pgServer()).adminUrl;
}

let counter = 0;

/**
 * Template databases of this run (scripts/test-unit-pg.ts makes them once for all test files): the migrated empty
 * schema and the migrated demo community. A test database is then a copy made by PostgreSQL itself
 * (`create database … template …`) instead of migrations, and for the demo a generation and a verified db:copy, per file.
 */
export const PG_TEMPLATE_ENV = { migrated: 'YINGHUO_PG_TEMPLATE_MIGRATED', demo: 'YINGHUO_PG_TEMPLATE_DEMO', year: 'YINGHUO_PG_TEMPLATE_YEAR' } as const;

const templateName = (kind: keyof typeof PG_TEMPLATE_ENV) => {
  const name = process.env[PG_TEMPLATE_ENV[kind]];
  return name && /^[a-z0-9_]+$/.test(name) ? name : undefined;
};

/** Whether this run has a demo template database (registerTestStore then starts from it instead of copying the demo). */
export function hasPgDemoTemplate(): boolean {
  return templateName('demo') !== undefined;
}

/** Whether this run may keep a copy of the demo year as a template database (made by the first file that asks). */
export function hasPgYearTemplate(): boolean {
  return templateName('year') !== undefined && templateName('migrated') !== undefined;
}

/**
 * The run's demo year as a template database: the SQLite demo year (db/testing.ts) copied and verified with db:copy's
 * code by the first test file that asks, under an advisory lock, while any other that asks meanwhile waits for it.
 */
async function pgYearTemplate(adminUrl: string): Promise<string> {
  const name = templateName('year')!;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`select pg_advisory_lock(hashtext($1))`, [name]);
    const { rowCount } = await admin.query(`select 1 from pg_database where datname = $1`, [name]);
    if (!rowCount) {
      const building = `${name}_building`;
      await admin.query(`drop database if exists "${building}" with (force)`);
      await createDatabase(adminUrl, building, templateName('migrated')!);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      const source = openTestDatabase({ year: true });
      try {
        await copyVerified({ from: source.file, to: url.toString() });
      } finally {
        source.close();
      }
      await admin.query(`alter database "${building}" rename to "${name}"`);
    }
  } finally {
    await admin.query(`select pg_advisory_unlock(hashtext($1))`, [name]);
    await admin.end();
  }
  return name;
}

async function createDatabase(adminUrl: string, name: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // Two files cloning one template at the same moment: PostgreSQL refuses the second while the first copies
    // ("source database … is being accessed by other users"); it is free again a moment later.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`create database "${name}" template "${template}" encoding 'UTF8'`);
        return;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
}

/**
 * A new database on the test server, dropped by the returned close(): empty and migrated (unless `migrate: false`),
 * or a copy of this run's demo template with `from: 'demo'` (only when hasPgDemoTemplate()), or of its demo year
 * with `from: 'year'` (only when hasPgYearTemplate()).
 */
export async function createPgTestDatabase({ migrate = true, from }: { migrate?: boolean; from?: 'demo' | 'year' } = {}): Promise<PgTestDatabase & { close: () => Promise<void> }> {
  const { adminUrl } = await pgServer();
  const name = `yinghuo_test_${process.pid}_${++counter}_${Date.now().toString(36)}`;
  if (from === 'year' && !hasPgYearTemplate()) throw new Error('createPgTestDatabase: no demo year template in this run');
  const template = from === 'year' ? await pgYearTemplate(adminUrl) : from === 'demo' ? templateName('demo') : migrate ? templateName('migrated') : undefined;
  if (from === 'demo' && !template) throw new Error('createPgTestDatabase: no demo template in this run');
  await createDatabase(adminUrl, name, template ?? 'template0');
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // pool.end() resolves before its idle connections are gone; the drop below (with force) then ends them, and a
  // pool without an 'error' listener turns that into an uncaught exception of the test process.
  pool.on('error', () => {});
  if (migrate && !template) await applyPgMigrations(pool);
  return {
    url: url.toString(),
    pool,
    db: pgDrizzle(pool),
    close: async () => {
      await pool.end();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

/**
 * For a test file: registers before/after hooks that create (and drop) one test database, and returns a getter
 * for tests. The getter returns the database, or skips the test with the reason when PostgreSQL is not available.
 */
export function registerPgTestDatabase(options: { migrate?: boolean } = {}): (t: TestContext) => PgTestDatabase | undefined {
  let state: Setup<PgTestDatabase & { close: () => Promise<void> }>;
  before(async () => {
    try {
      await pgServer();
    } catch (error) {
      state = unavailable(error);
      return;
    }
    state = await createPgTestDatabase(options);
  });
  after(async () => {
    if (state && 'close' in state) await state.close();
  });
  return (t) => valueOrSkip(t, 'registerPgTestDatabase', state);
}

/** What a test file's before hook set up: the value, the reason PostgreSQL is missing, or nothing yet. */
export type Setup<T> = T | { unavailable: string } | undefined;

/** PostgreSQL is missing: the reason, printed (a failure instead under PG_TESTS_REQUIRED=1, as in CI). */
export function unavailable(error: unknown): { unavailable: string } {
  const reason = `PostgreSQL not available: ${(error as Error).message}`;
  if (process.env.PG_TESTS_REQUIRED === '1') throw new Error(`${reason} (PG_TESTS_REQUIRED=1)`);
  console.warn(reason);
  return { unavailable: reason };
}

/** For a test: what the before hook set up, or the test skipped with the reason PostgreSQL is missing. */
export function valueOrSkip<T extends object>(t: TestContext, who: string, state: Setup<T>): T | undefined {
  if (!state) throw new Error(`${who}: the before hook did not run`);
  if ('unavailable' in state) {
    t.skip(state.unavailable as string);
    return undefined;
  }
  return state;
}
