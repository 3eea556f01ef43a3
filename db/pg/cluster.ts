// A PostgreSQL cluster of this process's own (initdb into a folder, pg_ctl on a port), for the tests, the local city
// (scripts/city/run-local.ts) and bench/city.ts; as the `postgres` user when run as root, since initdb refuses root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The bin folder of the newest PostgreSQL installed (Debian puts them under /usr/lib/postgresql/<version>/bin). */
export function pgBinDir(): string {
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

export function freePort(): Promise<number> {
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

export type Cluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  adminUrl: string;
  port: number;
  /** The folder holding the data directory, the socket and the log; removed by stop(). */
  dir: string;
  bin: string;
  /** Runs one of the cluster's programs (pg_dump, psql, …) as the cluster's owner; returns its stdout. */
  run: (program: string, args: string[], opts?: { input?: string }) => Buffer;
  /** Stops the server at once and removes the folder; safe to call twice. */
  stop: () => void;
};

export type ClusterOptions = {
  port?: number;
  /**
   * false (tests): fsync, synchronous_commit and full-page writes off, fast and unsafe. true (benchmarks, the local
   * city): PostgreSQL's defaults, so a commit costs what it costs in production.
   */
  durable?: boolean;
  maxConnections?: number;
};

/** The `postgres` user's ids when this process is root (initdb and the server refuse to run as root). */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
  } catch {
    throw new Error('running as root and there is no `postgres` user to run initdb as (Debian\'s postgresql package creates it)');
  }
}

/** Starts a fresh cluster in a temporary folder; it is stopped and removed by stop() or when this process exits. */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const bin = pgBinDir();
  const owner = clusterOwner();
  const run = (program: string, args: string[], o: { input?: string } = {}) =>
    owner
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args], { stdio: 'pipe', input: o.input, maxBuffer: 256 * 1024 * 1024 })
      : execFileSync(path.join(bin, program), args, { stdio: 'pipe', input: o.input, maxBuffer: 256 * 1024 * 1024 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-pg-'));
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const data = path.join(dir, 'data');
  const port = opts.port ?? (await freePort());
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
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
    const unsafe = opts.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${opts.maxConnections ?? 50}${unsafe}`;
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '30', '-o', options, 'start']);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n').slice(-3).join(' / ') : '';
    stop();
    throw new Error(`could not start a throwaway cluster with ${bin}: ${stderr || (error as Error).message} ${log}`.trim());
  }
  return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, port, dir, bin, run, stop };
}

/** The URL of database `name` on the cluster of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
