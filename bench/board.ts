// `tsx bench/board.ts`: the public board and 附议 under load (issue 14), on a copy of the demo database.
// In-process (lib/, no HTTP): 50 concurrent readers each reading the board's data uncached (the community, both months'
// figures, the wish wall) — the cost of a board render after a revalidation — and 50 concurrent supports (附议), each
// a new device. Over HTTP, when a production build exists (`next build`): the board's first-load JavaScript, gzipped,
// and 50 closed-loop readers of /b/<id> (each asks again as soon as its answer is in) straight at the app server and,
// when nginx is installed, through nginx with the deployment's configuration (scripts/city/nginx.conf: the public
// pages' one-second micro-cache) in front of the same server, side by side against the target p95 < 50 ms.
// BENCH_DB=.data/board-bench.db (a demo database, e.g. `DATABASE_PATH=.data/board-bench.db tsx scripts/seed-demo.ts --reset`),
// BENCH_PORT=3431 (the app server), BENCH_NGINX_PORT=<BENCH_PORT + 1>, NGINX_BIN=/usr/sbin/nginx, BENCH_ROUNDS=20
// (requests per reader straight at the server; through nginx five times as many), BENCH_HTTP_ONLY=1 (only the HTTP part).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { openSqliteStore } from '../db/store';
import { casePublications, cases, intakePoints, orgNodes } from '../db/tables';
import { boardFigures, findBoardCommunity, listWall, loadBoard } from '../lib/board/board';
import { addSupport } from '../lib/board/supports';
import { startNginx } from '../scripts/city/local';
import { firstLoadJs, percentile, Session } from './http';
import { buildDir, hasBuild, startServer } from './server';

const FILE = path.resolve(process.env.BENCH_DB ?? '.data/board-bench.db');
const PORT = Number(process.env.BENCH_PORT ?? 3431);
const READERS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const NGINX_PORT = Number(process.env.BENCH_NGINX_PORT ?? PORT + 1);
const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
/** Issue 14: the public board's p95 server time under 50 concurrent readers. */
const TARGET_P95_MS = 50;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const summary = (label: string, samples: number[]) =>
  console.log(`${label.padEnd(46)} n=${String(samples.length).padStart(5)}  p50 ${ms(percentile(samples, 50)).padStart(9)}  p95 ${ms(percentile(samples, 95)).padStart(9)}  max ${ms(Math.max(...samples)).padStart(9)}`);

/** `readers` loops at once, each timing `rounds` calls of `fn`. */
async function concurrently(readers: number, rounds: number, fn: (reader: number, round: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: readers }, async (_, r) => {
      for (let i = 0; i < rounds; i++) {
        const t0 = performance.now();
        await fn(r, i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return samples;
}

async function main() {
  process.env.YINGHUO_SUPPORTS_PER_HOUR = '100000';
  const store = openSqliteStore(FILE);
  const [community] = await store.db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.kind, 'community')).orderBy(asc(orgNodes.id)).limit(1);
  if (!community) throw new Error(`${FILE}: no community; seed the demo first`);
  const board = (await findBoardCommunity(store.db, community.id))!;
  const wall = await listWall(store.db, board);
  console.log(`database ${FILE}: board /b/${board.id} (${board.name}), wall ${wall.counts.lit} lit / ${wall.counts.claimed} claimed / ${wall.counts.open} open`);
  if (process.env.BENCH_HTTP_ONLY === '1') {
    await store.close();
    return overHttp(board.id);
  }
  // Warm up, then the readers.
  for (let i = 0; i < 3; i++) await Promise.all([boardFigures(store.db, board), listWall(store.db, board)]);
  summary('board data, uncached (50 readers)', await concurrently(READERS, ROUNDS, async () => {
    await findBoardCommunity(store.db, board.id);
    await boardFigures(store.db, board);
    await listWall(store.db, board);
  }));

  summary('board data as the page reads it (50 readers)', await concurrently(READERS, ROUNDS, async () => {
    await findBoardCommunity(store.db, board.id);
    await loadBoard(store.db, board);
  }));

  // Supports: published open requests and the code of their place.
  const targets = await store.db
    .select({ publicationId: casePublications.id, nodeId: cases.nodeId, gridId: cases.gridId })
    .from(casePublications)
    .innerJoin(cases, eq(cases.id, casePublications.caseId))
    .where(and(eq(casePublications.kind, 'request'), inArray(cases.status, ['submitted', 'accepted', 'assigned', 'in_progress'])))
    .orderBy(asc(casePublications.id))
    .limit(50);
  const codes = new Map<number, string>();
  for (const p of await store.db.select({ nodeId: intakePoints.nodeId, code: intakePoints.code, kind: intakePoints.kind }).from(intakePoints).where(eq(intakePoints.kind, 'grid'))) codes.set(p.nodeId, p.code);
  const usable = targets.filter((t) => codes.has(t.gridId));
  if (usable.length === 0) console.log('附议: no published open request in this database (demo without the board?)');
  else {
    let refused = 0;
    const stamp = Date.now().toString(36);
    const samples = await concurrently(READERS, ROUNDS, async (r, i) => {
      const t = usable[(r * ROUNDS + i) % usable.length]!;
      const device = `${stamp}-${r}-${i}`.padEnd(32, 'x').slice(0, 32);
      const result = await addSupport(store, { code: codes.get(t.gridId)!, publicationId: t.publicationId, deviceId: device, ip: `10.0.${r}.${i}` });
      if (!result.ok) refused++;
    });
    summary(`附议 (50 concurrent devices, ${usable.length} requests)`, samples);
    const one = await concurrently(1, 200, async (_r, i) => {
      const t = usable[i % usable.length]!;
      const result = await addSupport(store, { code: codes.get(t.gridId)!, publicationId: t.publicationId, deviceId: `${stamp}-one-${i}`.padEnd(32, 'y').slice(0, 32), ip: `10.1.0.${i % 250}` });
      if (!result.ok) refused++;
    });
    summary('附议 (one at a time)', one);
    if (refused > 0) console.log(`  refused: ${refused}`);
  }
  await store.close();
  await overHttp(board.id);
}

async function overHttp(boardId: number) {
  if (!hasBuild(buildDir())) {
    console.log('HTTP: no production build (run `next build`); skipped');
    return;
  }
  const server = await startServer({ port: PORT, databasePath: FILE, env: { YINGHUO_JOBS: 'off' }, timeoutMs: 180_000 });
  const runs: Run[] = [];
  try {
    const session = new Session(server.url);
    const weight = await firstLoadJs(session, `/b/${boardId}`);
    console.log(`GET /b/${boardId}: status ${weight.status}, first-load JS ${(weight.gzipTotal / 1024).toFixed(1)} KB gz in ${weight.scripts.length} scripts, HTML ${(weight.htmlGzip / 1024).toFixed(1)} KB gz`);
    runs.push(await readers(`straight at the app server (${server.url})`, `${server.url}/b/${boardId}`, ROUNDS));

    if (!fs.existsSync(NGINX_BIN)) {
      console.log(`through nginx: no nginx at ${NGINX_BIN} (install Debian's nginx or set NGINX_BIN); not measured`);
    } else {
      const nginx = await startNginx({ port: NGINX_PORT, upstreams: [PORT] });
      try {
        const run = await readers(`through nginx (${nginx.url}, scripts/city/nginx.conf)`, `${nginx.url}/b/${boardId}`, ROUNDS * 5);
        // From nginx's access log: the requests it passed on to the app server (any cache status but a copy's), and
        // its own time per request ($request_time, from the request's first byte to the answer's last).
        const lines = nginx.accessLog().filter((l) => l.includes(`/b/${boardId} `));
        const passed = lines.filter((l) => !/cache=(HIT|UPDATING) /.test(l)).length;
        const own = lines.map((l) => Number(l.split(' ').pop()) * 1000).filter((t) => Number.isFinite(t));
        const ownP95 = percentile(own, 95);
        run.note =
          `${passed} of ${lines.length} requests went to the app server; server time (nginx's $request_time, whole ms) ` +
          `p50 ${ms(percentile(own, 50))}, p95 ${ms(ownP95)}, p99 ${ms(percentile(own, 99))}: ${ownP95 < TARGET_P95_MS ? 'PASSES' : 'fails'}`;
        runs.push(run);
      } finally {
        await nginx.stop();
      }
    }
  } finally {
    await server.stop();
  }

  console.log(`\nGET /b/${boardId}, 50 closed-loop readers, times as the readers saw them (target p95 < ${TARGET_P95_MS} ms):`);
  for (const run of runs) {
    const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(run.samples, p));
    const verdict = p95! < TARGET_P95_MS ? 'PASSES' : 'fails';
    console.log(
      `  ${run.label.padEnd(66)} n=${String(run.samples.length).padStart(5)}  p50 ${ms(p50!).padStart(8)}  p95 ${ms(p95!).padStart(8)}  p99 ${ms(p99!).padStart(8)}  ${run.perSecond.toFixed(0).padStart(5)} req/s  ${verdict}`,
    );
    const statuses = [...run.cache].map(([k, n]) => `${k} ${n}`).join(', ');
    if (statuses || run.note) console.log(`  ${''.padEnd(66)} ${[statuses && `X-Cache: ${statuses}`, run.note].filter(Boolean).join('; ')}`);
  }
}

type Run = { label: string; samples: number[]; perSecond: number; cache: Map<string, number>; note?: string };

/** 50 closed-loop readers of `url`, `rounds` requests each, after 5 requests to warm up; every answer must be 200. */
async function readers(label: string, url: string, rounds: number): Promise<Run> {
  for (let i = 0; i < 5; i++) await (await fetch(url)).arrayBuffer();
  // The machine's load says how far these figures are the app's and not its neighbours' (2 cores here, shared).
  const loadBefore = os.loadavg()[0]!;
  const cache = new Map<string, number>();
  const started = performance.now();
  const samples = await concurrently(READERS, rounds, async () => {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    const status = res.headers.get('x-cache');
    if (status) cache.set(status, (cache.get(status) ?? 0) + 1);
  });
  const perSecond = samples.length / ((performance.now() - started) / 1000);
  summary(`GET ${new URL(url).pathname} ${label.split(' (')[0]}`, samples);
  console.log(`  load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after (${os.cpus().length} cores)`);
  return { label, samples, perSecond, cache };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
