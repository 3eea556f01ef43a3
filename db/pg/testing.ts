// Test support for PostgreSQL: a fresh database per test file, on TEST_DATABASE_URL's server when set, otherwise on
// a throwaway cluster this process starts (initdb into a temp folder, pg_ctl on a free port; as the `postgres` user
// when run as root, since initdb refuses root) and stops when it exits. One cluster per test process, reused by
// every database the process asks for.
//
// Without PostgreSQL the tests that need it are skipped with the reason printed (`t.skip('PostgreSQL not
// available: …')`), never silently; PG_TESTS_REQUIRED=1 (set by .ci/run) turns that into a failure instead.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, type TestContext } from 'node:test';
import pg from 'pg';
import { applyPgMigrations, pgDrizzle, type PgDB } from './migrate';

export type PgTestDatabase = { url: string; pool: pg.Pool; db: PgDB };

type Server = { adminUrl: string };
let server: Promise<Server> | undefined;

/** The bin folder of the newest PostgreSQL installed (Debian puts them under /usr/lib/postgresql/<version>/bin). */
function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return path.join(root, versions[0]!, 'bin');
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && fs.existsSync(path.join(dir, 'initdb'))) return dir;
  throw new Error('no initdb found (install Debian\'s postgresql, set PG_BIN_DIR, or set TEST_DATABASE_URL)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function startCluster(): Promise<Server> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    try {
      owner = { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
    } catch {
      throw new Error('running as root and there is no `postgres` user to run initdb as (Debian\'s postgresql package creates it)');
    }
  }
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-pg-'));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    } catch {
      // Already stopped, or never started.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  try {
    // UTF-8 character classes: pg_trgm takes trigrams of Chinese text only under a UTF-8 LC_CTYPE.
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50`;
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '30', '-o', options, 'start']);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n').slice(-3).join(' / ') : '';
    stop();
    throw new Error(`could not start a throwaway cluster with ${bin}: ${stderr || (error as Error).message} ${log}`.trim());
  }
  return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres` };
}

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
