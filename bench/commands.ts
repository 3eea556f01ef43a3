// `npm run bench:commands`: the case commands in-process (no HTTP) — createCase and lifecycle actions per second,
// on a copy of the seeded demo database (or of DATABASE_PATH, e.g. the county database), against the targets.
// The commands run on the store (db/store.ts) as the app runs them: openSqliteStore writing through the benchmark's
// connection, the WAL checkpointed from a thread of its own (BENCH_CHECKPOINT=inline: inside COMMIT, SQLite's default),
// the case commands on SQLite's prepared fast path (lib/cases/statements.ts).
// Two kinds of figure: *sequential* rows (one command, then the next: each commits and fsyncs alone) and
// *concurrent* rows (BENCH_CLIENTS callers, default 8, each awaiting its own command as request handlers do), once
// with group commit (the store's: the writes queued together share one COMMIT) and once without (GROUP_COMMIT=off).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, like } from 'drizzle-orm';
import { openDatabase, type DB } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { accounts, accountScopes, categories, orgNodes } from '../db/schema';
import { loadUser } from '../lib/auth/load-user';
import { actorFromUser, type AccountActor } from '../lib/cases/actor';
import { groupCommitStats, openSqliteStore, QUICK_FSYNC_MS } from '../db/store';
import { createCase, performAction, type VersionedAction } from '../lib/cases/commands';
import { percentile } from './http';
import { copyDatabase, prepareDatabase } from './seed';
import { ms, printTable, type Row } from './table';

/** The demo database the benchmark seeds once (delete it for a fresh one); DATABASE_PATH replaces it. */
const SOURCE = path.resolve(process.env.DATABASE_PATH ?? '.data/bench-commands.db');
/** Every run writes into a throwaway copy, so the source stays as it was. */
const COPY = path.resolve(process.env.BENCH_COMMANDS_COPY ?? '.data/bench-commands-run.db');
/** Creates on one China day: the last thousand show whether a create slows as the day fills. */
const CREATES = Number(process.env.BENCH_CREATES ?? 20_000);
/** Cases taken through the lifecycle (each: accept, then assign → sign → resolve). */
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 3_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const WINDOW = 1_000;
/** The concurrent mode: this many callers at once (as HTTP requests arrive), each awaiting its own command. */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
/** Creates (and then accepts) per concurrent run; each run is made once with group commit and once without. */
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 3_000);

const TARGET_CREATE = 1_500;
const TARGET_ACTION = 2_000;
/** The last window may be at most this much slower than the first: nothing per call grows with the day. */
const FLATNESS = 1.25;

type Cast = { worker: AccountActor; secretary: AccountActor; nodeId: number; categoryId: number };

/** A grid worker with a building in their grid, a secretary covering it, an active category. */
async function findCast(db: DB): Promise<Cast> {
  const preferred = db.select({ id: accounts.id }).from(accounts).where(and(eq(accounts.username, 'wg01'), eq(accounts.active, true))).get();
  const workerId =
    preferred?.id ??
    db
      .select({ id: accounts.id })
      .from(accounts)
      .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
      .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
      .where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true), eq(orgNodes.kind, 'grid')))
      .orderBy(asc(accounts.id))
      .get()?.id;
  const workerUser = workerId === undefined ? null : await loadUser(db, workerId);
  if (!workerUser) throw new Error('bench: no active grid worker in this database');
  const grid = workerUser.scopeNodes.find((n) => n.kind === 'grid');
  if (!grid) throw new Error(`bench: ${workerUser.username} has no grid`);
  const building = db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`)))
    .orderBy(orgNodes.sortOrder)
    .get();
  // The closest secretary above the grid: the community's, where there is one.
  const secretaries = db
    .select({ id: accounts.id, path: orgNodes.path })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.role, 'secretary'), eq(accounts.active, true)))
    .all()
    .filter((s) => grid.path.startsWith(s.path))
    .sort((a, b) => b.path.length - a.path.length);
  const secretaryUser = secretaries[0] && (await loadUser(db, secretaries[0].id));
  if (!secretaryUser) throw new Error(`bench: no secretary covers ${grid.name}`);
  const category = db.select({ id: categories.id }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.id)).get();
  if (!category) throw new Error('bench: no active category');
  return { worker: actorFromUser(workerUser), secretary: actorFromUser(secretaryUser), nodeId: building?.id ?? grid.id, categoryId: category.id };
}

async function timed<T>(samples: number[], fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  samples.push(performance.now() - started);
  return result;
}

/** CPU milliseconds (user + system) of this process since `since`. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const rate = (samples: readonly number[]) => (samples.length * 1000) / samples.reduce((a, b) => a + b, 0);
const perSecond = (v: number) => `${v.toFixed(0)} /s`;

async function main(): Promise<number> {
  if (!process.env.DATABASE_PATH && !fs.existsSync(SOURCE)) {
    console.log(`Seeding a fresh demo database at ${SOURCE} …`);
    const data = await prepareDatabase(SOURCE);
    console.log(`  ${data.cases} cases in ${data.seedMs} ms.`);
  }
  if (!fs.existsSync(SOURCE)) throw new Error(`bench: no database at ${SOURCE}`);
  const copyStarted = performance.now();
  copyDatabase(SOURCE, COPY);
  const { db, sqlite } = openDatabase(COPY);
  // As the app runs its stores (appStore, the command thread): the WAL checkpointed from a thread of its own.
  const store = openSqliteStore(COPY, { writer: sqlite, checkpointInBackground: process.env.BENCH_CHECKPOINT !== 'inline' });
  try {
    // The copy gets this checkout's migrations (a database built on another branch may lack some).
    applyMigrations(db);
    const existing = sqlite.prepare('select count(*) as n from cases').get() as { n: number };
    console.log(`Database ${SOURCE}: ${existing.n} cases (copied to ${COPY} in ${Math.round(performance.now() - copyStarted)} ms).`);
    const cast = await findCast(db);
    console.log(`Acting as ${cast.worker.name} (grid worker) and ${cast.secretary.name} (secretary), node ${cast.nodeId}.`);

    // One China day, with room for the whole run before its midnight.
    const base = Date.now();
    let tick = 0;
    const now = () => new Date(base + tick++);

    const create = async (i: number) => {
      const result = await createCase(
        store,
        cast.worker,
        { description: `楼道灯不亮，居民反映已有三天（命令基准 ${i}）。`, source: 'patrol', nodeId: cast.nodeId, urgency: 'normal', place: `${(i % 30) + 1}单元` },
        [],
        now(),
      );
      if (!result.ok) throw new Error(`bench: createCase refused: ${result.message}`);
      return result;
    };
    const act = async (actor: AccountActor, c: { id: number; version: number }, request: VersionedAction) => {
      const result = await performAction(store, actor, { id: c.id }, request, [], now());
      if (!result.ok) throw new Error(`bench: ${request.action} refused: ${result.message}`);
      c.version = result.version;
    };

    for (let i = 0; i < WARMUP; i++) await create(-i);

    // The floor: the same case and event rows inserted with two raw better-sqlite3 statements in an
    // immediate transaction (FTS trigger, indexes and fsync included; no checks, no number, no notification).
    const floorCase = sqlite.prepare(
      `insert into cases (number, public_token_hash, description, urgency, source, node_id, node_path, grid_id, status, accept_due_at, created_at, updated_at, created_by_account_id)
       select ?, ?, ?, 'normal', 'patrol', id, path, ?, 'submitted', ?, ?, ?, ? from org_nodes where id = ?`,
    );
    const floorEvent = sqlite.prepare(
      `insert into case_events (case_id, at, action, actor_kind, actor_account_id, actor_label, to_status, data) values (?, ?, 'submit', 'account', ?, ?, 'submitted', '{"source":"patrol"}')`,
    );
    const gridId = (sqlite.prepare('select grid_id as g from cases where node_id = ? limit 1').get(cast.nodeId) as { g: number } | undefined)?.g ?? cast.nodeId;
    const floorInsert = sqlite.transaction((i: number) => {
      const at = base + tick++;
      const r = floorCase.run(`FLOOR-${i}`, `floor-${i}`, `楼道灯不亮，居民反映已有三天（命令基准 ${i}）。`, gridId, at + 3_600_000, at, at, cast.worker.id, cast.nodeId);
      floorEvent.run(r.lastInsertRowid, at, cast.worker.id, '网格员');
    });
    const floorSamples: number[] = [];
    const floorCpu = process.cpuUsage();
    for (let i = 0; i < Math.min(CREATES, 2_000); i++) await timed(floorSamples, async () => floorInsert.immediate(i));
    const floorCpuMs = cpuMs(floorCpu) / floorSamples.length;

    // createCase, all on one day.
    const createSamples: number[] = [];
    const created: { id: number; version: number }[] = [];
    const createStarted = performance.now();
    const createCpu = process.cpuUsage();
    for (let i = 0; i < CREATES; i++) {
      const r = await timed(createSamples, () => create(i));
      if (created.length < ACTIONS) created.push({ id: r.id, version: r.version });
    }
    const createSeconds = (performance.now() - createStarted) / 1000;
    const createCpuMs = cpuMs(createCpu) / CREATES;

    // Lifecycle: accept every case, then assign (secretary) → sign → resolve (grid worker).
    const accept: number[] = [];
    const assign: number[] = [];
    const sign: number[] = [];
    const resolve: number[] = [];
    const actionStarted = performance.now();
    const acceptCpu = process.cpuUsage();
    for (const c of created) await timed(accept, () => act(cast.worker, c, { action: 'accept', categoryId: cast.categoryId, urgency: 'normal', version: c.version }));
    const acceptCpuMs = cpuMs(acceptCpu) / created.length;
    const mixCpu = process.cpuUsage();
    for (const c of created) {
      await timed(assign, () => act(cast.secretary, c, { action: 'assign_worker', accountId: cast.worker.id, version: c.version }));
      await timed(sign, () => act(cast.worker, c, { action: 'sign', version: c.version }));
      await timed(resolve, () => act(cast.worker, c, { action: 'resolve', note: '已更换灯泡，恢复照明。', version: c.version }));
    }
    const mixCpuMs = cpuMs(mixCpu) / (3 * created.length);
    const actionSeconds = (performance.now() - actionStarted) / 1000;
    const sequentialSyncs = groupCommitStats(store);

    const row = (what: string, samples: number[], target: number | null, wall?: number, cpu?: number): Row => {
      const r = wall ?? rate(samples);
      return {
        cells: [
          what,
          String(samples.length),
          perSecond(r),
          ms(percentile(samples, 50)),
          ms(percentile(samples, 95)),
          ms(Math.max(...samples)),
          cpu === undefined ? '' : `${cpu.toFixed(3)} ms`,
          target === null ? '' : `≥ ${target} /s`,
        ],
        ok: target === null || r >= target,
      };
    };
    // Concurrent callers, as a server has them: CLIENTS loops each awaiting its own command. With group commit the
    // commands queued in one turn share a COMMIT (and its fsync); without it (GROUP_COMMIT=off) each commits alone.
    // Modes alternate in two rounds each, so a busy neighbour slows both alike.
    type Concurrent = { creates: number[]; accepts: number[]; createSeconds: number; acceptSeconds: number; createCpu: number; acceptCpu: number; commits: number; commands: number };
    const concurrent: Record<'grouped' | 'alone', Concurrent> = {
      grouped: { creates: [], accepts: [], createSeconds: 0, acceptSeconds: 0, createCpu: 0, acceptCpu: 0, commits: 0, commands: 0 },
      alone: { creates: [], accepts: [], createSeconds: 0, acceptSeconds: 0, createCpu: 0, acceptCpu: 0, commits: 0, commands: 0 },
    };
    const inParallel = async (count: number, one: (k: number) => Promise<void>) => {
      let next = 0;
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        while (next < count) await one(next++);
      }));
    };
    const ROUNDS = 2;
    for (let round = 0; round < 2 * ROUNDS; round++) {
      const mode = round % 2 === 0 ? 'grouped' : 'alone';
      const t = concurrent[mode];
      if (mode === 'alone') process.env.GROUP_COMMIT = 'off';
      else delete process.env.GROUP_COMMIT;
      const statsBefore = groupCommitStats(store);
      const made: { id: number; version: number }[] = [];
      const n = Math.ceil(CONCURRENT / ROUNDS);
      let started = performance.now();
      let cpu = process.cpuUsage();
      await inParallel(n, async (k) => {
        const t0 = performance.now();
        const r = await createCase(store, cast.worker, { description: `楼道灯不亮，居民反映已有三天（并发基准 ${round}-${k}）。`, source: 'patrol', nodeId: cast.nodeId, urgency: 'normal', place: `${(k % 30) + 1}单元` }, [], now());
        t.creates.push(performance.now() - t0);
        if (!r.ok) throw new Error(`bench: createCase refused: ${r.message}`);
        made.push({ id: r.id, version: r.version });
      });
      t.createSeconds += (performance.now() - started) / 1000;
      t.createCpu += cpuMs(cpu);
      started = performance.now();
      cpu = process.cpuUsage();
      await inParallel(made.length, async (k) => {
        const c = made[k]!;
        const t0 = performance.now();
        const r = await performAction(store, cast.worker, { id: c.id }, { action: 'accept', categoryId: cast.categoryId, urgency: 'normal', version: c.version }, [], now());
        t.accepts.push(performance.now() - t0);
        if (!r.ok) throw new Error(`bench: accept refused: ${r.message}`);
      });
      t.acceptSeconds += (performance.now() - started) / 1000;
      t.acceptCpu += cpuMs(cpu);
      const statsAfter = groupCommitStats(store);
      t.commits += statsAfter.commits - statsBefore.commits;
      t.commands += statsAfter.commands - statsBefore.commands;
    }
    delete process.env.GROUP_COMMIT;

    const mix = [...assign, ...sign, ...resolve];
    const first = createSamples.slice(0, WINDOW);
    const last = createSamples.slice(-WINDOW);
    const rows: Row[] = [
      row('floor: raw insert case + event', floorSamples, null, undefined, floorCpuMs),
      row('createCase (wall clock)', createSamples, TARGET_CREATE, CREATES / createSeconds, createCpuMs),
      row(`  first ${WINDOW} creates of the day`, first, null),
      row(`  last ${WINDOW} creates of the day`, last, null),
      row('accept', accept, TARGET_ACTION, undefined, acceptCpuMs),
      row('assign_worker (secretary)', assign, TARGET_ACTION),
      row('sign', sign, TARGET_ACTION),
      row('resolve', resolve, TARGET_ACTION),
      row('assign/sign/resolve mix', mix, TARGET_ACTION, undefined, mixCpuMs),
      row('all actions (wall clock)', [...accept, ...mix], TARGET_ACTION, (accept.length + mix.length) / actionSeconds),
    ];
    for (const mode of ['alone', 'grouped'] as const) {
      const t = concurrent[mode];
      const label = mode === 'grouped' ? `group commit, ${(t.commands / Math.max(1, t.commits)).toFixed(1)} per COMMIT` : 'each commits alone';
      rows.push(row(`${CLIENTS} concurrent: createCase (${label})`, t.creates, mode === 'grouped' ? TARGET_CREATE : null, t.creates.length / t.createSeconds, t.createCpu / t.creates.length));
      rows.push(row(`${CLIENTS} concurrent: accept (${label})`, t.accepts, mode === 'grouped' ? TARGET_ACTION : null, t.accepts.length / t.acceptSeconds, t.acceptCpu / t.accepts.length));
    }
    const slowdown = rate(first) / rate(last);
    rows.push({
      cells: ['flatness: first / last window', '', `×${slowdown.toFixed(2)}`, '', '', '', '', `≤ ×${FLATNESS}`],
      ok: CREATES < 2 * WINDOW || slowdown <= FLATNESS,
      note: CREATES < 2 * WINDOW ? `only ${CREATES} creates: set BENCH_CREATES ≥ ${2 * WINDOW} to judge flatness` : undefined,
    });
    printTable(['command (in-process)', 'n', 'throughput', 'p50', 'p95', 'max', 'CPU/op', 'target'], rows);
    console.log(
      `\nThe one-at-a-time commands' fsyncs of the WAL: ${sequentialSyncs.fsyncsHere} on the committing thread, ${sequentialSyncs.fsyncsPooled} in the thread pool ` +
        `(moving average at the end ${sequentialSyncs.fsyncMs.toFixed(3)} ms; on the thread below ${QUICK_FSYNC_MS} ms).`,
    );
    console.log(`SQLite synchronous = ${sqlite.pragma('synchronous', { simple: true }) === 2 ? 'FULL' : 'not FULL'}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
    const failed = rows.filter((r) => !r.ok).length;
    console.log(failed === 0 ? '\nPASS' : `\nFAIL: ${failed} row(s) missed the target`);
    return failed === 0 ? 0 : 1;
  } finally {
    await store.close();
    sqlite.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(COPY + suffix, { force: true });
  }
}

main().then((code) => process.exit(code));
