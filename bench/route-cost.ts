// `npx tsx bench/route-cost.ts`: the CPU of the app's own part of an /api/v1 request — the route handlers called
// in-process with Request objects, as Next calls them, without Next and without HTTP — for create, list and accept,
// 8 callers at once (as bench:throughput's clients), on a copy of the bench:commands demo database (or DATABASE_PATH),
// beside the same commands and query called directly (createCase, listCases, performAction as the token's actor):
// the difference is the handler's own share (token check, body and query parsing, the answer's JSON); subtracted
// from bench:throughput's server CPU per request, the handler's figure leaves what Next and HTTP cost. BENCH_ROUNDS
// rounds of BENCH_N requests per row take turns, so a busy neighbour slows all alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyDatabase } from './seed';
import { printTable, type Row } from './table';

const SOURCE = path.resolve(process.env.DATABASE_PATH ?? '.data/bench-commands.db');
const COPY = path.resolve('.data/bench-route-cost.db');
const N = Number(process.env.BENCH_N ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function main() {
  if (!fs.existsSync(SOURCE)) throw new Error(`bench: no database at ${SOURCE} (run npm run bench:commands once, or set DATABASE_PATH)`);
  copyDatabase(SOURCE, COPY);
  // The handlers' appStore() opens DATABASE_PATH on first use: the copy.
  process.env.DATABASE_PATH = COPY;
  const { openDatabase } = await import('../db/client');
  const { applyMigrations } = await import('../db/migrate');
  const { benchTokenFor } = await import('./token');
  const { db, sqlite } = openDatabase(COPY);
  applyMigrations(db);
  sqlite.close();
  const { openSqliteStore } = await import('../db/store');
  const setup = openSqliteStore(COPY);
  const data = await benchTokenFor(setup).finally(() => setup.close());
  const casesRoute = await import('../app/api/v1/cases/route');
  const actionsRoute = await import('../app/api/v1/cases/[number]/actions/route');
  const { appStore } = await import('../db/store');
  const { authenticateToken } = await import('../lib/api/tokens');
  const { createCase, performAction } = await import('../lib/cases/commands');
  const { listCases } = await import('../lib/cases/queries');
  const { caseListQuerySchema } = await import('../lib/cases/schemas');
  const { formatCursor } = await import('../lib/cases/case-list');
  const actor = await authenticateToken(appStore(), data.token);
  if (!actor) throw new Error('bench: the token does not authenticate');
  const auth = { authorization: `Bearer ${data.token}` };
  const none = { params: Promise.resolve({}) };
  const send = async (handler: Handler, url: string, init: RequestInit, params?: Record<string, string>, expected = 200) => {
    const res = await handler(new Request(`http://127.0.0.1${url}`, init), params === undefined ? none : { params: Promise.resolve(params) });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`bench: ${url} answered ${res.status}: ${text.slice(0, 200)}`);
    return text;
  };
  let k = 0;
  const create = () =>
    send(casesRoute.POST as Handler, '/api/v1/cases', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ description: `12345转办：楼道灯不亮，居民反映已有三天（路由成本 ${++k}）。`, source: 'hotline_12345', nodeId: data.buildingId, urgency: 'normal' }),
    }, undefined, 201);
  // The accept route takes cases this run created (their numbers and versions from the create answers).
  const pool: { number: string; version: number }[] = [];
  const createAndKeep = async () => {
    const body = JSON.parse(await create()) as { number: string; version: number };
    pool.push(body);
  };
  const listCursors = [''];
  const list = (i: number) => send(casesRoute.GET as Handler, `/api/v1/cases${listCursors[i % listCursors.length]}`, { headers: auth });
  const accept = () => {
    const c = pool.pop();
    if (!c) throw new Error('bench: the accept pool ran dry');
    return send(actionsRoute.POST as Handler, `/api/v1/cases/${c.number}/actions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'accept', categoryId: data.categoryId, urgency: 'normal', version: c.version }),
    }, { number: c.number });
  };
  while (listCursors.length < 5) {
    const page = JSON.parse(await list(listCursors.length - 1)) as { nextCursor: string | null };
    if (!page.nextCursor) break;
    listCursors.push(`?cursor=${encodeURIComponent(page.nextCursor)}`);
  }
  const inParallel = async (count: number, one: (i: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < count) await one(next++);
    }));
  };
  // The same work without the handler: the command or query alone, as the token's actor.
  const createDirect = async () => {
    const r = await createCase(appStore(), actor, { description: `12345转办：楼道灯不亮，居民反映已有三天（路由成本 ${++k}）。`, source: 'hotline_12345', nodeId: data.buildingId, urgency: 'normal' }, []);
    if (!r.ok) throw new Error(`bench: createCase refused: ${r.message}`);
    pool.push({ number: r.number, version: r.version });
  };
  const listQueries = listCursors.map((c) => caseListQuerySchema.parse(c ? { cursor: decodeURIComponent(c.slice('?cursor='.length)) } : {}));
  const listDirect = async (i: number) => {
    const page = await listCases(appStore().db, actor, listQueries[i % listQueries.length]!);
    return page.next && formatCursor(page.next);
  };
  const acceptDirect = async () => {
    const c = pool.pop();
    if (!c) throw new Error('bench: the accept pool ran dry');
    const r = await performAction(appStore(), actor, { number: c.number }, { action: 'accept', categoryId: data.categoryId, urgency: 'normal', version: c.version });
    if (!r.ok) throw new Error(`bench: accept refused: ${r.message}`);
  };
  const routes = [
    { name: 'POST /api/v1/cases', kind: 'create', run: () => inParallel(N, () => createAndKeep()) },
    { name: '  createCase alone', kind: 'create', run: () => inParallel(N, () => createDirect()) },
    { name: 'GET /api/v1/cases', kind: 'list', run: () => inParallel(N, (i) => list(i)) },
    { name: '  listCases alone', kind: 'list', run: () => inParallel(N, (i) => listDirect(i)) },
    { name: 'POST /api/v1/cases/{number}/actions (accept)', kind: 'accept', run: () => inParallel(Math.min(N, pool.length), () => accept()) },
    { name: '  performAction alone', kind: 'accept', run: () => inParallel(Math.min(N, pool.length), () => acceptDirect()) },
  ];
  // Warm-up: every path JIT-compiled and every statement prepared.
  for (const r of routes) {
    const one = r.kind === 'list' ? (i: number) => (r.name.startsWith('GET') ? list(i) : listDirect(i)) : r.kind === 'create' ? () => (r.name.startsWith('POST') ? createAndKeep() : createDirect()) : async () => pool.length > 0 && (r.name.startsWith('POST') ? accept() : acceptDirect());
    await inParallel(100, one);
  }
  const tally = routes.map(() => ({ cpu: 0, wall: 0, n: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, r] of routes.entries()) {
      const before = pool.length;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await r.run();
      const d = process.cpuUsage(cpu);
      tally[i]!.wall += performance.now() - t0;
      tally[i]!.cpu += (d.user + d.system) / 1000;
      tally[i]!.n += r.kind === 'accept' ? before - pool.length : N;
    }
  }
  const rows: Row[] = routes.map((r, i) => {
    const t = tally[i]!;
    return { cells: [r.name, String(t.n), `${(t.cpu / t.n).toFixed(3)} ms`, `${((t.n * 1000) / t.wall).toFixed(0)} /s`], ok: true };
  });
  printTable([`route handlers in-process, ${CLIENTS} callers at once`, 'n', 'CPU/request', 'throughput'], rows);
  console.log(`\nload average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
  await appStore().close();
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const s of ['', '-wal', '-shm']) fs.rmSync(COPY + s, { force: true });
  });
