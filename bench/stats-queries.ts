// `npx tsx bench/stats-queries.ts <db> [username] [period]`: which statement of the statistics costs what, in-process.
// Runs computeStats (the stats page's call: the 30 busiest handlers, the scope's grids read first) for the account over
// the period (default last_12_months) BENCH_N times after BENCH_WARMUP, timing every SQLite statement it runs (their
// text, rows and milliseconds, summed over the runs) and the JavaScript between them (the rest of computeStats).
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { openSqliteStore } from '../db/store';
import { accounts } from '../db/tables';
import { loadUser } from '../lib/auth/load-user';
import { actorFromUser } from '../lib/cases/actor';
import { computeStats } from '../lib/stats';
import { gridsInScope } from '../lib/stats/grids';
import { BREAKDOWN_TOP, BREAKDOWN_WHOLE_UP_TO, resolvePeriod, PERIOD_PRESETS, type PeriodPreset } from '../lib/stats/period';

const [file, username = 'xianshuji', preset = 'last_12_months'] = process.argv.slice(2);
const N = Number(process.env.BENCH_N ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);

type Cost = { ms: number; rows: number; calls: number };
const costs = new Map<string, Cost>();
let measuring = false;
let sqlMs = 0;

// Every statement prepared from now on reports its time under its SQL text.
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, source: string) {
  const statement = prepare.call(this, source) as Database.Statement;
  for (const method of ['all', 'get', 'run', 'iterate'] as const) {
    const original = statement[method] as (...args: unknown[]) => unknown;
    (statement as unknown as Record<string, unknown>)[method] = function (this: Database.Statement, ...args: unknown[]) {
      const t = performance.now();
      const result = original.apply(this, args);
      const ms = performance.now() - t;
      if (measuring) {
        const key = source.replace(/\s+/g, ' ').trim();
        const c = costs.get(key) ?? { ms: 0, rows: 0, calls: 0 };
        c.ms += ms;
        c.calls++;
        c.rows += Array.isArray(result) ? result.length : 0;
        costs.set(key, c);
        sqlMs += ms;
      }
      return result;
    };
  }
  return statement;
} as typeof prepare;

async function main() {
  if (!file) throw new Error('usage: tsx bench/stats-queries.ts <db> [username] [period]');
  if (!(PERIOD_PRESETS as readonly string[]).includes(preset)) throw new Error(`period: one of ${PERIOD_PRESETS.join(', ')}`);
  const store = openSqliteStore(file);
  const db = store.db;
  const [account] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username));
  const user = account && (await loadUser(db, account.id));
  if (!user) throw new Error(`no account ${username}`);
  const now = new Date();
  const period = resolvePeriod({ period: preset as PeriodPreset }, now);
  const run = async () => {
    const grids = await gridsInScope(db, user.scope);
    return computeStats(db, actorFromUser(user), { from: period.from, to: period.to }, now, { top: BREAKDOWN_TOP, wholeUpTo: BREAKDOWN_WHOLE_UP_TO }, grids);
  };
  for (let i = 0; i < WARMUP; i++) await run();
  measuring = true;
  const walls: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await run();
    walls.push(performance.now() - t);
  }
  measuring = false;
  walls.sort((a, b) => a - b);
  const total = walls.reduce((a, b) => a + b, 0);
  console.log(`${username}, ${period.label}: computeStats p50 ${walls[Math.floor(N / 2)]!.toFixed(1)} ms, mean ${(total / N).toFixed(1)} ms; SQL ${(sqlMs / N).toFixed(1)} ms, the rest (JavaScript) ${((total - sqlMs) / N).toFixed(1)} ms per call`);
  for (const [source, c] of [...costs].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`${(c.ms / N).toFixed(2).padStart(8)} ms ${String(Math.round(c.rows / N)).padStart(6)} rows ${String(c.calls / N).padStart(4)}×  ${source.slice(0, 400)}`);
  }
  await store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
