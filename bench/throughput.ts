// `npm run bench:throughput`: requests per second of the API at concurrency 8 on the production build, each route
// against the trivial route /api/v1/openapi.json measured in the same run (the framework's floor on this machine).
// Seeds a fresh demo database (DATABASE_PATH: a copy of that database instead) and serves the build on it, twice: the
// writes are also sent to a second server on BENCH_PORT + 1 whose commands each commit alone (GROUP_COMMIT=off), in
// the same rounds, so group commit's effect is read side by side (BENCH_COMPARE=inline: a second server whose COMMIT
// fsyncs inline instead, COMMIT_SYNC=inline). The rounds are shared out over BENCH_SERVERS (3) such pairs of server
// processes started one after another, each warmed up first (SERVERS below).
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { openSqliteStore } from '../db/store';
import { authenticateToken } from '../lib/api/tokens';
import { createCaseSync } from '../lib/cases/commands';
import { appPid, mainThreadCpuMs, treeCpuMs } from './cpu';
import { percentile } from './http';
import { copyDatabase, prepareDatabase } from './seed';
import { buildDir, hasBuild, startServer, type Server } from './server';
import { ms, printTable, type Row } from './table';
import { benchTokenFor } from './token';

const PORT = Number(process.env.BENCH_PORT ?? 3305);
const DATABASE = path.resolve('.data/bench-throughput.db');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/**
 * Each route runs this long per round; the routes take turns, so a busy neighbour slows all alike. Short turns, many
 * rounds: this VM's speed drifts over seconds, and with 3 turns of 5 s the same code's write routes measured anywhere
 * from 0.70× to 0.95× the floor in eight runs of one hour (2026-12-05); with 15 turns of 1 s, five runs put every
 * route between 0.77× and 0.88×.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/**
 * The rounds are shared out over this many server processes, started one after another on the same database (each
 * warmed up first). A server process settles on its own: how V8 compiles the floor's and the API's paths, where its
 * heap lands. On 2026-12-05, four servers in a row gave the create route 0.91, 0.92, 0.88 and 0.83× the floor and the
 * accept route 0.90, 0.87 and 0.77×, the two halves of a server's own rounds agreeing within 0.03 in three of them: a
 * run on one server measures that server about as much as the code.
 */
const SERVERS = Math.max(1, Number(process.env.BENCH_SERVERS ?? 3));

const TARGET_RATIO = 0.8;
const TARGET_P95 = 100;

type Route = {
  name: string;
  /** Sent to the second server, the one without group commit (the side-by-side comparison). */
  alone?: boolean;
  /** Printed for comparison, without a target. */
  comparison?: boolean;
  expected: number;
  request: (base: string, i: number) => Promise<Response> | null;
};

type Tally = {
  samples: number[];
  seconds: number;
  unexpected: Map<string, number>;
  serverCpuMs: number;
  /** Of serverCpuMs, the app process's main thread (the event loop), and this process's CPU (the clients'). */
  mainThreadCpuMs: number;
  clientCpuMs: number;
};

/** Runs `request` from CONCURRENCY clients for `seconds`; returns every latency (time to the last byte). */
async function hammer(base: string, route: Route, seconds: number, tally: Tally | null, serverPid = 0) {
  const cpuBefore = serverPid ? treeCpuMs(serverPid) : null;
  const app = serverPid ? appPid(serverPid) : 0;
  const mainBefore = app ? mainThreadCpuMs(app) : NaN;
  const clientBefore = process.cpuUsage();
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const pending = route.request(base, next++);
      if (!pending) return; // out of work (the accept pool)
      let status: string;
      try {
        const res = await pending;
        await res.arrayBuffer();
        status = res.status === route.expected ? '' : `HTTP ${res.status}`;
      } catch (error) {
        status = error instanceof Error ? error.message : String(error);
      }
      if (!tally) continue;
      tally.samples.push(performance.now() - t0);
      if (status) tally.unexpected.set(status, (tally.unexpected.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  if (tally) tally.seconds += (performance.now() - started) / 1000;
  const cpuAfter = serverPid ? treeCpuMs(serverPid) : null;
  if (tally && cpuBefore !== null && cpuAfter !== null) tally.serverCpuMs += cpuAfter - cpuBefore;
  if (tally) {
    tally.mainThreadCpuMs += app ? mainThreadCpuMs(app) - mainBefore : NaN;
    const client = process.cpuUsage(clientBefore);
    tally.clientCpuMs += (client.user + client.system) / 1000;
  }
}

/** Cases waiting for triage, logged in-process before the server starts, for the accept route to take one each. */
async function prepareAcceptPool(file: string, token: string, buildingId: number, count: number): Promise<{ number: string; version: number }[]> {
  const { db, sqlite } = openDatabase(file);
  const store = openSqliteStore(file, { writer: sqlite });
  try {
    const actor = await authenticateToken(store, token);
    if (!actor) throw new Error('bench: the API token does not authenticate');
    const pool: { number: string; version: number }[] = [];
    // One transaction for the whole pool (each create nests as a savepoint): setting up should not wait on 10,000 fsyncs.
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const r = createCaseSync(db, actor, { description: `12345转办：小区路灯不亮（吞吐基准待受理 ${i + 1}）。`, source: 'hotline_12345', nodeId: buildingId, urgency: 'normal' }, []);
        if (!r.ok) throw new Error(`bench: createCase refused: ${r.message}`);
        pool.push({ number: r.number, version: r.version });
      }
    }, { behavior: 'immediate' });
    return pool;
  } finally {
    await store.close();
    sqlite.close();
  }
}

async function main(): Promise<number> {
  const dist = buildDir();
  if (!hasBuild(dist)) {
    console.error(`No production build in ${dist}.\nRun \`npm run build\` first (or \`NEXT_DIST_DIR=<dir> npm run build\` and run the bench with the same NEXT_DIST_DIR).`);
    return 2;
  }
  let file = DATABASE;
  if (process.env.DATABASE_PATH) {
    // Someone else's database (e.g. the county): measured on a copy, so the benchmark's writes stay out of it.
    const source = path.resolve(process.env.DATABASE_PATH);
    file = path.resolve('.data/bench-throughput-copy.db');
    copyDatabase(source, file);
    console.log(`Measuring a copy of ${source} at ${file}.`);
  } else {
    console.log(`Seeding a fresh demo database at ${DATABASE} …`);
    const seeded = await prepareDatabase(DATABASE);
    console.log(`  ${seeded.cases} cases in ${seeded.seedMs} ms.`);
  }
  const { db, sqlite } = openDatabase(file);
  // This checkout's migrations (a database built on another branch may lack some), and a token of our own.
  applyMigrations(db);
  sqlite.close();
  const store = openSqliteStore(file);
  const data = await benchTokenFor(store).finally(() => store.close());
  // Two accept routes (with and without group commit) take from the pool.
  const poolSize = Math.ceil(2 * (ROUNDS * SECONDS * 600 + SERVERS * WARMUP_SECONDS * 600));
  const poolStarted = performance.now();
  const pool = await prepareAcceptPool(file, data.token, data.buildingId, poolSize);
  console.log(`  ${pool.length} requests waiting for triage, for the accept route, in ${Math.round(performance.now() - poolStarted)} ms.`);

  const auth = { authorization: `Bearer ${data.token}` };
  /** The list's query for its first five pages: none, then each page's nextCursor (keyset cursors stay valid as cases are added). */
  const listCursors: string[] = [''];
  const routes: Route[] = [
    { name: 'GET /api/v1/openapi.json (floor)', expected: 200, request: (base) => fetch(`${base}/api/v1/openapi.json`) },
    // A dynamic route that answers without touching the database (no token, no cookie: 401 at once): what Next's
    // dynamic handling costs above the floor's prerendered answer, before any work of ours.
    { name: 'GET /api/v1/cases without a token (401)', expected: 401, comparison: true, request: (base) => fetch(`${base}/api/v1/cases`) },
    {
      name: 'POST /api/v1/cases',
      expected: 201,
      request: (base, i) =>
        fetch(`${base}/api/v1/cases`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ description: `12345转办：楼道灯不亮，居民反映已有三天（吞吐基准 ${i + 1}）。`, source: 'hotline_12345', nodeId: data.buildingId, urgency: 'normal' }),
        }),
    },
    // The first five pages, the later ones by the cursors the pages before them handed out (listCursors).
    { name: 'GET /api/v1/cases', expected: 200, request: (base, i) => fetch(`${base}/api/v1/cases${listCursors[i % listCursors.length]}`, { headers: auth }) },
    {
      name: 'POST /api/v1/cases/{number}/actions (accept)',
      expected: 200,
      request: (base) => {
        const c = pool.pop();
        if (!c) return null;
        return fetch(`${base}/api/v1/cases/${c.number}/actions`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'accept', categoryId: data.categoryId, urgency: 'normal', version: c.version }),
        });
      },
    },
  ];

  let server: Server | null = null;
  let alone: Server | null = null;
  const stop = async () => {
    await server?.stop();
    await alone?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(130)));
  try {
    // The same build on the same database, with each write committing alone (GROUP_COMMIT=off): its create and
    // accept rows are measured in the same rounds, so group commit is compared side by side.
    // BENCH_COMPARE=inline: the second server groups commits too but fsyncs inside COMMIT (COMMIT_SYNC=inline, as before
    // the store deferred the fsync off the event loop), to compare that instead.
    // BENCH_COMPARE=none: no second server (e.g. to profile the first alone).
    const inline = process.env.BENCH_COMPARE === 'inline';
    const compare = process.env.BENCH_COMPARE !== 'none';
    if (compare) {
      for (const route of [...routes]) {
        if (route.name.startsWith('POST')) routes.push({ ...route, name: `${route.name}, ${inline ? 'fsync inside COMMIT' : 'each commits alone'}`, alone: true });
      }
    }
    // BENCH_ROUTES=<regex>: only the routes whose name matches (the floor always runs: the ratios need it).
    const only = process.env.BENCH_ROUTES ? new RegExp(process.env.BENCH_ROUTES) : null;
    if (only) routes.splice(0, routes.length, ...routes.filter((r, i) => i === 0 || only.test(r.name)));
    const tallies = new Map(routes.map((r) => [r, { samples: [], seconds: 0, unexpected: new Map(), serverCpuMs: 0, mainThreadCpuMs: 0, clientCpuMs: 0 } as Tally]));
    let round = 0;
    for (let lifetime = 0; lifetime < SERVERS; lifetime++) {
      console.log(`Starting the production build (${path.relative(process.cwd(), dist) || '.'}) on port ${PORT}${SERVERS > 1 ? `, server ${lifetime + 1} of ${SERVERS}` : ''} …`);
      server = await startServer({ port: PORT, databasePath: file });
      const base = server.url;
      if (compare) alone = await startServer({ port: PORT + 1, databasePath: file, env: inline ? { COMMIT_SYNC: 'inline' } : { GROUP_COMMIT: 'off' } });
      // The list's first five pages, by the cursors the first server hands out (keyset cursors stay valid as cases are added).
      while (listCursors.length < 5) {
        const res = await fetch(`${base}/api/v1/cases${listCursors.at(-1)}`, { headers: auth });
        const page = (await res.json()) as { nextCursor?: string | null };
        if (!page.nextCursor) break;
        listCursors.push(`?cursor=${encodeURIComponent(page.nextCursor)}`);
      }
      const baseOf = (route: Route) => (route.alone ? alone!.url : base);
      const pidOf = (route: Route) => (route.alone ? alone!.pid : server!.pid);
      for (const route of routes) await hammer(baseOf(route), route, WARMUP_SECONDS, null);
      // This server's share of the rounds (the first ones take any remainder).
      const share = Math.floor(ROUNDS / SERVERS) + (lifetime < ROUNDS % SERVERS ? 1 : 0);
      for (let r = 0; r < share; r++, round++) {
        const order = round % 2 === 0 ? routes : [...routes].reverse();
        for (const route of order) await hammer(baseOf(route), route, SECONDS, tallies.get(route)!, pidOf(route));
      }
      await stop();
      server = null;
      alone = null;
    }

    const rate = (t: Tally) => t.samples.length / t.seconds;
    const floor = rate(tallies.get(routes[0]!)!);
    // The server's CPU per request: on a busy machine the throughput ratio is noise, this much less so.
    const cpuPerRequest = (t: Tally) => t.serverCpuMs / Math.max(1, t.samples.length);
    const floorCpu = cpuPerRequest(tallies.get(routes[0]!)!);
    const rows: Row[] = routes.map((route, i) => {
      const t = tallies.get(route)!;
      const p95 = percentile(t.samples, 95);
      const ratio = rate(t) / floor;
      const wrong = [...t.unexpected].map(([what, n]) => `${n}× ${what}`).join(', ');
      return {
        cells: [
          route.name,
          String(t.samples.length),
          `${rate(t).toFixed(0)} /s`,
          ms(percentile(t.samples, 50)),
          ms(p95),
          ms(percentile(t.samples, 99)),
          i === 0 ? '1.00' : ratio.toFixed(2),
          `${cpuPerRequest(t).toFixed(2)} ms`,
          i === 0 ? '1.00' : (floorCpu / cpuPerRequest(t)).toFixed(2),
          Number.isFinite(t.mainThreadCpuMs) ? `${(t.mainThreadCpuMs / Math.max(1, t.samples.length)).toFixed(2)} ms` : '—',
          `${(t.clientCpuMs / Math.max(1, t.samples.length)).toFixed(2)} ms`,
          route.alone || route.comparison ? '(comparison)' : `≥ ${TARGET_RATIO}×, p95 < ${TARGET_P95} ms`,
        ],
        ok: t.unexpected.size === 0 && (route.alone === true || route.comparison === true || (p95 < TARGET_P95 && (i === 0 || ratio >= TARGET_RATIO))),
        note: wrong ? `unexpected answers: ${wrong}` : undefined,
      };
    });
    printTable([`concurrency ${CONCURRENCY}, ${ROUNDS} × ${SECONDS} s per route on ${SERVERS} server${SERVERS > 1 ? 's' : ''}`, 'n', 'throughput', 'p50', 'p95', 'p99', '× floor', 'server CPU/req', 'floor CPU ÷ CPU', 'event loop/req', 'client CPU/req', 'target'], rows);
    console.log('\nserver CPU/req: user + system CPU of the server process tree (/proc) per request; "floor CPU ÷ CPU" is the throughput ratio a saturated quiet machine would show if the server alone limited it.');
    console.log('event loop/req: the part of it on the app\'s main thread, which runs all JavaScript and SQLite (the rest is libuv\'s pool: fsync, gzip streams); client CPU/req: this process\'s fetch clients, on the same 2 cores.');
    console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${os.cpus().length} CPUs.`);
    const missed = rows.filter((r) => !r.ok).length;
    console.log(missed === 0 ? '\nPASS' : `\nFAIL: ${missed} row(s) missed the target`);
    return missed === 0 ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    if (server) console.error(`\n--- server output ---\n${server.log().slice(-4000)}`);
    return 1;
  } finally {
    await stop();
  }
}

main().then((code) => process.exit(code));
