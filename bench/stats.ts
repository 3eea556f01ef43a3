// `DATABASE_PATH=<seeded db> npx tsx bench/stats.ts`: times computeStats (from the aggregates) and computeStatsDirect (every case) in-process, no HTTP.
// Seed first with `npx tsx scripts/seed-demo.ts --reset` (about 20,000 requests over 12 months); bench/stats-scale-db.ts
// makes bigger databases from it. Targets (issue #11): a community over 12 months p95 < 200 ms, the whole county < 500 ms.
// On a shared machine the minimum shows the cost, p95 mostly the neighbours. BENCH_N runs per figure (default 20); BENCH_DIRECT=0 skips the direct computation (slow on big databases).
import { count, eq } from 'drizzle-orm';
import { openStore } from '../db/store';
import { accounts, cases, orgNodes } from '../db/tables';
import { loadUser } from '../lib/auth/load-user';
import { actorFromUser } from '../lib/cases/actor';
import { computeStats, computeStatsDirect } from '../lib/stats';
import { resolvePeriod, type PeriodPreset } from '../lib/stats/period';
import type { StatsPeriod } from '../lib/stats/types';

const RUNS = Number(process.env.BENCH_N ?? 20);
const DIRECT = process.env.BENCH_DIRECT !== '0';
const COMMUNITY_TARGET_MS = 200;
const COUNTY_TARGET_MS = 500;

async function main() {
// SQLite (DATABASE_PATH) or PostgreSQL (DATABASE_URL), as the app chooses.
const store = openStore();
const { db } = store;
const viewer = async (username: string) => {
  const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).limit(1);
  if (!account) throw new Error(`No account ${username}: seed the demo first.`);
  return actorFromUser((await loadUser(db, account.id))!);
};
const [grid] = await db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).limit(1);
const gridId = grid?.id;
const [caseCount] = await db.select({ n: count() }).from(cases);
const [gridCount] = await db.select({ n: count() }).from(orgNodes).where(eq(orgNodes.kind, 'grid'));
console.log(`${process.env.DATABASE_URL ? 'PostgreSQL' : (process.env.DATABASE_PATH ?? '.data/yinghuo.db')}: ${caseCount!.n.toLocaleString('en')} requests, ${gridCount!.n} grids; ${RUNS} runs each after one warm-up`);

const scenarios: { who: string; label: string; period: PeriodPreset | { from: string; to: string }; gridId?: number; target: number }[] = [
  { who: 'shuji', label: '龙湖社区', period: 'last_12_months', target: COMMUNITY_TARGET_MS },
  { who: 'shuji', label: '龙湖社区', period: 'this_year', target: COMMUNITY_TARGET_MS },
  { who: 'shuji', label: '龙湖社区', period: 'last_month', target: COMMUNITY_TARGET_MS },
  { who: 'shuji', label: '龙湖社区', period: { from: '2026-02-10', to: '2026-08-20' }, target: COMMUNITY_TARGET_MS },
  { who: 'shuji', label: '龙湖社区 · 龙盛华庭', period: 'last_12_months', gridId, target: COMMUNITY_TARGET_MS },
  { who: 'zhenshuji', label: '龙兴镇 (township)', period: 'last_12_months', target: COUNTY_TARGET_MS },
  { who: 'admin', label: '新绛县 (county)', period: 'last_12_months', target: COUNTY_TARGET_MS },
];

async function time(fn: () => Promise<unknown>): Promise<{ min: number; p50: number; p95: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { min: samples[0]!, p50: samples[Math.floor(samples.length / 2)]!, p95: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)]! };
}

let missed = 0;
const now = new Date();
const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
for (const c of scenarios) {
  const p = typeof c.period === 'string' ? resolvePeriod({ period: c.period }, now) : resolvePeriod({ period: 'custom', ...c.period }, now);
  const v = await viewer(c.who);
  const input: StatsPeriod = { from: p.from, to: p.to, gridId: c.gridId };
  const received = (await computeStats(db, v, input, now)).totals.received;
  const fast = await time(() => computeStats(db, v, input, now));
  const direct = DIRECT ? await time(() => computeStatsDirect(db, v, input, now)) : null;
  const ok = fast.p95 < c.target;
  if (!ok) missed++;
  const name = typeof c.period === 'string' ? c.period : `${c.period.from}…${c.period.to}`;
  console.log(
    `${ok ? 'ok    ' : 'MISSED'} ${c.label.padEnd(18)} ${name.padEnd(22)} ${String(received).padStart(7)} cases  fast min ${ms(fast.min)} p50 ${ms(fast.p50)} p95 ${ms(fast.p95)}` +
      (direct ? `  | direct min ${ms(direct.min)} p50 ${ms(direct.p50)} p95 ${ms(direct.p95)}  (${(direct.p50 / fast.p50).toFixed(1)}× faster)` : '') +
      `  target p95 < ${c.target} ms`,
  );
}
await store.close();
process.exitCode = missed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
