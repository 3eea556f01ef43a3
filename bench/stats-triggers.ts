// `DATABASE_PATH=<seeded demo db> npx tsx bench/stats-triggers.ts`: what the statistics triggers add to each case write, in-process.
// Two copies of the database (VACUUM INTO a temporary folder), one without the stats_* triggers; the same creates and
// lifecycle actions (accept, handle_self, resolve, rate) run on each, alternating rounds, and the per-write times are compared.
// Times are CPU time of this process (process.cpuUsage), which a busy shared machine disturbs less than the clock.
// BENCH_N cases per round (default 300), BENCH_ROUNDS rounds (default 3).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, like } from 'drizzle-orm';
import { openDatabase, type DB } from '../db/client';
import { accounts, cases, categories, orgNodes } from '../db/schema';
import { loadUserSync } from '../lib/auth/load-user';
import { actorFromUser } from '../lib/cases/actor';
import { createCaseSync, performActionSync } from '../lib/cases/commands';

const N = Number(process.env.BENCH_N ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const source = openDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-triggers-'));
const files = { with: path.join(dir, 'with.db'), without: path.join(dir, 'without.db') };
for (const file of Object.values(files)) source.sqlite.exec(`vacuum into '${file}'`);
source.sqlite.close();

const dbs = Object.fromEntries(
  Object.entries(files).map(([name, file]) => {
    const opened = openDatabase(file);
    if (name === 'without') {
      const triggers = opened.sqlite.prepare(`select name from sqlite_master where type = 'trigger' and name like 'stats\\_%' escape '\\'`).all() as { name: string }[];
      if (triggers.length === 0) throw new Error('no stats_* triggers: apply the migrations first');
      for (const t of triggers) opened.sqlite.exec(`drop trigger ${t.name}`);
    }
    return [name, opened];
  }),
) as Record<keyof typeof files, ReturnType<typeof openDatabase>>;

/** CPU milliseconds used by this process so far. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function round(db: DB, startAt: number) {
  const wg01 = actorFromUser(loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!.id)!);
  const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!;
  const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
  const category = db.select({ id: categories.id }).from(categories).limit(1).get()!.id;
  let clock = startAt;
  const ids: number[] = [];
  let t = cpu();
  for (let i = 0; i < N; i++) {
    const r = createCaseSync(db, wg01, { description: '触发器测速：楼道灯不亮', source: 'patrol', nodeId: building.id, urgency: 'normal' }, [], new Date((clock += 60_000)));
    if (!r.ok) throw new Error(JSON.stringify(r));
    ids.push(r.id);
  }
  const createMs = (cpu() - t) / N;
  const version = (id: number) => db.select({ v: cases.version }).from(cases).where(eq(cases.id, id)).get()!.v;
  const steps = [
    { action: 'accept', categoryId: category, urgency: 'normal' },
    { action: 'handle_self' },
    { action: 'resolve', note: '已修好' },
    { action: 'rate', rating: 'satisfied' },
  ] as const;
  // Versions are read before timing, so the timed part is the command alone.
  let actionMs = 0;
  for (const step of steps) {
    const versions = ids.map(version);
    t = cpu();
    ids.forEach((id, i) => {
      const r = performActionSync(db, wg01, { id }, { ...step, version: versions[i]! }, [], new Date((clock += 60_000)));
      if (!r.ok) throw new Error(`${step.action}: ${JSON.stringify(r)}`);
    });
    actionMs += cpu() - t;
  }
  return { createMs, actionMs: actionMs / (N * steps.length) };
}

const results: Record<string, { create: number[]; action: number[] }> = { with: { create: [], action: [] }, without: { create: [], action: [] } };
let start = Date.now();
for (let r = 0; r < ROUNDS; r++) {
  for (const name of (r % 2 === 0 ? ['without', 'with'] : ['with', 'without']) as (keyof typeof files)[]) {
    const { createMs, actionMs } = round(dbs[name].db, start);
    results[name]!.create.push(createMs);
    results[name]!.action.push(actionMs);
  }
  start += N * 5 * 60_000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const kind of ['create', 'action'] as const) {
  const w = median(results.with![kind]);
  const wo = median(results.without![kind]);
  console.log(
    `${kind.padEnd(6)}: ${wo.toFixed(3)} ms without the stats triggers, ${w.toFixed(3)} ms with (${(w - wo >= 0 ? '+' : '') + (w - wo).toFixed(3)} ms, ${(((w - wo) / wo) * 100).toFixed(0)}%); ${(1000 / w).toFixed(0)}/s with`,
  );
}
for (const { sqlite } of Object.values(dbs)) sqlite.close();
fs.rmSync(dir, { recursive: true, force: true });
