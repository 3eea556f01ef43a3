// The pieces of a city on one machine, without containers: a PostgreSQL cluster of its own, app servers of the
// production build sharing one database and one session secret, and nginx in front with scripts/city/nginx.conf.
// Used by scripts/city/run-local.ts (npm run city:local) and bench/city.ts (npm run bench:city).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServer, type Server } from '../../bench/server';
import { startCluster, databaseUrl, type Cluster } from '../../db/pg/cluster';

export type Engine = 'sqlite' | 'pg';

/** Everything this process started and has not stopped yet, so that a signal during a start stops it too. */
const live = new Set<() => Promise<void> | void>();

function track<T extends { stop: () => Promise<void> | void }>(thing: T): T {
  const stop = thing.stop;
  const tracked = async () => {
    live.delete(tracked);
    await stop();
  };
  live.add(tracked);
  return { ...thing, stop: tracked };
}

/** Stops whatever is still running (servers, nginx, clusters), e.g. on Ctrl-C in the middle of a start. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((stop) => stop()));
}

const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const NGINX_CONF = path.resolve(__dirname, 'nginx.conf');

/** `npm run <script> -- <args>` with this environment plus `env`; rejects with its output when it fails. */
export function runNpm(script: string, args: string[], env: Record<string, string>, opts: { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (d: Buffer) => {
      output += d.toString();
      if (!opts.quiet) process.stdout.write(d.toString().replace(/^(?=.)/gm, `    [${script}] `));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`npm run ${script} exited with code ${code}:\n${output.slice(-3000)}`))));
  });
}

export type Postgres = { cluster: Cluster; url: string };

/**
 * A durable cluster (PostgreSQL's own fsync and commit settings: a benchmark must pay what production pays) with an
 * empty database `yinghuo`, migrated with `npm run db:migrate:pg`.
 */
export async function startPostgres(opts: { port?: number; quiet?: boolean } = {}): Promise<Postgres> {
  const cluster = track(await startCluster({ port: opts.port, durable: true, maxConnections: 100 }));
  try {
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    try {
      await admin.query(`create database yinghuo template template0 encoding 'UTF8'`);
    } finally {
      await admin.end();
    }
    const url = databaseUrl(cluster.adminUrl, 'yinghuo');
    await runNpm('db:migrate:pg', [], { DATABASE_URL: url }, { quiet: opts.quiet });
    return { cluster, url };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

/** `npm run db:copy`: the SQLite file into the (empty, migrated) PostgreSQL database, verified table by table. */
export async function copyIntoPostgres(sqliteFile: string, url: string, opts: { quiet?: boolean } = {}): Promise<string> {
  return runNpm('db:copy', ['--from', `sqlite:${sqliteFile}`, '--to', url], {}, opts);
}

export type Nginx = { url: string; port: number; dir: string; accessLog: () => string[]; stop: () => Promise<void> };

/**
 * scripts/city/nginx.conf with its upstream servers, listening port and cache folder replaced by these: the server
 * block and the proxy settings are the file's own, so what runs here is what the README tells a city to install.
 */
export function nginxSiteConf(port: number, upstreamPorts: readonly number[], cacheDir: string): string {
  const conf = fs.readFileSync(NGINX_CONF, 'utf8');
  const serverLine = /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;\n/gm;
  const cachePath = /^proxy_cache_path \/var\/cache\/nginx\/yinghuo /m;
  const lines = [...conf.matchAll(serverLine)];
  if (lines.length === 0 || !/^\s*listen 8080;/m.test(conf) || !cachePath.test(conf)) {
    throw new Error(`${NGINX_CONF}: expected "server 127.0.0.1:<port> …;" lines, "listen 8080;" and "proxy_cache_path /var/cache/nginx/yinghuo …"`);
  }
  const [indent, params] = [lines[0]![1]!, lines[0]![2] ?? ''];
  let replaced = false;
  return conf
    .replace(serverLine, () => {
      if (replaced) return '';
      replaced = true;
      return upstreamPorts.map((p) => `${indent}server 127.0.0.1:${p}${params};\n`).join('');
    })
    .replace(/^(\s*)listen 8080;/m, `$1listen 127.0.0.1:${port};`)
    .replace(cachePath, `proxy_cache_path ${cacheDir} `);
}

/** nginx without root's paths: its own prefix, pid, logs and temp folders; the access log names the upstream of each request. */
export async function startNginx(opts: { port: number; upstreams: readonly number[] }): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-nginx-'));
  // Run as root, nginx's workers run as `nobody`: they must reach the temp folders.
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'yinghuo.conf'), nginxSiteConf(opts.port, opts.upstreams, path.join(dir, 'cache')));
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `# Generated by scripts/city/local.ts around scripts/city/nginx.conf.
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format city '$remote_addr "$request" $status upstream=$upstream_addr cache=$upstream_cache_status $request_time';
  access_log ${dir}/access.log city;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/yinghuo.conf;
}
`,
  );
  const output: string[] = [];
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      await (await fetch(`${url}/login`, { signal: AbortSignal.timeout(5_000) })).arrayBuffer();
      const accessLog = () => (fs.existsSync(path.join(dir, 'access.log')) ? fs.readFileSync(path.join(dir, 'access.log'), 'utf8').trim().split('\n') : []);
      return { url, port: opts.port, dir, accessLog, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
  await stop();
  throw new Error(`nginx did not answer on ${url}:\n${output.join('')}${log}`);
}

export type City = {
  engine: Engine;
  /** Where users go: nginx, or the one server when there is no nginx. */
  url: string;
  servers: Server[];
  nginx?: Nginx;
  postgres?: Postgres;
  stop: () => Promise<void>;
};

export type CityOptions = {
  engine: Engine;
  /** The SQLite database (engine sqlite); on PostgreSQL, the demo to copy in (when `copyFrom` is set). */
  sqliteFile: string;
  /** PostgreSQL only: an existing database to serve instead of starting a cluster (bench:city copies once, serves twice). */
  postgres?: Postgres;
  /** PostgreSQL only: copy this SQLite file into the fresh database with db:copy. */
  copyFrom?: string;
  appPorts: readonly number[];
  /** Without it (one server) the server is reached directly. */
  nginxPort?: number;
  pgPort?: number;
  /** Photos: one folder the servers share (a city uses the S3 store; compose.yaml has MinIO). */
  uploadsDir: string;
  /** Scratch folder of this city (the PostgreSQL mode's unused SQLite file). */
  workDir: string;
  quiet?: boolean;
  env?: Record<string, string>;
};

/** Starts the database, the app servers and nginx; on any failure stops what it started and throws. */
export async function startCity(opts: CityOptions): Promise<City> {
  const say = (m: string) => opts.quiet || console.log(m);
  const started: { servers: Server[]; nginx?: Nginx; postgres?: Postgres; ownPostgres: boolean } = { servers: [], ownPostgres: false };
  const stop = async () => {
    await started.nginx?.stop();
    await Promise.all(started.servers.map((s) => s.stop()));
    if (started.ownPostgres) started.postgres?.cluster.stop();
  };
  try {
    const env: Record<string, string> = {
      UPLOADS_DIR: opts.uploadsDir,
      PHOTO_STORE: 'folder',
      // Behind nginx, one proxy; the load test plays a further one (its residents' own addresses), see bench/city.ts.
      TRUSTED_PROXIES: opts.nginxPort ? '1' : '0',
      ...opts.env,
    };
    let databasePath = opts.sqliteFile;
    if (opts.engine === 'pg') {
      if (opts.postgres) {
        started.postgres = opts.postgres;
      } else {
        say(`PostgreSQL: a throwaway cluster${opts.pgPort ? ` on port ${opts.pgPort}` : ''}, migrated with npm run db:migrate:pg …`);
        started.postgres = await startPostgres({ port: opts.pgPort, quiet: opts.quiet });
        started.ownPostgres = true;
        if (opts.copyFrom) {
          say(`Copying ${path.relative(process.cwd(), opts.copyFrom)} into it with npm run db:copy …`);
          await copyIntoPostgres(opts.copyFrom, started.postgres.url, { quiet: opts.quiet });
        }
      }
      env.DATABASE_URL = started.postgres.url;
      // A module not yet on the engine-neutral store still opens DATABASE_PATH: an empty file, so that such a
      // module fails visibly instead of quietly serving the SQLite demo beside PostgreSQL.
      fs.mkdirSync(opts.workDir, { recursive: true });
      databasePath = path.join(opts.workDir, 'pg-mode-unused.db');
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(databasePath + suffix, { force: true });
    }
    const authSecret = crypto.randomBytes(32).toString('base64url');
    say(`App servers (production build) on ${opts.appPorts.map((p) => `127.0.0.1:${p}`).join(', ')} …`);
    // One after another: two Next servers starting at once on two busy cores take longer than twice one.
    for (const port of opts.appPorts) started.servers.push(track(await startServer({ port, databasePath, authSecret, env, timeoutMs: 180_000 })));
    if (opts.nginxPort) {
      say(`nginx on 127.0.0.1:${opts.nginxPort} (scripts/city/nginx.conf) …`);
      started.nginx = track(await startNginx({ port: opts.nginxPort, upstreams: opts.appPorts }));
    }
    return {
      engine: opts.engine,
      url: started.nginx?.url ?? started.servers[0]!.url,
      servers: started.servers,
      nginx: started.nginx,
      postgres: started.postgres,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
