// `npm run bench:visits`: p50/p95 of the visit plan (今日走访) and the desk's visit coverage on a fresh demo database with its year of visits.
// In-process (the server's data work for the page), and over HTTP against the production build when there is one.
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { accounts } from '../db/schema';
import { loadUser } from '../lib/auth/load-user';
import { visitCoverage } from '../lib/visits/coverage';
import { visitPlan } from '../lib/visits/plan';
import { measure, Session, signIn, type Timing } from './http';
import { prepareDatabase } from './seed';
import { buildDir, hasBuild, startServer, type Server } from './server';
import { printTable, timingRow, type Row } from './table';

const PORT = Number(process.env.BENCH_PORT ?? 3360);
const DATABASE = path.resolve('.data/bench-visits.db');
const N = Number(process.env.BENCH_N ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);
/** The issue's target for the visit plan's server time. */
const TARGET_P95 = 100;
/** Coverage is part of the secretary's desk: held to the desk queue's target (bench/desk.ts). */
const COVERAGE_P95 = 150;
const WORKERS = ['wg01', 'wg02', 'wg03', 'wg04', 'wg05', 'wg06', 'wg07', 'wg08', 'wg09', 'wg10', 'wg11', 'wg12', 'wg21'];

/** Times `work` n times after a warm-up, as the HTTP measurements do, so the two tables read alike. */
async function timeInProcess(n: number, warmup: number, work: (i: number) => unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await work(warmup + i);
    samples.push(performance.now() - started);
  }
  return { samples, meanBytes: 0, unexpected: new Map() };
}

async function main(): Promise<number> {
  console.log(`Seeding a fresh demo database at ${DATABASE} …`);
  const data = await prepareDatabase(DATABASE);
  console.log(`  ${data.cases} cases and a year of visits in ${data.seedMs} ms.`);

  const rows: Row[] = [];
  const { db, sqlite } = openDatabase(DATABASE);
  try {
    const ids = db.select({ id: accounts.id, username: accounts.username }).from(accounts).where(inArray(accounts.username, [...WORKERS, 'shuji', 'zhenshuji'])).all();
    const user = async (name: string) => (await loadUser(db, ids.find((a) => a.username === name)!.id))!;
    const workers = await Promise.all(WORKERS.map(user));
    const sizes = await Promise.all(workers.map((w) => visitPlan(db, w)));
    console.log(`  plans: ${sizes.map((p, i) => `${WORKERS[i]} ${p.due} due`).join(', ')}`);
    rows.push(timingRow('visitPlan() in-process, 13 grid workers in turn', await timeInProcess(N, WARMUP, (i) => visitPlan(db, workers[i % workers.length]!)), TARGET_P95));
    const shuji = await user('shuji');
    const town = await user('zhenshuji');
    rows.push(timingRow('visitCoverage() in-process, 龙湖社区 (shuji)', await timeInProcess(N, WARMUP, () => visitCoverage(db, shuji.scope)), COVERAGE_P95));
    rows.push(timingRow('visitCoverage() in-process, 龙兴镇 (zhenshuji)', await timeInProcess(N, WARMUP, () => visitCoverage(db, town.scope)), COVERAGE_P95));
  } finally {
    sqlite.close();
  }

  const dist = buildDir();
  let server: Server | null = null;
  if (!hasBuild(dist)) {
    console.log(`\nNo production build in ${dist}: the HTTP measurement is skipped (run \`npm run build\` first).`);
  } else {
    try {
      server = await startServer({ port: PORT, databasePath: DATABASE });
      const worker = new Session(server.url);
      await signIn(worker, 'wg01', DEMO_PASSWORD);
      rows.push(timingRow('GET /work/visits (wg01)', await measure(N, WARMUP, 200, () => worker.fetch('/work/visits')), TARGET_P95));
      // For reference, under the same load: the worker's home, held to the same target by bench/run.ts.
      rows.push(timingRow('GET /work (wg01), reference', await measure(N, WARMUP, 200, () => worker.fetch('/work')), TARGET_P95));
      const secretary = new Session(server.url);
      await signIn(secretary, 'shuji', DEMO_PASSWORD);
      rows.push(timingRow('GET /desk (shuji, with coverage)', await measure(Math.min(N, 100), WARMUP, 200, () => secretary.fetch('/desk')), 300));
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      if (server) console.error(`\n--- server output ---\n${server.log().slice(-4000)}`);
      await server?.stop();
      return 1;
    }
    await server.stop();
  }

  printTable(['visit plan and coverage (sequential, after warm-up)', 'n', 'size', 'p50', 'p95', 'max', 'target'], rows);
  const missed = rows.filter((r) => !r.ok);
  console.log(missed.length === 0 ? '\nAll targets met.' : `\n${missed.length} target(s) missed.`);
  return missed.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
