// `DATABASE_PATH=<seeded demo db> npx tsx bench/stats.ts`: times computeStats itself (no HTTP) against its 300 ms target.
// Seed first with `npx tsx scripts/seed-demo.ts --reset` (about 20,000 requests over 12 months).
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { accounts, orgNodes } from '../db/schema';
import { loadUser } from '../lib/auth/load-user';
import { actorFromUser } from '../lib/cases/actor';
import { computeStats } from '../lib/stats';
import { resolvePeriod, type PeriodPreset } from '../lib/stats/period';

const RUNS = Number(process.env.BENCH_N ?? 20);
const TARGET_MS = 300;

const { db, sqlite } = openDatabase();
const viewer = (username: string) => {
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get();
  if (!account) throw new Error(`No account ${username}: seed the demo first.`);
  return actorFromUser(loadUser(db, account.id)!);
};
const gridId = db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()?.id;

const cases: { who: string; label: string; period: PeriodPreset; gridId?: number }[] = [
  { who: 'shuji', label: '龙湖社区', period: 'last_12_months' },
  { who: 'shuji', label: '龙湖社区', period: 'this_year' },
  { who: 'shuji', label: '龙湖社区', period: 'this_month' },
  { who: 'shuji', label: '龙湖社区 · 龙盛华庭', period: 'last_12_months', gridId },
  { who: 'zhenshuji', label: '龙兴镇 (township)', period: 'last_12_months' },
];

let missed = 0;
const now = new Date();
for (const c of cases) {
  const p = resolvePeriod({ period: c.period }, now);
  const v = viewer(c.who);
  const input = { from: p.from, to: p.to, gridId: c.gridId };
  const first = computeStats(db, v, input, now);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    computeStats(db, v, input, now);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[Math.floor(samples.length / 2)]!;
  const p95 = samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)]!;
  const ok = p95 < TARGET_MS;
  if (!ok) missed++;
  console.log(
    `${ok ? 'ok    ' : 'MISSED'} ${c.label.padEnd(16)} ${c.period.padEnd(15)} ${String(first.totals.received).padStart(6)} cases  p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  (target p95 < ${TARGET_MS} ms)`,
  );
}
sqlite.close();
process.exitCode = missed ? 1 : 0;
