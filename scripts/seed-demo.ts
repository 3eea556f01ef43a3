// CLI: migrates the database at DATABASE_PATH and fills it with the deterministic demo community.
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { databasePath, openDatabase } from '../db/client';
import { DEMO_PASSWORD, seedDemo } from '../db/demo/generate';
import { applyMigrations } from '../db/migrate';
import { orgNodes } from '../db/schema';

const USAGE = 'usage: tsx scripts/seed-demo.ts [--reset] [--if-empty] [--seed=N]';

function parseArgs(argv: readonly string[]): { reset: boolean; ifEmpty: boolean; seed?: number } {
  const out: { reset: boolean; ifEmpty: boolean; seed?: number } = { reset: false, ifEmpty: false };
  for (const arg of argv) {
    if (arg === '--reset') out.reset = true;
    else if (arg === '--if-empty') out.ifEmpty = true;
    else if (arg.startsWith('--seed=') && /^\d+$/.test(arg.slice(7))) out.seed = Number(arg.slice(7));
    else {
      console.error(`Unknown argument: ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const file = databasePath();

if (args.reset) {
  // The -wal and -shm files belong to the old database; left behind they would corrupt the new one.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

const { db, sqlite } = openDatabase(file);
try {
  applyMigrations(db);
  const nodes = db.select({ n: sql<number>`count(*)` }).from(orgNodes).get()?.n ?? 0;
  if (nodes > 0) {
    if (args.ifEmpty) {
      console.log(`Database ${file} already has data (${nodes} org nodes); not seeding.`);
    } else {
      console.error(`Database ${file} already has data (${nodes} org nodes). Use --reset to start over, or --if-empty to skip.`);
      process.exitCode = 1;
    }
  } else {
    const started = performance.now();
    const summary = seedDemo(db, { seed: args.seed });
    const elapsed = Math.round(performance.now() - started);
    const l = summary.longhu;
    const t = summary.total;
    console.log(`Seeded demo data into ${file} (seed ${summary.seed}) in ${elapsed} ms.`);
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
  }
} finally {
  sqlite.close();
}
