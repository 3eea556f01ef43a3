// `npx tsx bench/sql-cost.ts`: what SQLite's side of a command costs — CPU per create and per accept with every
// trigger, with one family of triggers dropped (the full-text index, the statistics aggregates, their period rollups),
// and with other connection settings (page cache, memory-mapped reads, how often the WAL is checkpointed), on one copy
// of the bench:commands demo database (or DATABASE_PATH).
// The variants take turns in rounds on the same file (triggers dropped and created again, settings changed, the WAL
// emptied between rounds), so a busy neighbour slows all alike. Commands run one per immediate transaction at
// synchronous = OFF: the fsync is the same for every variant and only adds noise here (bench:commands measures it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { accounts, categories } from '../db/schema';
import { loadUserSync } from '../lib/auth/load-user';
import { actorFromUser } from '../lib/cases/actor';
import { createCaseSync, performActionSync } from '../lib/cases/commands';
import { copyDatabase } from './seed';
import { printTable, type Row } from './table';

const SOURCE = path.resolve(process.env.DATABASE_PATH ?? '.data/bench-commands.db');
const COPY = path.resolve('.data/bench-sql-cost.db');
const N = Number(process.env.BENCH_N ?? 1_500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** An index of `cases` replaced (its CREATE statement) or dropped (null) for one variant. */
type IndexChange = Record<string, string | null>;
type Variant = { name: string; drop: (trigger: string) => boolean; pragmas?: string[]; indexes?: IndexChange };
/** The indexes of cases that migration 0033 (lean case indexes) changed, as they were before it … */
const BEFORE_0033: IndexChange = {
  cases_grid_status_idx: 'CREATE INDEX `cases_grid_status_idx` ON `cases` (`grid_id`,`status`)',
  cases_handler_account_idx: 'CREATE INDEX `cases_handler_account_idx` ON `cases` (`handler_account_id`,`status`)',
  cases_handler_unit_idx: 'CREATE INDEX `cases_handler_unit_idx` ON `cases` (`handler_unit_id`,`status`)',
  cases_client_key_idx: 'CREATE UNIQUE INDEX `cases_client_key_idx` ON `cases` (`client_key`)',
  cases_category_created_idx: 'CREATE INDEX `cases_category_created_idx` ON `cases` (`category_id`,`created_at`,`node_path`)',
  cases_supervisor_idx: 'CREATE INDEX `cases_supervisor_idx` ON `cases` (`supervised_by_account_id`,`status`)',
  cases_handler_created_idx: 'CREATE INDEX `cases_handler_created_idx` ON `cases` (`handler_account_id`,`created_at`,`node_path`)',
  cases_unit_created_idx: 'CREATE INDEX `cases_unit_created_idx` ON `cases` (`handler_unit_id`,`created_at`,`node_path`)',
  cases_retention_idx: 'CREATE INDEX `cases_retention_idx` ON `cases` (`personal_data_purged_at`,coalesce(closed_at, updated_at))',
};
/** … and after it: only rows with a value (those columns are null on every new request), finished cases only for the retention job, no (grid_id, status). */
const AFTER_0033: IndexChange = {
  ...Object.fromEntries(
    Object.entries(BEFORE_0033)
      .filter(([name]) => name !== 'cases_grid_status_idx' && name !== 'cases_retention_idx')
      .map(([name, create]) => [name, `${create} WHERE ${/\(`(\w+)`/.exec(create!)![1]} IS NOT NULL`]),
  ),
  cases_grid_status_idx: null,
  cases_retention_idx: `${BEFORE_0033.cases_retention_idx} WHERE status IN ('closed', 'rejected', 'duplicate')`,
};

const ALL_VARIANTS: Variant[] = [
  { name: 'every trigger (the app)', drop: () => false },
  { name: 'without the full-text triggers (cases_fts_*)', drop: (t) => t.startsWith('cases_fts_') },
  { name: 'without the statistics triggers (stats_*)', drop: (t) => t.startsWith('stats_') },
  { name: 'without the period rollups (stats_*_periods_*)', drop: (t) => /^stats_.*_periods?_/.test(t) },
  { name: 'without any trigger', drop: () => true },
  { name: 'page cache 64 MB (cache_size = -65536)', drop: () => false, pragmas: ['cache_size = -65536'] },
  { name: 'memory-mapped reads (mmap_size = 1 GB)', drop: () => false, pragmas: ['mmap_size = 1073741824'] },
  { name: 'checkpoint every 10,000 pages (wal_autocheckpoint)', drop: () => false, pragmas: ['wal_autocheckpoint = 10000'] },
  { name: 'indexes of cases as before migration 0033', drop: () => false, indexes: BEFORE_0033 },
  { name: 'indexes of cases as after migration 0033 (lean)', drop: () => false, indexes: AFTER_0033 },
];
/** BENCH_ONLY=<regex>: only the variants whose name matches (the app's own row always runs, as the baseline). */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const RUN = ONLY ? ALL_VARIANTS.filter((v, i) => i === 0 || ONLY.test(v.name)) : ALL_VARIANTS;

function main() {
  if (!fs.existsSync(SOURCE)) throw new Error(`bench: no database at ${SOURCE} (run npm run bench:commands once, or set DATABASE_PATH)`);
  copyDatabase(SOURCE, COPY);
  const { db, sqlite } = openDatabase(COPY);
  try {
    sqlite.pragma('synchronous = OFF');
    const triggers = sqlite.prepare("select name, sql from sqlite_master where type = 'trigger' and tbl_name in ('cases', 'case_events', 'stats_grid_months', 'stats_grid_claims', 'stats_node_hours')").all() as { name: string; sql: string }[];
    const originalIndexes = new Map(
      (sqlite.prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'cases' and sql is not null").all() as { name: string; sql: string }[]).map((i) => [i.name, i.sql]),
    );
    const currentIndexes = new Map(originalIndexes);
    const defaults = ['cache_size', 'mmap_size', 'wal_autocheckpoint'].map((p) => `${p} = ${sqlite.pragma(p, { simple: true }) as number}`);
    const worker = db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.username, 'wg01'), eq(accounts.active, true))).get() ??
      db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true))).orderBy(asc(accounts.id)).get();
    const user = worker && loadUserSync(db, worker.id);
    if (!user) throw new Error('bench: no grid worker');
    const actor = actorFromUser(user);
    const nodeId = user.scopeNodes.find((n) => n.kind === 'grid')!.id;
    const categoryId = db.select({ id: categories.id }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.id)).get()!.id;
    let k = 0;
    const create = () => {
      const r = createCaseSync(db, actor, { description: `楼道灯不亮，居民反映已有三天（触发器成本 ${k++}）。`, source: 'patrol', nodeId, urgency: 'normal', place: `${(k % 30) + 1}单元` }, []);
      if (!r.ok) throw new Error(r.message);
      return { id: r.id, version: r.version };
    };
    const accept = (c: { id: number; version: number }) => {
      const r = performActionSync(db, actor, { id: c.id }, { action: 'accept', categoryId, urgency: 'normal', version: c.version }, []);
      if (!r.ok) throw new Error(r.message);
    };
    const apply = (v: Variant) => {
      for (const t of triggers) sqlite.exec(`DROP TRIGGER IF EXISTS "${t.name}"`);
      for (const t of triggers) if (!v.drop(t.name)) sqlite.exec(t.sql);
      for (const name of new Set([...originalIndexes.keys(), ...Object.keys(v.indexes ?? {})])) {
        const wanted = v.indexes && name in v.indexes ? v.indexes[name]! : (originalIndexes.get(name) ?? null);
        if (wanted === (currentIndexes.get(name) ?? null)) continue;
        sqlite.exec(`DROP INDEX IF EXISTS "${name}"`);
        if (wanted !== null) sqlite.exec(wanted);
        currentIndexes.set(name, wanted as string);
        if (wanted === null) currentIndexes.delete(name);
      }
      for (const p of defaults) sqlite.pragma(p);
      for (const p of v.pragmas ?? []) sqlite.pragma(p);
      // Every round starts from an empty WAL: a round's checkpoints are its own.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    };
    const tally = RUN.map(() => ({ create: 0, accept: 0, n: 0 }));
    for (let w = 0; w < 200; w++) accept(create());
    const perRound = Math.ceil(N / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      const order = RUN.map((_, i) => i);
      if (r % 2 === 1) order.reverse();
      for (const i of order) {
        apply(RUN[i]!);
        for (let w = 0; w < 20; w++) accept(create());
        const made: { id: number; version: number }[] = [];
        let cpu = process.cpuUsage();
        for (let j = 0; j < perRound; j++) made.push(create());
        let d = process.cpuUsage(cpu);
        tally[i]!.create += (d.user + d.system) / 1000;
        cpu = process.cpuUsage();
        for (const c of made) accept(c);
        d = process.cpuUsage(cpu);
        tally[i]!.accept += (d.user + d.system) / 1000;
        tally[i]!.n += perRound;
      }
    }
    apply(RUN[0]!);
    const base = tally[0]!;
    const rows: Row[] = RUN.map((v, i) => {
      const t = tally[i]!;
      const create = t.create / t.n;
      const accept = t.accept / t.n;
      return {
        cells: [
          v.name,
          String(t.n),
          `${create.toFixed(3)} ms`,
          i === 0 ? '' : `${(create - base.create / base.n >= 0 ? '+' : '')}${(create - base.create / base.n).toFixed(3)} ms`,
          `${accept.toFixed(3)} ms`,
          i === 0 ? '' : `${(accept - base.accept / base.n >= 0 ? '+' : '')}${(accept - base.accept / base.n).toFixed(3)} ms`,
        ],
        ok: true,
      };
    });
    printTable(['one command per transaction, synchronous = OFF', 'n', 'create CPU', 'vs the app', 'accept CPU', 'vs the app'], rows);
    console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
  } finally {
    sqlite.close();
    for (const s of ['', '-wal', '-shm']) fs.rmSync(COPY + s, { force: true });
  }
}

main();
