// Starts the app's server (scripts/serve.ts) on the benchmark's database and port, waits until it answers, and stops it again.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Server {
  url: string;
  /** The server's process id (the app runs in it), e.g. to read its memory from /proc. */
  pid: number;
  /** What the server printed, for when something goes wrong. */
  log: () => string;
  stop: () => Promise<void>;
}

/** The production build the server will run: `next build` writes it to NEXT_DIST_DIR (default .next). */
export function buildDir(): string {
  return path.resolve(process.env.NEXT_DIST_DIR ?? '.next');
}

export function hasBuild(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'BUILD_ID'));
}

/** BENCH_SERVER_NODE_ARGS: Node flags for the server process only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where its time goes (the server then runs under `node --import tsx`, in one process). */
function serverNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

export type ServerOptions = {
  port: number;
  /** The SQLite file; with `env.DATABASE_URL=postgres://…` the server runs on PostgreSQL instead. */
  databasePath: string;
  timeoutMs?: number;
  /** Servers that share sessions (behind one proxy) share this secret; a throwaway one otherwise. */
  authSecret?: string;
  /** More environment for the server (DATABASE_URL, TRUSTED_PROXIES, UPLOADS_DIR, …), over this process's. */
  env?: Record<string, string>;
};

export async function startServer(opts: ServerOptions): Promise<Server> {
  const url = `http://127.0.0.1:${opts.port}`;
  const tsxCli = require.resolve('tsx/cli');
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [...(serverNodeArgs().length > 0 ? [...serverNodeArgs(), '--import', 'tsx'] : [tsxCli]), 'scripts/serve.ts', '-p', String(opts.port), '-H', '127.0.0.1'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_PATH: opts.databasePath,
      // A throwaway secret unless given: the benchmark's sessions need not survive it.
      AUTH_SECRET: opts.authSecret ?? crypto.randomBytes(32).toString('base64url'),
      NEXT_TELEMETRY_DISABLED: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A benchmark that exits (Ctrl-C, an error) while this server is still starting takes it along.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/login`, { signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      if (res.ok) return { url, pid: child.pid ?? 0, log: () => output.join(''), stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`the server did not answer on ${url} within ${opts.timeoutMs ?? 60_000} ms:\n${output.join('')}`);
}
