// `BENCH_DB=<db> BENCH_PORT=<port> npx tsx bench/stats-page.ts`: the statistics page served by the production build, as the
// server's own CPU time per request (from /proc, so a busy shared machine disturbs it far less than the clock), with the
// wall time and the size of the HTML. Pages: a community over 12 months (shuji), the top of the tree over 12 months
// (xianshuji on a county, zhenshuji on the demo), the same over a custom period that starts and ends mid-month, and the
// top level with its grids opened in full (?show=grid). BENCH_N requests per page (default 20) after BENCH_WARMUP (3).
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { accounts } from '../db/schema';
import { percentile, Session, signIn } from './http';
import { startServer } from './server';
import { appPid, processCpuMs } from './cpu';

const PORT = Number(process.env.BENCH_PORT ?? 3411);
const DB = path.resolve(process.env.BENCH_DB ?? '.data/yinghuo.db');
const N = Number(process.env.BENCH_N ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);

const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function main() {
  const { db, sqlite } = openDatabase(DB);
  const top = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'xianshuji')).get() ? 'xianshuji' : 'zhenshuji';
  const requests = (sqlite.prepare('select count(*) as n from cases').get() as { n: number }).n;
  sqlite.close();
  // From the 10th eleven months ago to the 20th of last month: both ends mid-month.
  const now = new Date();
  const from = chinaDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 10));
  const to = chinaDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 20));
  const pages: [string, string, string][] = [
    ['shuji', '龙湖社区, 12 months', '/desk/stats?period=last_12_months'],
    [top, `${top}, 12 months`, '/desk/stats?period=last_12_months'],
    [top, `${top}, ${from} … ${to}`, `/desk/stats?period=custom&from=${from}&to=${to}`],
    [top, `${top}, 12 months, all grids`, '/desk/stats?period=last_12_months&show=grid'],
  ];
  console.log(`${path.relative(process.cwd(), DB)}: ${requests.toLocaleString('en')} requests; ${N} requests per page after ${WARMUP} warm-up`);
  const server = await startServer({ port: PORT, databasePath: DB, timeoutMs: 180_000 });
  try {
    const pid = appPid(server.pid);
    const sessions = new Map<string, Session>();
    for (const [who, label, url] of pages) {
      let session = sessions.get(who);
      if (!session) {
        session = new Session(server.url);
        await signIn(session, who, DEMO_PASSWORD);
        sessions.set(who, session);
      }
      for (let i = 0; i < WARMUP; i++) await (await session.fetch(url)).arrayBuffer();
      const walls: number[] = [];
      let bytes = 0;
      let status = 200;
      const cpu0 = processCpuMs(pid);
      for (let i = 0; i < N; i++) {
        const t = performance.now();
        const res = await session.fetch(url);
        bytes = (await res.arrayBuffer()).byteLength;
        walls.push(performance.now() - t);
        if (res.status !== 200) status = res.status;
      }
      const cpu = (processCpuMs(pid) - cpu0) / N;
      console.log(
        `${label.padEnd(44)} server CPU ${cpu.toFixed(1).padStart(6)} ms/request   wall p50 ${percentile(walls, 50).toFixed(1).padStart(7)} ms p95 ${percentile(walls, 95).toFixed(1).padStart(7)} ms   ${(bytes / 1024).toFixed(0).padStart(5)} KB HTML${status !== 200 ? `  (HTTP ${status})` : ''}`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
