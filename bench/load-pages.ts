// `DATABASE_PATH=<a copy of your own> npx tsx bench/load-pages.ts`: what each page kind of `npm run bench:load` costs
// the server, one request at a time — its CPU per request (from /proc: a busy shared machine slows a request down but
// adds little to its CPU time) and the wall time — as the load test's own cast asks for them (its grid workers, its
// secretaries with each queue filter, its QR codes). At 32 clients the p95 of a kind is mostly queueing behind the
// others, so the CPU a kind costs is what to cut. Works on the file in place (passwords reset as bench:load does).
// BENCH_N rounds (default 3) over the cast, BENCH_PORT (default 3306).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { openSqliteStore } from '../db/store';
import { percentile, Session, signIn } from './http';
import { castFrom, PASSWORD } from './load';
import { startServer } from './server';
import { appPid, processCpuMs } from './cpu';

const PORT = Number(process.env.BENCH_PORT ?? 3306);
const ROUNDS = Number(process.env.BENCH_N ?? 3);

const QUEUE_FILTERS = ['', '?view=pending', '?view=overdue', '?view=follow_up', '?status=closed&sort=oldest', '?urgency=urgent', '?page=20', '?q=%E8%B7%AF%E7%81%AF'];

async function main() {
  const file = path.resolve(process.env.DATABASE_PATH ?? '');
  if (!process.env.DATABASE_PATH || !fs.existsSync(file)) throw new Error('bench/load-pages.ts: set DATABASE_PATH to a SQLite file of your own');
  const opened = openDatabase(file);
  applyMigrations(opened.db);
  opened.sqlite.close();
  const store = openSqliteStore(file);
  const cast = await castFrom(store).finally(() => store.close());
  const server = await startServer({ port: PORT, databasePath: file, timeoutMs: 180_000, env: { YINGHUO_JOBS: process.env.YINGHUO_JOBS ?? 'off' } });
  try {
    const pid = appPid(server.pid);
    const workers = await Promise.all(cast.workers.map(async (w) => {
      const s = new Session(server.url);
      await signIn(s, w.username, PASSWORD);
      return { s, w };
    }));
    const secretaries = await Promise.all(cast.secretaries.map(async (name) => {
      const s = new Session(server.url);
      await signIn(s, name, PASSWORD);
      return s;
    }));
    const anonymous = new Session(server.url);
    const kinds: [string, { s: Session; url: string }[]][] = [
      ['worker: GET /work', workers.map(({ s }) => ({ s, url: '/work' }))],
      ['worker: GET /cases/<number>', workers.map(({ s, w }) => ({ s, url: `/cases/${w.numbers[0]}` }))],
      ['secretary: GET /desk/cases?…', secretaries.flatMap((s) => QUEUE_FILTERS.map((f) => ({ s, url: `/desk/cases${f}` })))],
      ['secretary: GET /desk/stats', secretaries.map((s) => ({ s, url: '/desk/stats?period=last_12_months' }))],
      ['resident: GET /s/<code>', cast.intakeCodes.slice(0, 12).map((code) => ({ s: anonymous, url: `/s/${code}` }))],
    ];
    for (const [kind, requests] of kinds) {
      for (const r of requests.slice(0, 2)) await (await r.s.fetch(r.url)).arrayBuffer();
      const walls: number[] = [];
      const perUrl = new Map<string, number[]>();
      let bytes = 0;
      let n = 0;
      const cpu0 = processCpuMs(pid);
      for (let round = 0; round < ROUNDS; round++) {
        for (const r of requests) {
          const c = processCpuMs(pid);
          const t = performance.now();
          const res = await r.s.fetch(r.url);
          bytes += (await res.arrayBuffer()).byteLength;
          walls.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`${r.url}: HTTP ${res.status}`);
          const key = r.url.replace(/\/(cases|s)\/[^/?]+/, '/$1/…');
          perUrl.set(key, [...(perUrl.get(key) ?? []), processCpuMs(pid) - c]);
          n++;
        }
      }
      const cpu = (processCpuMs(pid) - cpu0) / n;
      console.log(`${kind.padEnd(30)} server CPU ${cpu.toFixed(1).padStart(6)} ms/request   wall p50 ${percentile(walls, 50).toFixed(1).padStart(7)} p95 ${percentile(walls, 95).toFixed(1).padStart(7)} ms   ${(bytes / n / 1024).toFixed(0).padStart(4)} KB`);
      if (perUrl.size > 1 && perUrl.size < requests.length) {
        for (const [url, list] of perUrl) console.log(`    ${url.padEnd(40)} CPU ${(list.reduce((a, b) => a + b, 0) / list.length).toFixed(1).padStart(6)} ms`);
      }
    }
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
