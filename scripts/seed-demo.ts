// CLI (`npm run db:seed`, `npm run demo`, `npm run demo:reset`): migrates the configured database and fills it with
// the deterministic demo community. SQLite: the file at DATABASE_PATH. PostgreSQL (a postgres:// DATABASE_URL): the
// demo is generated into a temporary SQLite file by this same script in a child process (the generator writes
// SQLite; a PostgreSQL process's tables are PostgreSQL's), then moved with db:copy's code (db/pg/copy.ts), which
// verifies every table.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { databasePath, openDatabase } from '../db/client';
import { seedDemoCases } from '../db/demo/cases';
import { seedDemoPledges } from '../db/demo/pledges';
import { seedDemoCoBuilding } from '../db/demo/co-building';
import { seedDemoVisits } from '../db/demo/visits';
import { seedDemoPoints } from '../db/demo/points';
import { DEFAULT_DEMO_SEED, DEMO_PASSWORD, seedDemo } from '../db/demo/generate';
import { Random } from '../db/demo/random';
import { ENGINE } from '../db/engine';
import { applyMigrations } from '../db/migrate';
import { configuredPostgresUrl, displayUrl } from '../db/migrate-configured';
import { copyVerified } from '../db/pg/copy';
import { orgNodes as sqliteOrgNodes } from '../db/schema';
import { openSqliteStore, type Store } from '../db/store';
import { preparePgTarget } from './pg-target';
import { createDemoIntakePoints } from '../lib/cases/intake-points';

const USAGE = 'usage: tsx scripts/seed-demo.ts [--reset] [--if-empty] [--seed=N] [--cases-until=now|<ISO date>] [--requests=N]';

type Args = { reset: boolean; ifEmpty: boolean; seed?: number; casesUntil?: Date; requests?: number };

function parseArgs(argv: readonly string[]): Args {
  const out: Args = { reset: false, ifEmpty: false };
  for (const arg of argv) {
    const until = arg.startsWith('--cases-until=') ? arg.slice('--cases-until='.length) : null;
    if (arg === '--reset') out.reset = true;
    else if (arg === '--if-empty') out.ifEmpty = true;
    else if (arg.startsWith('--seed=') && /^\d+$/.test(arg.slice(7))) out.seed = Number(arg.slice(7));
    // Fewer requests than the demo's year (about 20,000), for tests and quick looks.
    else if (/^--requests=\d{1,6}$/.test(arg)) out.requests = Number(arg.slice('--requests='.length));
    // The demo's year of requests ends on a fixed date unless told to end now, as a live demo would.
    else if (until !== null && (until === 'now' || !Number.isNaN(Date.parse(until)))) out.casesUntil = until === 'now' ? new Date() : new Date(until);
    else {
      console.error(`Unknown argument: ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));

/** The database already holds a community: fine with --if-empty, refused otherwise. */
function alreadySeeded(where: string, nodes: number): number {
  if (args.ifEmpty) {
    console.log(`Database ${where} already has data (${nodes} org nodes); not seeding.`);
    return 0;
  }
  console.error(`Database ${where} already has data (${nodes} org nodes). Use --reset to start over, or --if-empty to skip.`);
  return 1;
}

async function seedSqlite(): Promise<number> {
  const file = databasePath();
  if (args.reset) {
    // The -wal and -shm files belong to the old database; left behind they would corrupt the new one.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
  const { db, sqlite } = openDatabase(file);
  try {
    applyMigrations(db);
    const nodes = db.select({ n: sql<number>`count(*)` }).from(sqliteOrgNodes).get()?.n ?? 0;
    if (nodes > 0) return alreadySeeded(file, nodes);
    // The bulk generators (db/demo) write in one synchronous pass on this connection; the QR codes are the app's own
    // command, through a store that writes on the same connection.
    const store = openSqliteStore(file, { writer: sqlite });
    try {
      await generate(db, store, file);
    } finally {
      await store.close();
    }
    return 0;
  } finally {
    sqlite.close();
  }
}

async function seedPostgres(): Promise<number> {
  const url = configuredPostgresUrl('npm run db:seed');
  const shown = displayUrl(url);
  const nodes = await preparePgTarget(url, args.reset);
  if (nodes > 0) return alreadySeeded(shown, nodes);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-demo-'));
  try {
    const file = path.join(dir, 'demo.db');
    const forwarded = process.argv.slice(2).filter((a) => a !== '--reset' && a !== '--if-empty');
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, ...forwarded], {
      stdio: 'inherit',
      env: { ...process.env, YINGHUO_ENGINE: 'sqlite', DATABASE_URL: '', DATABASE_PATH: file },
    });
    if (child.status !== 0) throw new Error(`generating the demo into ${file} failed (exit ${child.status ?? child.signal})`);
    console.log(`Moving the demo to PostgreSQL ${shown} …`);
    const copied = await copyVerified({ from: file, to: url });
    console.log(
      `  Copied ${copied.rows} rows in ${copied.copySeconds.toFixed(1)} s; all ${copied.checks.length} tables verified (row counts and checksums) in ${copied.verifySeconds.toFixed(1)} s.`,
    );
    return 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(ENGINE === 'pg' ? seedPostgres() : seedSqlite()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

async function generate(db: ReturnType<typeof openDatabase>['db'], store: Store, where: string): Promise<void> {
  const started = performance.now();
  const summary = seedDemo(db, { seed: args.seed });
  const elapsed = Math.round(performance.now() - started);
  const l = summary.longhu;
  const t = summary.total;
  console.log(`Seeded demo data into ${where} (seed ${summary.seed}) in ${elapsed} ms.`);
  console.log(
    `  龙湖社区: ${l.grids} grids, ${l.buildings} buildings, ${l.households} households, ${l.residents} residents, ` +
      `${l.inServicePartyMembers} in-service + ${l.floatingPartyMembers} floating party members, ` +
      `${l.centralHouseholds} central households linking ${l.linkedHouseholds} households, ${l.elderly80Households} households with 80+ elderly`,
  );
  console.log(
    `  All: ${t.orgNodes} org nodes, ${t.households} households, ${t.residents} residents, ` +
      `${t.inServicePartyMembers + t.floatingPartyMembers} party members, ${t.centralHouseholds} central households, ` +
      `${t.units} units, ${t.categories} categories, ${t.accounts} accounts`,
  );
  console.log(`  Accounts (password ${DEMO_PASSWORD}): ${summary.accounts.map((a) => a.username).join(', ')}`);

  // Residents scan these QR codes to submit; the demo requests below point at them.
  const intake = await createDemoIntakePoints(store, new Random(summary.seed ?? DEFAULT_DEMO_SEED).fork(10));
  const casesStarted = performance.now();
  // The year of requests ends now by default, so the demo looks like today's work (open,
  // due and overdue cases relative to the clock); pass --cases-until=<date> for a fixed snapshot.
  const cases = seedDemoCases(db, { seed: args.seed, now: args.casesUntil ?? new Date(), count: args.requests });
  const casesElapsed = Math.round(performance.now() - casesStarted);
  const open = (['submitted', 'accepted', 'assigned', 'in_progress', 'resolved'] as const).map((st) => `${cases.byStatus[st] ?? 0} ${st}`).join(', ');
  console.log(`  ${intake} intake points (QR codes of grids, buildings and 微光心愿箱).`);
  console.log(
    `  Requests over the last 12 months: ${cases.cases} cases, ${cases.events} timeline events, ${cases.notifications} notifications, in ${casesElapsed} ms; ` +
      `now open: ${open} (${cases.openOverdue} overdue).`,
  );
  console.log(`  Accounts added for the requests: ${usernameRanges(cases.accountsAdded)} (party members claiming wishes, unit liaisons)`);
  const visitsStarted = performance.now();
  // The same clock as the requests: the visit ledger ends today too.
  const visits = seedDemoVisits(db, { seed: args.seed, now: args.casesUntil ?? new Date() });
  console.log(
    `  Visits (民情账本) over the last 12 months: ${visits.visits} visits to ${visits.households} households, in ${Math.round(performance.now() - visitsStarted)} ms; ` +
      `${visits.dueNow} households due a visit today.`,
  );
  const pledgesStarted = performance.now();
  // 党员每月一件事 on the same clock: the claims above are pledges, the rest from the list or the members' own.
  const pledged = seedDemoPledges(db, { seed: args.seed, now: args.casesUntil ?? new Date() });
  console.log(
    `  Pledges (党员每月一件事) over the last 12 months: ${pledged.pledges} pledges by ${pledged.members} members, ${pledged.evaluated} evaluated, ` +
      `${pledged.items} list items, in ${Math.round(performance.now() - pledgesStarted)} ms.`,
  );
  // After the requests: the needs gather some of them.
  const co = seedDemoCoBuilding(db, { seed: args.seed, now: args.casesUntil ?? new Date() });
  console.log(
    `  大党委 (龙湖社区): ${co.resources} unit resources, ${co.meetings} joint meetings, ${co.needs} needs gathering ${co.gatheredRequests} requests, ` +
      `${co.projects} projects (${co.byStatus.done} done, ${co.byStatus.in_progress} in progress, ${co.byStatus.not_started} not started, ${co.byStatus.shelved} shelved).`,
  );
  const pointsStarted = performance.now();
  const points = seedDemoPoints(db, { seed: args.seed, now: args.casesUntil ?? new Date() });
  console.log(
    `  Volunteer points over the last 12 months: ${points.activities} activities, ${points.signups} sign-ups (${points.attended} attended), ` +
      `${points.entries} ledger entries, ${points.redemptions} redemptions of ${points.goods} goods, ${points.cards} cards, in ${Math.round(performance.now() - pointsStarted)} ms.`,
  );
}

/** "dy06–dy108, dw03–dw10": consecutive account names by prefix. */
function usernameRanges(names: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const prefix = n.replace(/\d+$/, '');
    groups.set(prefix, [...(groups.get(prefix) ?? []), n]);
  }
  return [...groups.values()].map((g) => (g.length > 1 ? `${g[0]}–${g[g.length - 1]}` : g[0])).join(', ');
}
