// The benchmark's database: a fresh demo community with its year of requests, an API token, and what to ask for.
import fs from 'node:fs';
import { and, eq, inArray, like } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { seedDemoCases } from '../db/demo/cases';
import { seedDemoPledges } from '../db/demo/pledges';
import { seedDemoVisits } from '../db/demo/visits';
import { DEFAULT_DEMO_SEED, seedDemo } from '../db/demo/generate';
import { Random } from '../db/demo/random';
import { applyMigrations } from '../db/migrate';
import { accounts, cases, orgNodes } from '../db/schema';
import { openSqliteStore } from '../db/store';
import { createApiToken } from '../lib/api/tokens';
import { loadUser } from '../lib/auth/load-user';
import { createDemoIntakePoints } from '../lib/cases/intake-points';

/**
 * A copy of a database through SQLite's own VACUUM INTO (a source with an unmerged WAL copies whole), so a
 * benchmark's writes stay out of someone else's database (e.g. the county's).
 */
export function copyDatabase(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(to + suffix, { force: true });
  const { sqlite } = openDatabase(from);
  try {
    sqlite.exec(`VACUUM INTO '${to.replaceAll("'", "''")}'`);
  } finally {
    sqlite.close();
  }
}

export interface BenchData {
  /** Bearer token of an integration scoped to 龙湖社区. */
  token: string;
  /** A building of wg01's grid, where the benchmark logs its requests. */
  buildingId: number;
  /** Case numbers of wg01's grid, mixed statuses, for the case page. */
  caseNumbers: string[];
  cases: number;
  seedMs: number;
}

export async function prepareDatabase(file: string): Promise<BenchData> {
  // The -wal and -shm files belong to the old database; left behind they would corrupt the new one.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const started = performance.now();
  const { db, sqlite } = openDatabase(file);
  // As scripts/seed-demo.ts: the bulk generators write in one synchronous pass on this connection; the QR codes and
  // the token are the app's own commands, through a store that writes on the same connection.
  const store = openSqliteStore(file, { writer: sqlite });
  try {
    applyMigrations(db);
    seedDemo(db);
    await createDemoIntakePoints(store, new Random(DEFAULT_DEMO_SEED).fork(10));
    const summary = seedDemoCases(db, { now: new Date() });
    seedDemoVisits(db, { now: new Date() });
    seedDemoPledges(db, { now: new Date() });

    const admin = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin')).get();
    const adminUser = admin && (await loadUser(db, admin.id));
    const community = db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, '龙湖社区'))).get();
    const grid = db.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, '龙盛华庭'))).get();
    if (!adminUser || !community || !grid) throw new Error('bench: the demo community is incomplete');
    const token = await createApiToken(store, adminUser, { name: '性能基准测试', nodeId: community.id });
    if (!token.ok) throw new Error(`bench: could not issue an API token: ${token.message}`);

    const building = db
      .select({ id: orgNodes.id })
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`)))
      .orderBy(orgNodes.sortOrder)
      .get();
    if (!building) throw new Error('bench: 龙盛华庭 has no buildings');
    // Open work first (the pages grid workers open most), then a spread of closed history.
    const open = db
      .select({ number: cases.number })
      .from(cases)
      .where(and(eq(cases.gridId, grid.id), inArray(cases.status, ['submitted', 'accepted', 'assigned', 'in_progress', 'resolved'])))
      .all();
    const closed = db
      .select({ number: cases.number })
      .from(cases)
      .where(and(eq(cases.gridId, grid.id), inArray(cases.status, ['closed', 'rejected', 'duplicate'])))
      .all();
    const sample = closed.filter((_, i) => i % Math.max(1, Math.floor(closed.length / 40)) === 0);
    const caseNumbers = [...open.map((c) => c.number), ...sample.map((c) => c.number)];
    if (caseNumbers.length === 0) throw new Error('bench: no cases in 龙盛华庭');
    return { token: token.secret, buildingId: building.id, caseNumbers, cases: summary.cases, seedMs: Math.round(performance.now() - started) };
  } finally {
    await store.close();
    sqlite.close();
  }
}
