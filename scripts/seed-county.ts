// CLI (`npm run demo:county`): builds the county-sized demo (db/demo/county.ts). SQLite: into DATABASE_PATH, by default
// .data/county.db, never the demo's database. PostgreSQL (a postgres:// DATABASE_URL): the county is generated into a
// temporary SQLite file by this same script in a child process (the generator writes SQLite in one synchronous pass),
// then moved with db:copy's code (db/pg/copy.ts), which verifies every table, as `npm run demo` does there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { COUNTY_DAYS, COUNTY_REQUESTS, COUNTY_SHAPE, seedCounty } from '../db/demo/county';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { ENGINE } from '../db/engine';
import { applyMigrations } from '../db/migrate';
import { configuredPostgresUrl, displayUrl } from '../db/migrate-configured';
import { copyVerified } from '../db/pg/copy';
import { preparePgTarget } from './pg-target';

const USAGE =
  'usage: tsx scripts/seed-county.ts [--requests=N] [--years=N] [--households=N] [--villages=N] [--communities=N] [--townships=N] [--seed=N] [--cases-until=now|<ISO date>] [--check] [--reset (PostgreSQL)]';

const shape = { ...COUNTY_SHAPE };
let requests = COUNTY_REQUESTS;
let days = COUNTY_DAYS;
let seed: number | undefined;
let now = new Date();
let check = false;
let reset = false;
for (const arg of process.argv.slice(2)) {
  const [flag, value = ''] = arg.split('=', 2) as [string, string | undefined];
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (flag === '--requests' && n > 0) requests = n;
  else if (flag === '--years' && n > 0) days = n * 365;
  else if (flag === '--households' && n > 0) shape.households = n;
  else if (flag === '--villages' && !Number.isNaN(n)) shape.villages = n;
  else if (flag === '--communities' && n >= 2) shape.communities = n;
  else if (flag === '--townships' && n > 0) shape.townships = n;
  else if (flag === '--seed' && !Number.isNaN(n)) seed = n;
  else if (flag === '--check' && value === '') check = true;
  // A PostgreSQL database is emptied only when asked (the SQLite file is always built anew beside the old one).
  else if (flag === '--reset' && value === '') reset = true;
  else if (flag === '--cases-until' && (value === 'now' || !Number.isNaN(Date.parse(value)))) now = value === 'now' ? new Date() : new Date(value);
  else {
    console.error(`Unknown argument: ${arg}\n${USAGE}`);
    process.exit(2);
  }
}

const started = performance.now();
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

/** PostgreSQL: migrate, refuse a database with data (unless --reset), generate in a child process on SQLite, copy, verify. */
async function buildOnPostgres(): Promise<number> {
  const url = configuredPostgresUrl('npm run demo:county');
  const shown = displayUrl(url);
  const nodes = await preparePgTarget(url, reset);
  if (nodes > 0) {
    console.error(`Database ${shown} already has data (${nodes} org nodes). Use --reset to empty it and build the county in it.`);
    return 1;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-county-'));
  try {
    const file = path.join(dir, 'county.db');
    const forwarded = process.argv.slice(2).filter((a) => a !== '--reset');
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, ...forwarded], {
      stdio: 'inherit',
      env: { ...process.env, YINGHUO_ENGINE: 'sqlite', DATABASE_URL: '', DATABASE_PATH: file },
    });
    if (child.status !== 0) throw new Error(`generating the county into ${file} failed (exit ${child.status ?? child.signal})`);
    const generated = seconds();
    console.log(`Moving the county to PostgreSQL ${shown} …`);
    const copied = await copyVerified({ from: file, to: url, progress: (line) => console.log(`  [${seconds()} s] ${line}`) });
    console.log(
      `Moved the county to PostgreSQL in ${(copied.copySeconds + copied.verifySeconds).toFixed(1)} s: ${copied.rows} rows copied in ${copied.copySeconds.toFixed(1)} s; ` +
        `all ${copied.checks.length} tables verified (row counts and checksums) in ${copied.verifySeconds.toFixed(1)} s.`,
    );
    console.log(`Built the county on PostgreSQL in ${seconds()} s (${generated} s to migrate and generate it in SQLite in a child process, then the move).`);
    return 0;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** SQLite: built beside the target and moved over it at the end, so a failed build never leaves half a county. */
function buildOnSqlite(): number {
  const file = path.resolve(process.env.DATABASE_PATH ?? '.data/county.db');
  const building = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(building + suffix, { force: true });
  // Wall time, and the CPU time and memory of this process so far: on a busy machine the wall time says little alone.
  const log = (line: string) => {
    const cpu = process.cpuUsage();
    const rss = process.memoryUsage().rss;
    console.log(`  [${seconds()} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, rss ${(rss / 1048576).toFixed(0)} MB] ${line}`);
  };
  console.log(
    `Building the county into ${file}: ${shape.townships} townships, ${shape.communities} communities, ${shape.villages} villages, ` +
      `${shape.households} households, ${requests} requests over ${days} days up to ${now.toISOString()}`,
  );
  const { db, sqlite } = openDatabase(building);
  let summary: ReturnType<typeof seedCounty>;
  try {
    applyMigrations(db);
    // A new file nobody else has open, thrown away if the build fails: no journal and no fsync
    // while it fills; foreign keys are checked once at the end instead of row by row.
    sqlite.pragma('journal_mode = OFF');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('foreign_keys = OFF');
    sqlite.pragma('cache_size = -131072');
    summary = seedCounty(db, { seed, shape, requests, days, now, log });
    // db/demo/county.test.ts checks a small county's keys on every test run; --check does it here too.
    if (check) {
      const broken = sqlite.prepare('PRAGMA foreign_key_check').all();
      if (broken.length > 0) throw new Error(`foreign key violations: ${JSON.stringify(broken.slice(0, 5))}`);
      log('foreign keys checked');
    }
    // No ANALYZE: the app never runs one, so the county gets the query plans a real database would.
    sqlite.pragma('journal_mode = WAL');
  } catch (error) {
    sqlite.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(building + suffix, { force: true });
    throw error;
  }
  sqlite.close();
  for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  fs.renameSync(building, file);

  const { community: c, cases, visits, tree } = summary;
  const t = c.total;
  const communities = tree.townships.flatMap((tw) => tw.communities);
  const villages = communities.filter((cm) => cm.grids.every((g) => g.rural));
  const open = (['submitted', 'accepted', 'assigned', 'in_progress', 'resolved'] as const).map((st) => `${cases.byStatus[st] ?? 0} ${st}`).join(', ');
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  const cpu = process.cpuUsage();
  console.log(`Built the county in ${seconds()} s, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU (tree ${(summary.timings.tree / 1000).toFixed(1)} s, requests ${(summary.timings.cases / 1000).toFixed(1)} s, visits ${(summary.timings.visits / 1000).toFixed(1)} s).`);
  console.log(
    `  新绛县: ${tree.townships.length} townships, ${communities.length - villages.length} communities, ${villages.length} villages, ` +
      `${t.grids} grids (${communities.reduce((n, cm) => n + cm.grids.filter((g) => g.rural).length, 0)} rural, without buildings), ${t.buildings} buildings`,
  );
  console.log(
    `  ${t.households} households, ${t.residents} residents, ${t.inServicePartyMembers} in-service + ${t.floatingPartyMembers} floating party members, ` +
      `${t.centralHouseholds} central households linking ${t.linkedHouseholds} households; ${summary.intakePoints} intake points`,
  );
  console.log(
    `  ${cases.cases} requests, ${cases.events} timeline events, ${cases.notifications} notifications; now open: ${open} (${cases.openOverdue} overdue); ` +
      `${visits.visits} visits`,
  );
  console.log(`  ${t.accounts + cases.accountsAdded.length} accounts, password ${DEMO_PASSWORD}: admin; xianshuji (county); zhenshuji, zs02–zs${String(tree.townships.length).padStart(2, '0')} (townships);`);
  console.log(`    shuji (龙湖社区), fqshuji (府前社区), sq003–sq${String(communities.length).padStart(3, '0')} (communities and villages in tree order); wg01–wg12, wg21, wg00301… (grid workers);`);
  console.log(`    dy01–dy05 and ${cases.accountsAdded.filter((u) => u.startsWith('dy')).length} more party members; dw/bm unit liaisons`);
  console.log(`  Database ${mb(fs.statSync(file).size)}; peak memory (RSS) ${mb(process.resourceUsage().maxRSS * 1024)}.`);
  return 0;
}

(ENGINE === 'pg' ? buildOnPostgres() : Promise.resolve().then(buildOnSqlite)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`Building the county failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
