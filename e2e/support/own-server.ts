// A production server of the app that a test owns: its own copy of the demo database, its own port, started, killed and restarted by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { openSqliteStore } from '../../db/store';
import { accounts, orgNodes } from '../../db/schema';
import { createApiToken } from '../../lib/api/tokens';
import { loadUser } from '../../lib/auth/load-user';

/** The demo database the suite's webServer seeded (playwright.config.ts). */
const SUITE_DATABASE = path.resolve('.data/e2e.db');

/**
 * A consistent copy of the suite's freshly seeded demo database (SQLite's backup API, safe while
 * the suite's server writes to it), with an API token for 龙湖社区 issued into the copy.
 */
export async function copyDemoDatabase(to: string): Promise<{ token: string; gridId: number }> {
  const source = new Database(SUITE_DATABASE, { fileMustExist: true });
  try {
    // A read transaction pins one snapshot, so other specs writing meanwhile never restart the copy.
    source.exec('BEGIN');
    source.prepare('select count(*) from cases').get();
    await source.backup(to);
    source.exec('COMMIT');
  } finally {
    source.close();
  }
  const { db, sqlite } = openDatabase(to);
  const store = openSqliteStore(to, { writer: sqlite });
  try {
    const admin = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin')).get();
    const adminUser = admin && (await loadUser(db, admin.id));
    const community = db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, '龙湖社区'))).get();
    const grid = db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, '龙盛华庭'))).get();
    if (!adminUser || !community || !grid) throw new Error('the demo database lacks admin, 龙湖社区 or 龙盛华庭');
    const token = await createApiToken(store, adminUser, { name: '崩溃恢复测试', nodeId: community.id });
    if (!token.ok) throw new Error(token.message);
    return { token: token.secret, gridId: grid.id };
  } finally {
    await store.close();
    sqlite.close();
  }
}

/** A port nobody listens on right now, from the operating system. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export type OwnServer = { url: string; child: ChildProcess; output: () => string };

/**
 * The one place that knows how the production server is started: `npm start`'s scripts/serve.ts (which applies the
 * configured database's pending migrations, then serves the build behind the app's front server), run by node
 * itself with tsx as a loader, so that it is the process that holds the database: the test's SIGKILL has to hit
 * it, not a wrapper.
 */
function spawnProductionServer(port: number, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the server and waits (bounded) until it answers HTTP at all; throws if it exits first. */
export async function startOwnServer(opts: {
  port: number;
  databasePath: string;
  /** A postgres:// URL: the server runs on PostgreSQL (DATABASE_PATH then names a file nothing should use). */
  databaseUrl?: string;
  uploadsDir: string;
  timeoutMs?: number;
  env?: Record<string, string>;
}): Promise<OwnServer> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child = spawnProductionServer(opts.port, {
    DATABASE_PATH: opts.databasePath,
    DATABASE_URL: opts.databaseUrl ?? '',
    YINGHUO_ENGINE: '',
    UPLOADS_DIR: opts.uploadsDir,
    AUTH_SECRET: 'e2e-crash-recovery-secret-not-for-production-0000',
    // No background job writing behind the test's back.
    YINGHUO_JOBS: 'off',
    ...opts.env,
  });
  const log: string[] = [];
  child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  const output = () => log.join('').slice(-4000);
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return { url, child, output };
    } catch {
      // Not listening yet: ask again once this attempt has failed.
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not answer on ${url} within ${opts.timeoutMs ?? 90_000} ms:\n${output()}`);
}

/** Resolves once the process is gone (at once if it already is). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
