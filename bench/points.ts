// `npm run bench:points`: server time of a resident's sign-up for a volunteer activity (lib/points/activities.ts
// signUp: the per-address throttle, then the locked capacity check, household match and insert), on the demo
// database with its year of points; one at a time, and in bursts of concurrent sign-ups for one activity.
// SQLite by default; `YINGHUO_ENGINE=pg npm run bench:points` runs the same on a throwaway PostgreSQL copy.
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, eq, isNotNull, like } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { seedDemoPoints } from '../db/demo/points';
import { ENGINE } from '../db/engine';
import { copyVerified } from '../db/pg/copy';
import { createPgTestDatabase } from '../db/pg/testing';
import { accounts, households, orgNodes, persons } from '../db/schema';
import { openPgStore, openSqliteStore, type Store } from '../db/store';
import { loadUser } from '../lib/auth/load-user';
import { createActivity, signUp, signUpSchema } from '../lib/points/activities';
import { prepareDatabase } from './seed';
import { printTable, timingRow, type Row } from './table';

const DATABASE = path.resolve('.data/bench-points.db');
const N = Number(process.env.BENCH_N ?? 300);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 30);
/** The target for a sign-up's server time. */
const TARGET_P95 = 50;
const BURST = 20;

async function main(): Promise<number> {
  // BENCH_REUSE=1: the database of an earlier run (seeding the year of requests takes a minute or more).
  const reuse = process.env.BENCH_REUSE === '1' && fs.existsSync(DATABASE);
  if (!reuse) {
    console.log(`Seeding a fresh demo database at ${DATABASE} …`);
    const data = await prepareDatabase(DATABASE);
    const seeded = openDatabase(DATABASE);
    const points = seedDemoPoints(seeded.db, { now: new Date() });
    seeded.sqlite.close();
    console.log(`  ${data.cases} cases, ${points.activities} activities, ${points.entries} ledger entries in ${data.seedMs} ms (+ points).`);
  }
  const { db, sqlite } = openDatabase(DATABASE);
  const wg01 = (await loadUser(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!.id))!;
  const grid = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, '龙盛华庭'))).get()!;
  const communityId = grid.parentId!;
  // Residents of the grid with a phone: half the sign-ups match a household, half are strangers.
  const people = db
    .select({ name: persons.name, phone: persons.phone, householdId: persons.householdId })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .where(and(like(households.nodePath, `${grid.path}%`), isNotNull(persons.phone), eq(persons.status, 'present')))
    .orderBy(asc(persons.householdId), asc(persons.id))
    .all();
  // One resident per household: a second member's sign-up for the same activity is (rightly) refused.
  const residents = people.filter((p, i) => i === 0 || people[i - 1]!.householdId !== p.householdId);
  sqlite.close();

  let store: Store;
  let cleanup = async () => {};
  if (ENGINE === 'pg') {
    const database = await createPgTestDatabase();
    await copyVerified({ from: DATABASE, to: database.url });
    store = openPgStore(database.pool);
    cleanup = async () => {
      await store.close();
      await database.close();
    };
  } else {
    const file = openDatabase(DATABASE);
    store = openSqliteStore(DATABASE, { writer: file.sqlite });
    cleanup = async () => {
      await store.close();
      file.sqlite.close();
    };
  }

  const actor = { id: wg01.id, role: wg01.role, scope: wg01.scope };
  const newActivity = async (capacity: number) => {
    const r = await createActivity(store, actor, { nodeId: grid.id, kind: 'environment', title: '基准测试活动', place: '党群服务站', startsAt: new Date(Date.now() + 7 * 86_400_000), points: 5, capacity });
    if (!r.ok) throw new Error(r.message);
    return r.activityId;
  };
  let k = 0;
  const input = (activityId: number) => {
    const i = k++;
    const resident = i % 2 === 0 ? residents[(i / 2) % residents.length] : undefined;
    // A fresh phone for every sign-up (one sign-up per phone and activity); matching residents keep their own.
    return signUpSchema.parse({ activityId: String(activityId), name: resident?.name ?? `志愿者${i}`, phone: resident && i < residents.length * 2 ? resident.phone! : `137${String(10_000_000 + i).slice(-8)}` });
  };
  const ip = () => `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;

  const rows: Row[] = [];
  try {
    // One at a time: each on an activity of its own half the time, so the capacity count sees real sign-up lists.
    const activities = [await newActivity(100_000), await newActivity(100_000)];
    const sequential: number[] = [];
    let refused = 0;
    for (let i = 0; i < WARMUP + N; i++) {
      const started = performance.now();
      const r = await signUp(store, { communityId, input: input(activities[i % 2]!), ip: ip() });
      const elapsed = performance.now() - started;
      if (!r.ok) refused++;
      if (i >= WARMUP) sequential.push(elapsed);
    }
    rows.push(timingRow(`signUp() one at a time (${ENGINE})`, { samples: sequential, meanBytes: 0, unexpected: refused ? new Map([[409, refused]]) : new Map() }, TARGET_P95));

    // Bursts: BURST residents at once for one activity with BURST/2 places (half are told it is full).
    const burst: number[] = [];
    let accepted = 0;
    let full = 0;
    for (let b = 0; b < Math.ceil(N / BURST); b++) {
      const activityId = await newActivity(BURST / 2);
      const results = await Promise.all(
        Array.from({ length: BURST }, async () => {
          const started = performance.now();
          const r = await signUp(store, { communityId, input: input(activityId), ip: ip() });
          burst.push(performance.now() - started);
          return r;
        }),
      );
      accepted += results.filter((r) => r.ok).length;
      full += results.filter((r) => !r.ok && r.message.includes('名额已满')).length;
    }
    const bursts = Math.ceil(N / BURST);
    const capacityHeld = accepted === bursts * (BURST / 2) && full === bursts * (BURST / 2);
    rows.push({
      ...timingRow(`signUp() ${BURST} at once for ${BURST / 2} places (${ENGINE})`, { samples: burst, meanBytes: 0, unexpected: new Map() }, TARGET_P95),
      note: capacityHeld ? `capacity held: ${accepted} accepted, ${full} told it is full` : `CAPACITY BROKEN: ${accepted} accepted, ${full} full`,
    });
    if (!capacityHeld) rows[rows.length - 1]!.ok = false;
  } finally {
    await cleanup();
  }
  printTable(['what', 'n', 'bytes', 'p50', 'p95', 'max', 'target'], rows);
  return rows.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
