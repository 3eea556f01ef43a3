// `tsx bench/board.ts`: the public board and 附议 under load (issue 14), on a copy of the demo database.
// In-process (lib/, no HTTP): 50 concurrent readers each reading the board's data uncached (the community, both months'
// figures, the wish wall) — the cost of a board render after a revalidation — and 50 concurrent supports (附议), each
// a new device. Over HTTP, when a production build exists (`next build`): 50 concurrent readers of /b/<id> (the cached
// page, as residents get it) and the board's first-load JavaScript, gzipped.
// BENCH_DB=.data/board-bench.db (a demo database, e.g. `DATABASE_PATH=.data/board-bench.db tsx scripts/seed-demo.ts --reset`),
// BENCH_PORT=3431, BENCH_ROUNDS=20.
import path from 'node:path';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { openSqliteStore } from '../db/store';
import { casePublications, cases, intakePoints, orgNodes } from '../db/tables';
import { boardFigures, findBoardCommunity, listWall, loadBoard } from '../lib/board/board';
import { addSupport } from '../lib/board/supports';
import { firstLoadJs, percentile, Session } from './http';
import { buildDir, hasBuild, startServer } from './server';

const FILE = path.resolve(process.env.BENCH_DB ?? '.data/board-bench.db');
const PORT = Number(process.env.BENCH_PORT ?? 3431);
const READERS = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

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

  if (!hasBuild(buildDir())) {
    console.log('HTTP: no production build (run `next build`); skipped');
    return;
  }
  const server = await startServer({ port: PORT, databasePath: FILE, env: { YINGHUO_JOBS: 'off' } });
  try {
    const session = new Session(server.url);
    const weight = await firstLoadJs(session, `/b/${board.id}`);
    console.log(`GET /b/${board.id}: status ${weight.status}, first-load JS ${(weight.gzipTotal / 1024).toFixed(1)} KB gz in ${weight.scripts.length} scripts, HTML ${(weight.htmlGzip / 1024).toFixed(1)} KB gz`);
    for (let i = 0; i < 5; i++) await (await fetch(`${server.url}/b/${board.id}`)).arrayBuffer();
    summary(`GET /b/${board.id} (50 concurrent readers)`, await concurrently(READERS, ROUNDS, async () => {
      const res = await fetch(`${server.url}/b/${board.id}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /b/${board.id}: ${res.status}`);
    }));
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
