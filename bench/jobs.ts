// `npx tsx bench/jobs.ts`: each background job of lib/jobs/scheduler.ts run once on a SQLite file (DATABASE_PATH, a
// copy of your own: the jobs write to it; e.g. a copy of the county), with its wall time and the longest time it held
// the event loop without a break — what every request of the server waits at worst while the job runs: the longest
// gap between two ticks of a 1 ms interval timer (perf_hooks' monitorEventLoopDelay missed whole seconds-long holds
// here), and the most CPU the process used between two ticks (on a machine busy with other work, a hold's wall time
// is mostly waiting for a core; its CPU is what the job itself costs). Target: no hold over HOLD_TARGET_MS of CPU.
//
// With nothing due (as on most runs) a job only reads; to measure it at work on the same data:
//   --claims-since-epoch    credit every party member's resolved claim ever (not only the last week's)
//   --retention-months=N    purge the personal data of cases finished more than N months ago (writes the setting)
//   --close-at=ISO          close the cases whose rating window had passed by then, instead of now
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { ENGINE } from '../db/engine';
import { applyMigrations } from '../db/migrate';
import { openSqliteStore, type Store } from '../db/store';
import { settings } from '../db/tables';
import { closeUnratedCases } from '../lib/cases/commands';
import { photoStore } from '../lib/cases/photos';
import { purgeAllExpiredPersonalData } from '../lib/pipl/retention';
import { creditResolvedClaims } from '../lib/points/claims';
import { sweepStagedUploads } from '../lib/registry/import/uploads';
import { ms, printTable, type Row } from './table';

const option = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1] ?? (process.argv.includes(`--${name}`) ? '' : undefined);

const HOLD_TARGET_MS = 50;

type Measured = { wallMs: number; cpuMs: number; longestGapMs: number; heaviestSliceCpuMs: number; result: string };

/** Runs `job` while a 1 ms timer watches how long the event loop goes without a turn. */
async function watch(job: () => Promise<string>): Promise<Measured> {
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longestGapMs = 0;
  let heaviestSliceCpuMs = 0;
  const ticker = setInterval(() => {
    const at = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    longestGapMs = Math.max(longestGapMs, at - last);
    heaviestSliceCpuMs = Math.max(heaviestSliceCpuMs, (cpu.user + cpu.system) / 1000);
    last = at;
    lastCpu = process.cpuUsage();
  }, 1);
  const started = performance.now();
  const startCpu = process.cpuUsage();
  const result = await job();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(startCpu);
  // One more tick after the job, so a slice at its very end is counted too.
  await new Promise((resolve) => setTimeout(resolve, 5));
  clearInterval(ticker);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, longestGapMs, heaviestSliceCpuMs, result };
}

async function main() {
  if (ENGINE !== 'sqlite') throw new Error('bench/jobs.ts measures a SQLite file: unset DATABASE_URL');
  const file = path.resolve(process.env.DATABASE_PATH ?? '');
  if (!process.env.DATABASE_PATH || !fs.existsSync(file)) throw new Error('bench/jobs.ts: set DATABASE_PATH to a SQLite file of your own (the jobs write to it)');
  const opened = openDatabase(file);
  applyMigrations(opened.db);
  opened.sqlite.close();
  const store: Store = openSqliteStore(file);
  const now = new Date();
  const retention = option('retention-months');
  if (retention) {
    await store.write(async (tx) => {
      await tx.insert(settings).values({ key: 'retention_months', value: retention, updatedAt: now }).onConflictDoUpdate({ target: settings.key, set: { value: retention, updatedAt: now } });
    });
  }
  const closeAt = option('close-at');
  const jobs: [string, () => Promise<string>][] = [
    ['close-unrated-cases', async () => `${await closeUnratedCases(store, closeAt ? new Date(closeAt) : now)} closed`],
    [
      'purge-expired-personal-data',
      async () => {
        const purged = await purgeAllExpiredPersonalData(store, now);
        return `${purged.cases} cases, ${purged.signups} sign-ups purged`;
      },
    ],
    ['sweep-staged-imports', async () => `${await sweepStagedUploads(store, photoStore(), now)} removed`],
    ['credit-claim-points', async () => `${await creditResolvedClaims(store, now, option('claims-since-epoch') !== undefined ? { since: new Date(0) } : {})} credited`],
  ];
  const rows: Row[] = [];
  try {
    for (const [name, job] of jobs) {
      const m = await watch(job);
      rows.push({ cells: [name, m.result, ms(m.wallMs), ms(m.cpuMs), ms(m.longestGapMs), ms(m.heaviestSliceCpuMs), `< ${HOLD_TARGET_MS} ms`], ok: m.heaviestSliceCpuMs < HOLD_TARGET_MS });
      console.log(`${name}: ${m.result} in ${ms(m.wallMs)} (CPU ${ms(m.cpuMs)}); longest hold of the event loop ${ms(m.longestGapMs)}, most CPU in one slice ${ms(m.heaviestSliceCpuMs)}`);
    }
  } finally {
    await store.close();
  }
  if (retention) console.log(`(retention set to ${retention} months in ${file})`);
  printTable(['job', 'did', 'wall', 'CPU', 'longest hold (wall)', 'longest hold (CPU)', 'target'], rows);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
