// `npx tsx bench/commit-cost.ts`: what one create and one accept write and cost, on copies of the bench:commands demo
// database (or DATABASE_PATH). Prints the WAL frames (pages) one commit writes, by b-tree, and the CPU per command
// with the statement journal in a temp file (temp_store = FILE, SQLite's default) and in memory (the app's setting),
// each under synchronous = FULL and OFF (OFF only to show what the fsync adds; the app always runs FULL).
// The variants take turns in rounds, so a busy neighbour on the machine slows all alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { accounts, categories } from '../db/schema';
import { loadUserSync } from '../lib/auth/load-user';
import { actorFromUser } from '../lib/cases/actor';
import { createCaseSync, performActionSync } from '../lib/cases/commands';
import { printTable, type Row } from './table';

const SOURCE = path.resolve(process.env.DATABASE_PATH ?? '.data/bench-commands.db');
const N = Number(process.env.BENCH_N ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VARIANTS = [
  { name: 'temp_store = FILE, synchronous = FULL', pragmas: ['temp_store = FILE', 'synchronous = FULL'] },
  { name: 'temp_store = MEMORY, synchronous = FULL (the app)', pragmas: ['temp_store = MEMORY', 'synchronous = FULL'] },
  { name: 'temp_store = FILE, synchronous = OFF', pragmas: ['temp_store = FILE', 'synchronous = OFF'] },
  { name: 'temp_store = MEMORY, synchronous = OFF', pragmas: ['temp_store = MEMORY', 'synchronous = OFF'] },
];

function open(i: number) {
  const file = path.resolve(`.data/bench-commit-cost-${i}.db`);
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
  const { sqlite: source } = openDatabase(SOURCE);
  source.exec(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
  source.close();
  const { db, sqlite } = openDatabase(file);
  for (const p of VARIANTS[i]!.pragmas) sqlite.pragma(p);
  const worker = db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true))).orderBy(asc(accounts.id)).get();
  const user = worker && loadUserSync(db, worker.id);
  if (!user) throw new Error('bench: no grid worker');
  const actor = actorFromUser(user);
  const nodeId = user.scopeNodes[0]!.id;
  const categoryId = db.select({ id: categories.id }).from(categories).where(eq(categories.active, true)).get()!.id;
  let k = 0;
  const create = () => {
    const r = createCaseSync(db, actor, { description: `楼道灯不亮，居民反映已有三天（提交成本 ${k++}）。`, source: 'patrol', nodeId, urgency: 'normal' }, []);
    if (!r.ok) throw new Error(r.message);
    return { id: r.id, version: r.version };
  };
  const accept = (c: { id: number; version: number }) => {
    const r = performActionSync(db, actor, { id: c.id }, { action: 'accept', categoryId, urgency: 'normal', version: c.version }, []);
    if (!r.ok) throw new Error(r.message);
  };
  return { file, db, sqlite, create, accept, createCpu: 0, acceptCpu: 0, createWall: 0, acceptWall: 0, n: 0 };
}

/** The WAL frames one command appends, by the b-tree each page belongs to (dbstat), with checkpoints held off. */
function framesOf(run: ReturnType<typeof open>, fn: () => void): { total: number; byTree: string } {
  const wal = run.file + '-wal';
  run.sqlite.pragma('wal_autocheckpoint = 0');
  const owner = new Map((run.sqlite.prepare('select name, pageno from dbstat').all() as { name: string; pageno: number }[]).map((r) => [r.pageno, r.name]));
  // An emptied WAL: the command's frames follow its 32-byte header.
  run.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  fn();
  const appended = fs.readFileSync(wal).subarray(32);
  run.sqlite.pragma('wal_autocheckpoint = 1000');
  const pageSize = run.sqlite.pragma('page_size', { simple: true }) as number;
  const byTree = new Map<string, number>();
  let total = 0;
  for (let off = 0; off + 24 <= appended.length; off += pageSize + 24) {
    const page = appended.readUInt32BE(off);
    const name = owner.get(page) ?? 'new page';
    const group = name.startsWith('cases_') && name.endsWith('_idx') ? 'indexes of cases' : name.startsWith('stats_') ? 'statistics aggregates' : name.startsWith('cases_fts') ? 'full-text index' : name;
    byTree.set(group, (byTree.get(group) ?? 0) + 1);
    total++;
  }
  return { total, byTree: [...byTree].sort((a, b) => b[1] - a[1]).map(([n, c]) => `${n} ${c}`).join(', ') };
}

function main() {
  if (!fs.existsSync(SOURCE)) throw new Error(`bench: no database at ${SOURCE} (run npm run bench:commands once, or set DATABASE_PATH)`);
  const runs = VARIANTS.map((_, i) => open(i));
  try {
    for (const run of runs) for (let w = 0; w < 30; w++) run.accept(run.create());
    const first = runs[1]!;
    let made: { id: number; version: number } | null = null;
    const createFrames = framesOf(first, () => (made = first.create()));
    const acceptFrames = framesOf(first, () => first.accept(made!));
    console.log(`One create commits ${createFrames.total} WAL frames (pages): ${createFrames.byTree}.`);
    console.log(`One accept commits ${acceptFrames.total} WAL frames (pages): ${acceptFrames.byTree}.\n`);

    const perRound = Math.ceil(N / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const run of r % 2 === 0 ? runs : [...runs].reverse()) {
        const made: { id: number; version: number }[] = [];
        let cpu = process.cpuUsage();
        let t = performance.now();
        for (let i = 0; i < perRound; i++) made.push(run.create());
        let d = process.cpuUsage(cpu);
        run.createCpu += (d.user + d.system) / 1000;
        run.createWall += performance.now() - t;
        cpu = process.cpuUsage();
        t = performance.now();
        for (const c of made) run.accept(c);
        d = process.cpuUsage(cpu);
        run.acceptCpu += (d.user + d.system) / 1000;
        run.acceptWall += performance.now() - t;
        run.n += perRound;
      }
    }
    const rows: Row[] = runs.map((run, i) => ({
      cells: [
        VARIANTS[i]!.name,
        String(run.n),
        `${(run.createCpu / run.n).toFixed(3)} ms`,
        `${((run.n * 1000) / run.createWall).toFixed(0)} /s`,
        `${(run.acceptCpu / run.n).toFixed(3)} ms`,
        `${((run.n * 1000) / run.acceptWall).toFixed(0)} /s`,
      ],
      ok: true,
    }));
    printTable(['one command at a time, in-process', 'n', 'create CPU', 'create rate', 'accept CPU', 'accept rate'], rows);
    console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
  } finally {
    for (const run of runs) {
      run.sqlite.close();
      for (const s of ['', '-wal', '-shm']) fs.rmSync(run.file + s, { force: true });
    }
  }
}

main();
