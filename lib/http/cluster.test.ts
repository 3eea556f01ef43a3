import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inArray, sql } from 'drizzle-orm';
import { openDatabase } from '@/db/client';
import { seedDemo } from '@/db/demo/generate';
import { applyMigrations } from '@/db/migrate';
import { cases } from '@/db/schema';
import { processCount, runsJobs } from './cluster';

test('WEB_CONCURRENCY: unset or empty is one process, "auto" one per core, otherwise a whole number from 1 to 64', () => {
  assert.equal(processCount(undefined, 8), 1);
  assert.equal(processCount(' ', 8), 1);
  assert.equal(processCount('auto', 8), 8);
  assert.equal(processCount('2', 8), 2);
  for (const bad of ['0', '-1', '1.5', 'two', '65']) assert.throws(() => processCount(bad, 8), /WEB_CONCURRENCY must be/, bad);
});

test('the background jobs run outside a cluster and in its slot 0 only, never when turned off', () => {
  assert.equal(runsJobs({}), true);
  assert.equal(runsJobs({ YINGHUO_WORKER_SLOT: '0' }), true);
  assert.equal(runsJobs({ YINGHUO_WORKER_SLOT: '1' }), false);
  assert.equal(runsJobs({ YINGHUO_JOBS: 'off' }), false);
  assert.equal(runsJobs({ YINGHUO_JOBS: 'off', YINGHUO_WORKER_SLOT: '0' }), false);
});

const FIXTURE = path.join(__dirname, 'cluster.fixture.ts');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A request on a connection of its own (no keep-alive), so the cluster hands each one to the next worker. */
function request(port: number, method: string, pathname: string, body?: unknown, timeoutMs = 30_000): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path: pathname, agent: false, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    // A connection handed to a worker at the moment it died is never answered.
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${pathname}: no answer within ${timeoutMs} ms`)));
    req.end(payload);
  });
}

type Who = { pid: number; slot: string | null; jobs: boolean };

async function whoIsServing(port: number, tries = 24): Promise<Map<number, Who>> {
  const seen = new Map<number, Who>();
  for (let i = 0; i < tries; i++) {
    const { json } = await request(port, 'GET', '/whoami', undefined, 5_000);
    seen.set(json.pid as number, json as unknown as Who);
  }
  return seen;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // Not there yet (e.g. nothing listening).
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startCluster(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out.join(''), exited };
}

describe('two server processes on one port (WEB_CONCURRENCY=2)', () => {
  let dir: string;
  let file: string;
  let port: number;
  let server: ReturnType<typeof startCluster>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-cluster-'));
    file = path.join(dir, 'test.db');
    const { db, sqlite } = openDatabase(file);
    applyMigrations(db);
    seedDemo(db);
    sqlite.close();
    port = await freePort();
    server = startCluster({ DATABASE_PATH: file, PORT: String(port), WEB_CONCURRENCY: '2' });
    await until('both processes to answer', async () => ((await whoIsServing(port, 4)).size === 2 ? true : undefined), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${server.output()}`);
    });
  });

  after(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('both processes answer, and exactly one of them runs the background jobs', async () => {
    const serving = [...(await whoIsServing(port)).values()];
    assert.equal(serving.length, 2);
    assert.deepEqual(serving.map((w) => w.slot).sort(), ['0', '1']);
    assert.deepEqual(serving.filter((w) => w.jobs).map((w) => w.slot), ['0']);
  });

  test('200 requests logged at once through both processes: every acknowledged one is stored, none fails', async () => {
    const { db, sqlite } = openDatabase(file);
    try {
      const before = db.select({ n: sql<number>`count(*)` }).from(cases).get()!.n;
      // 16 clients at a time, each request on a connection of its own: the two processes' groups contend for the lock.
      const answers: Awaited<ReturnType<typeof request>>[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = next++; i < 200; i = next++) answers.push(await request(port, 'POST', '/cases', { description: `两个进程同时登记 ${i}：楼道灯不亮` }));
        }),
      );
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [201]);
      assert.equal(new Set(answers.map((a) => a.json.pid)).size, 2, 'both processes wrote');
      const numbers = answers.map((a) => a.json.number as string);
      assert.equal(new Set(numbers).size, 200, 'every tracking number is distinct');
      assert.equal(db.select({ n: sql<number>`count(*)` }).from(cases).where(inArray(cases.number, numbers)).get()!.n, 200);
      assert.equal(db.select({ n: sql<number>`count(*)` }).from(cases).get()!.n, before + 200);
    } finally {
      sqlite.close();
    }
  });

  test('a worker that dies is replaced in its slot, and the jobs move to the replacement', async () => {
    const serving = await whoIsServing(port);
    const jobs = [...serving.values()].find((w) => w.jobs)!;
    process.kill(jobs.pid, 'SIGKILL');
    const replacement = await until('a new process in slot 0', async () => [...(await whoIsServing(port, 4)).values()].find((w) => w.slot === '0' && w.pid !== jobs.pid), 90_000);
    assert.equal(replacement.jobs, true);
    const now = [...(await whoIsServing(port)).values()];
    assert.equal(now.length, 2);
    assert.equal(now.filter((w) => w.jobs).length, 1);
  });

  test('SIGTERM stops the primary and every worker', async () => {
    const pids = [...(await whoIsServing(port)).keys()];
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    await until('the workers to exit', () => (pids.some(alive) ? undefined : true), 15_000);
  });
});

test('a cluster whose workers cannot start stops with an error instead of restarting them for ever', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-cluster-'));
  try {
    const server = startCluster({ DATABASE_PATH: path.join(dir, 'none.db'), PORT: String(await freePort()), WEB_CONCURRENCY: '2', FIXTURE_FAIL_START: '1' });
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
    const code = await server.exited;
    clearTimeout(timer);
    assert.equal(code, 1, server.output());
    assert.match(server.output(), /failed to start/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
