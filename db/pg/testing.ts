// Test support for PostgreSQL: a fresh database per test file, on TEST_DATABASE_URL's server when set, otherwise on
// a throwaway cluster this process starts (initdb into a temp folder, pg_ctl on a free port; as the `postgres` user
// when run as root, since initdb refuses root) and stops when it exits. One cluster per test process, reused by
// every database the process asks for.
//
// Without PostgreSQL the tests that need it are skipped with the reason printed (`t.skip('PostgreSQL not
// available: …')`), never silently; PG_TESTS_REQUIRED=1 (set by .ci/run) turns that into a failure instead.
import { after, before, type TestContext } from 'node:test';
import pg from 'pg';
import { startCluster } from './cluster';
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

/** A new, empty database on the test server (migrated unless asked not to), dropped by the returned close(). */
export async function createPgTestDatabase({ migrate = true } = {}): Promise<PgTestDatabase & { close: () => Promise<void> }> {
  const { adminUrl } = await pgServer();
  const name = `yinghuo_test_${process.pid}_${++counter}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template template0 encoding 'UTF8'`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  // pool.end() resolves before its idle connections are gone; the drop below (with force) then ends them, and a
  // pool without an 'error' listener turns that into an uncaught exception of the test process.
  pool.on('error', () => {});
  if (migrate) await applyPgMigrations(pool);
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
