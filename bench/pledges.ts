// `npm run bench:pledges`: 党员每月一件事 for the whole demo community as its secretary — the mid-month check (月中督诺,
// every branch and member of the running month) and the year's evaluation results (月末评诺, twelve months per
// branch and member) — p95 server time against the target. Seeds a fresh demo database (with its year of pledges) and
// serves the production build on it, as `npm run bench:desk` does; BENCH_BASE_URL=<url> measures a running server.
import path from 'node:path';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { measure, Session, signIn } from './http';
import { prepareDatabase } from './seed';
import { buildDir, hasBuild, startServer, type Server } from './server';
import { printTable, timingRow, type Row } from './table';

const PORT = Number(process.env.BENCH_PORT ?? 3302);
const DATABASE = path.resolve('.data/bench-pledges.db');
const N = Number(process.env.BENCH_N ?? 100);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const TARGET_P95_MS = 150;

const chinaMonth = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
const lastMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

async function measurePledges(base: string): Promise<Row[]> {
  const secretary = new Session(base);
  await signIn(secretary, 'shuji', DEMO_PASSWORD);
  const month = chinaMonth(new Date());
  const year = month.slice(0, 4);
  const pages: [string, string][] = [
    ['月中督诺 /desk/pledges (whole community, this month)', '/desk/pledges'],
    [`评诺结果 /desk/pledges/results?year=${year} (whole community, 12 months)`, `/desk/pledges/results?year=${year}`],
    // The year of the twelve months the demo holds, when they straddle New Year.
    [`评诺结果 /desk/pledges/results?year=${lastMonth(month).slice(0, 4)}`, `/desk/pledges/results?year=${lastMonth(month).slice(0, 4)}`],
    ['月末评诺 /desk/pledges/evaluate (one branch, last month)', `/desk/pledges/evaluate?month=${lastMonth(month)}`],
  ];
  const rows: Row[] = [];
  for (const [label, url] of pages) {
    const probe = await secretary.fetch(url);
    await probe.arrayBuffer();
    if (probe.status !== 200) throw new Error(`${url}: HTTP ${probe.status}`);
    rows.push(timingRow(label, await measure(N, WARMUP, 200, () => secretary.fetch(url)), TARGET_P95_MS));
  }
  return rows;
}

async function main(): Promise<number> {
  const external = process.env.BENCH_BASE_URL;
  let server: Server | null = null;
  const stop = async () => {
    await server?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(130)));
  try {
    let base: string;
    if (external) {
      console.log(`Measuring the server at ${external} (its own database; nothing seeded).`);
      base = external;
    } else {
      const dist = buildDir();
      if (!hasBuild(dist)) {
        console.error(`No production build in ${dist}.\nRun \`npm run build\` first (or \`NEXT_DIST_DIR=<dir> npm run build\` and run the bench with the same NEXT_DIST_DIR).`);
        return 2;
      }
      console.log(`Seeding a fresh demo database at ${DATABASE} …`);
      const data = await prepareDatabase(DATABASE);
      console.log(`  ${data.cases} cases, a year of visits and pledges, in ${data.seedMs} ms.`);
      console.log(`Starting next start (${path.relative(process.cwd(), dist) || '.'}) on port ${PORT} …`);
      server = await startServer({ port: PORT, databasePath: DATABASE });
      base = server.url;
    }
    const rows = await measurePledges(base);
    printTable(['党员每月一件事 as shuji, 龙湖社区 (sequential, after warm-up)', 'n', 'size', 'p50', 'p95', 'max', 'target'], rows);
    const missed = rows.filter((r) => !r.ok);
    console.log(missed.length === 0 ? '\nAll targets met.' : `\n${missed.length} target(s) missed.`);
    return missed.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    if (server) console.error(`\n--- server output ---\n${server.log().slice(-4000)}`);
    return 1;
  } finally {
    await stop();
  }
}

main().then((code) => process.exit(code));
