// `npm run bench:load`: 32 clients at once for 60 s replaying a day's mix against the production build — grid workers
// (~60 %), secretaries (~25 %), residents through QR forms (~10 %), other systems through the API (~5 %) — then checks
// that every write the server acknowledged is in the database. Seeds a fresh demo database; DATABASE_PATH measures a
// copy of that database instead (e.g. the county), or that file itself with BENCH_IN_PLACE=1 (a copy of your own: the
// run adds its requests to it). WEB_CONCURRENCY=n runs the server as n processes (lib/http/cluster.ts).
//
// Grid workers log requests and accept them through /api/v1 with their session cookie: the same commands their
// pages' server actions call, behind the same session check. Residents post the QR page's forms as a browser without
// JavaScript does (Next's progressive enhancement of the server action; bench/action-forms.ts finds each form by its
// action's id), each from an address of its own: a new request, or now and then a 附议 of an open request the page
// lists for that place.
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { DEFAULT_DEMO_SEED } from '../db/demo/generate';
import { Random } from '../db/demo/random';
import { ENGINE } from '../db/engine';
import { applyMigrations } from '../db/migrate';
import { openSqliteStore, type Store } from '../db/store';
import { accounts, accountScopes, cases, intakePoints, orgNodes } from '../db/tables';
import { hashPassword } from '../lib/auth/password';
import { hashToken } from '../lib/cases/commands';
import { processCount } from '../lib/http/cluster';
import { actionForms, actionIds, formBody } from './action-forms';
import { percentile, Session, signIn } from './http';
import { copyDatabase, prepareDatabase } from './seed';
import { buildDir, hasBuild, startServer, type Server } from './server';
import { ms, printTable, type Row } from './table';
import { benchTokenFor } from './token';

const PORT = Number(process.env.BENCH_PORT ?? 3306);
const DATABASE = path.resolve('.data/bench-load.db');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const TARGET_P95 = 300;
/**
 * A person's pause before each request, drawn evenly from this range (BENCH_THINK_MS="min-max" in ms; "0": none).
 * People read a page before they tap on: 1–4 s is short for that (a worker reads a case for longer), so the default
 * offers the server more than real users would. With 0 every client fires its next request the moment the last one
 * answered: a saturation test, whose throughput is the most the server can do at this mix, and whose latencies are
 * queueing time (32 requests always waiting on 2 cores), not what a user sees.
 */
const THINK = ((spec: string) => {
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec.trim());
  if (!m) throw new Error(`BENCH_THINK_MS: "${spec}" is not "min-max" or a number of milliseconds`);
  const min = Number(m[1]);
  const max = Number(m[2] ?? m[1]);
  if (max < min) throw new Error(`BENCH_THINK_MS: ${max} is below ${min}`);
  return { min, max };
})(process.env.BENCH_THINK_MS ?? '1000-4000');
const thinkRandom = new Random(DEFAULT_DEMO_SEED).fork(7);
const think = () => (THINK.max === 0 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, thinkRandom.int(THINK.min, THINK.max))));
/** The accounts the bench signs in as get this password in its copy of the database. */
export const PASSWORD = 'Bench@Load2026';

export type Worker = { username: string; buildingId: number; numbers: string[] };
export type Cast = {
  workers: Worker[];
  secretaries: string[];
  intakeCodes: string[];
  api: { token: string; buildingId: number; categoryId: number };
  categoryId: number;
};

/** Who the bench plays, from whatever the database holds; their passwords are reset in this copy only. */
export async function castFrom(store: Store): Promise<Cast> {
  const db = store.db;
  const workerRows = await db
    .select({ id: accounts.id, username: accounts.username, path: orgNodes.path, nodeId: orgNodes.id })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true), eq(orgNodes.kind, 'grid')))
    .orderBy(asc(accounts.id), asc(orgNodes.id))
    .limit(24);
  const workers: Worker[] = [];
  const seen = new Set<string>();
  for (const w of workerRows) {
    if (seen.has(w.username)) continue;
    seen.add(w.username);
    const [building] = await db
      .select({ id: orgNodes.id })
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${w.path}%`)))
      .orderBy(asc(orgNodes.id))
      .limit(1);
    const numbers = (await db.select({ number: cases.number }).from(cases).where(eq(cases.gridId, w.nodeId)).orderBy(asc(cases.id)).limit(200)).map((r) => r.number);
    if (numbers.length > 0) workers.push({ username: w.username, buildingId: building?.id ?? w.nodeId, numbers });
    if (workers.length === 12) break;
  }
  const secretaries = (
    await db
      .select({ username: accounts.username })
      .from(accounts)
      .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
      .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
      .where(and(eq(accounts.role, 'secretary'), eq(accounts.active, true), inArray(orgNodes.kind, ['community', 'township'])))
      .orderBy(asc(accounts.id), asc(orgNodes.id))
      .limit(4)
  ).map((r) => r.username);
  const intakeCodes = (
    await db
      .select({ code: intakePoints.code })
      .from(intakePoints)
      .where(and(eq(intakePoints.active, true), inArray(intakePoints.kind, ['building', 'grid'])))
      .orderBy(asc(intakePoints.id))
      .limit(40)
  ).map((r) => r.code);
  if (workers.length === 0 || secretaries.length === 0 || intakeCodes.length === 0) {
    throw new Error(`bench: the database needs grid workers with cases (${workers.length}), secretaries (${secretaries.length}) and QR intake points (${intakeCodes.length})`);
  }
  await setPasswords(store, [...workers.map((w) => w.username), ...secretaries]);
  const api = await benchTokenFor(store);
  return { workers, secretaries, intakeCodes, api, categoryId: api.categoryId };
}

/** The bench's one password for these accounts, in its copy of the database only. */
export async function setPasswords(store: Store, usernames: string[]): Promise<void> {
  const hash = hashPassword(PASSWORD);
  await store.write(async (tx) => {
    await tx.update(accounts).set({ passwordHash: hash, mustChangePassword: false }).where(inArray(accounts.username, usernames));
  });
}

/** A write the server acknowledged: a request logged (and accepted, with the version it answered), or a 附议 with its status link. */
export type Ack = { number: string; accepted?: number } | { supportToken: string };

export class Recorder {
  readonly samples = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  readonly acks: Ack[] = [];
  /** Requests whose think time ends after the run are not sent. */
  deadline = Infinity;

  async time(kind: string, expected: number[], request: () => Promise<Response>): Promise<{ res: Response; body: string } | null> {
    await think();
    if (performance.now() >= this.deadline) return null;
    const started = performance.now();
    try {
      const res = await request();
      const body = await res.text();
      const list = this.samples.get(kind) ?? [];
      list.push(performance.now() - started);
      this.samples.set(kind, list);
      if (!expected.includes(res.status)) {
        this.fail(`${kind}: HTTP ${res.status}`);
        return null;
      }
      return { res, body };
    } catch (error) {
      this.fail(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  fail(what: string) {
    this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
  }
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A grid worker's round: their home, a case of their grid, and now and then a request logged and accepted. */
async function workerRound(s: Session, w: Worker, cast: Cast, r: Random, rec: Recorder) {
  await rec.time('worker: GET /work', [200], () => s.fetch('/work'));
  await rec.time('worker: GET /cases/<number>', [200], () => s.fetch(`/cases/${w.numbers[r.int(0, w.numbers.length - 1)]}`));
  if (!r.chance(0.3)) return;
  const created = await rec.time('worker: log a request', [201], () =>
    s.fetch('/api/v1/cases', json({ description: `巡查发现：楼道灯不亮，已联系物业（负载测试 ${r.int(1, 1e9)}）。`, source: 'patrol', nodeId: w.buildingId, urgency: 'normal' })),
  );
  if (!created) return;
  const c = JSON.parse(created.body) as { number: string; version: number };
  const ack: { number: string; accepted?: number } = { number: c.number };
  rec.acks.push(ack);
  const accepted = await rec.time('worker: accept it', [200], () =>
    s.fetch(`/api/v1/cases/${c.number}/actions`, json({ action: 'accept', categoryId: cast.categoryId, urgency: 'normal', version: c.version })),
  );
  if (accepted) ack.accepted = (JSON.parse(accepted.body) as { version: number }).version;
}

const QUEUE_FILTERS = ['', '?view=pending', '?view=overdue', '?view=follow_up', '?status=closed&sort=oldest', '?urgency=urgent', '?page=20', '?q=%E8%B7%AF%E7%81%AF'];

async function secretaryRound(s: Session, r: Random, rec: Recorder) {
  await rec.time('secretary: GET /desk/cases?…', [200], () => s.fetch(`/desk/cases${QUEUE_FILTERS[r.int(0, QUEUE_FILTERS.length - 1)]}`));
  if (r.chance(0.25)) await rec.time('secretary: GET /desk/stats', [200], () => s.fetch('/desk/stats?period=last_12_months'));
}

/** The QR page's two server actions (app/(public)/s/[code]/actions.ts), by the ids this build gave them. */
type QrActions = { submit: string; support: string };

function qrActions(): QrActions {
  const ids = actionIds(buildDir(), 'app/(public)/s/[code]/actions.ts');
  const submit = ids.get('submitRequest');
  const support = ids.get('supportRequest');
  if (!submit || !support) throw new Error(`bench: the build's QR page lacks submitRequest or supportRequest (has ${[...ids.keys()].join(', ')})`);
  return { submit, support };
}

/**
 * How often a resident who finds their problem among the page's open published requests (是不是同一件事？) taps
 * 附议 on it instead of writing a new request: the page asks them to, so a good share of them do.
 */
const SUPPORT_SHARE = 0.4;

/**
 * A resident scans a QR code and, as a browser without JavaScript does, either supports one of the open requests the
 * page lists (附议, when it lists any) or submits the request form; then opens their status page.
 */
async function residentRound(base: string, cast: Cast, actions: QrActions, r: Random, rec: Recorder, address: string) {
  const code = cast.intakeCodes[r.int(0, cast.intakeCodes.length - 1)]!;
  const headers = { 'x-forwarded-for': address };
  const page = await rec.time('resident: GET /s/<code>', [200], () => fetch(`${base}/s/${code}`, { headers }));
  if (!page) return;
  const forms = actionForms(page.body);
  const supportForms = forms.filter((f) => f.actionId === actions.support);
  let token: string | undefined;
  if (supportForms.length > 0 && r.chance(SUPPORT_SHARE)) {
    const form = supportForms[r.int(0, supportForms.length - 1)]!;
    // The action answers with a redirect: to the supporter's own status page, or back to the QR page with a refusal.
    const posted = await rec.time('resident: 附议 (me too)', [303], () =>
      fetch(`${base}/s/${code}`, { method: 'POST', body: formBody(form, { phone: '' }), headers: { ...headers, origin: base }, redirect: 'manual' }),
    );
    if (!posted) return;
    const location = posted.res.headers.get('location') ?? '';
    token = /\/t\/([A-Za-z0-9_-]{20,})$/.exec(location)?.[1];
    if (!token) return rec.fail(`resident: 附议 refused (→ ${location || 'no location'})`);
    rec.acks.push({ supportToken: token });
  } else {
    const form = forms.find((f) => f.actionId === actions.submit);
    if (!form) return rec.fail('resident: the QR page has no request form');
    const body = formBody(form, { description: `小区路灯坏了好几天，晚上回家很不方便（负载测试 ${r.int(1, 1e9)}）。`, place: `${r.int(1, 6)}单元门口` });
    const posted = await rec.time('resident: submit the QR form', [200], () => fetch(`${base}/s/${code}`, { method: 'POST', body, headers: { ...headers, origin: base } }));
    if (!posted) return;
    const number = /YH\d{8}-\d{4,}/.exec(posted.body)?.[0];
    token = /\/t\/([A-Za-z0-9_-]{20,})/.exec(posted.body)?.[1];
    if (!number || !token) return rec.fail('resident: no tracking number or status link in the answer');
    rec.acks.push({ number });
  }
  await rec.time('resident: GET /t/<token>', [200], () => fetch(`${base}/t/${token}`, { headers }));
}

async function apiRound(base: string, cast: Cast, r: Random, rec: Recorder) {
  const auth = { authorization: `Bearer ${cast.api.token}`, 'content-type': 'application/json' };
  const created = await rec.time('api: POST /api/v1/cases', [201], () =>
    fetch(`${base}/api/v1/cases`, { method: 'POST', headers: auth, body: JSON.stringify({ description: `12345转办：噪音扰民（负载测试 ${r.int(1, 1e9)}）。`, source: 'hotline_12345', nodeId: cast.api.buildingId, urgency: 'normal' }) }),
  );
  if (created) rec.acks.push({ number: (JSON.parse(created.body) as { number: string }).number });
  // The first page, then a few more by following nextCursor, as a client pages through the list.
  let cursor: string | null = null;
  for (let pages = r.int(1, 4); pages > 0; pages--) {
    const query: string = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const listed = await rec.time('api: GET /api/v1/cases', [200], () => fetch(`${base}/api/v1/cases${query}`, { headers: auth }));
    cursor = listed ? (JSON.parse(listed.body) as { nextCursor: string | null }).nextCursor : null;
    if (!cursor) break;
  }
}

/** What one run of the clients measured: per kind of request, the errors, and every write the server acknowledged. */
export type LoadRun = { rec: Recorder; seconds: number };

/** CLIENTS clients for SECONDS against `base` (one server, or nginx in front of several), as the cast. */
export async function runLoad(base: string, cast: Cast): Promise<LoadRun> {
  const rec = new Recorder();
  const actions = qrActions();
  // 60 / 25 / 10 / 5 of 32 clients: 19 grid workers, 8 secretaries, 3 residents, 2 API clients.
  const counts = { worker: Math.round(CLIENTS * 0.6), secretary: Math.round(CLIENTS * 0.25), resident: Math.round(CLIENTS * 0.1) };
  const kinds = Array.from({ length: CLIENTS }, (_, i) =>
    i < counts.worker ? 'worker' : i < counts.worker + counts.secretary ? 'secretary' : i < counts.worker + counts.secretary + counts.resident ? 'resident' : 'api',
  );
  const sessions = new Map<number, Session>();
  for (const [i, kind] of kinds.entries()) {
    if (kind !== 'worker' && kind !== 'secretary') continue;
    const s = new Session(base);
    await signIn(s, kind === 'worker' ? cast.workers[i % cast.workers.length]!.username : cast.secretaries[i % cast.secretaries.length]!, PASSWORD);
    sessions.set(i, s);
  }
  console.log(
    `Signed in ${sessions.size} staff clients; ${processCount(process.env.WEB_CONCURRENCY)} server process(es); running ${CLIENTS} clients for ${SECONDS} s, ${THINK.max === 0 ? 'no pause between requests (saturation)' : `a pause of ${THINK.min / 1000}–${THINK.max / 1000} s before each request`} …`,
  );

  const deadline = performance.now() + SECONDS * 1000;
  rec.deadline = deadline;
  const started = performance.now();
  let resident = 0;
  await Promise.all(
    kinds.map(async (kind, i) => {
      const r = new Random(DEFAULT_DEMO_SEED).fork(1000 + i);
      while (performance.now() < deadline) {
        if (kind === 'worker') await workerRound(sessions.get(i)!, cast.workers[i % cast.workers.length]!, cast, r, rec);
        else if (kind === 'secretary') await secretaryRound(sessions.get(i)!, r, rec);
        else if (kind === 'resident') await residentRound(base, cast, actions, r, rec, `10.${(resident >> 16) & 255}.${(resident >> 8) & 255}.${resident++ & 255}`);
        else await apiRound(base, cast, r, rec);
      }
    }),
  );
  return { rec, seconds: (performance.now() - started) / 1000 };
}

/** What lostWrites asks a database; both engines answer the same SQL (bench/city.ts runs it on PostgreSQL). */
export type QueryOne = (text: string, param: string) => Promise<Record<string, unknown> | undefined>;

const CASE_QUERY = `select c.version as version, exists (select 1 from case_events e where e.case_id = c.id and e.action = 'accept') as accepted from cases c where c.number = $1`;
const SUPPORT_QUERY = `select 1 as found from case_supports where token_hash = $1`;

/**
 * How many acknowledged writes the database lacks: the case, or its acceptance where that was acknowledged, or the
 * 附议 behind a status link (stored as the hash of its token).
 */
export async function lostWrites(acks: readonly Ack[], queryOne: QueryOne): Promise<number> {
  let lost = 0;
  for (const ack of acks) {
    if ('supportToken' in ack) {
      if (!(await queryOne(SUPPORT_QUERY, hashToken(ack.supportToken)))) lost++;
      continue;
    }
    const c = await queryOne(CASE_QUERY, ack.number);
    if (!c || (ack.accepted !== undefined && (!c.accepted || Number(c.version) < ack.accepted))) lost++;
  }
  return lost;
}

/** lostWrites's questions on a SQLite file. */
export function sqliteQueryOne(sqlite: Database.Database): QueryOne {
  return async (text, param) => sqlite.prepare(text.replace('$1', '?')).get(param) as Record<string, unknown> | undefined;
}

/** The result table of one run; `ok` false on a row that missed its target. */
export function loadRows(run: LoadRun, lost: number): Row[] {
  const { rec, seconds } = run;
  const rows: Row[] = [...rec.samples].map(([kind, samples]) => {
    const p95 = percentile(samples, 95);
    return {
      cells: [kind, String(samples.length), `${(samples.length / seconds).toFixed(1)} /s`, ms(percentile(samples, 50)), ms(p95), ms(percentile(samples, 99)), `p95 < ${TARGET_P95} ms`],
      ok: p95 < TARGET_P95,
    };
  });
  const errorCount = [...rec.errors.values()].reduce((a, b) => a + b, 0);
  rows.push({ cells: ['errors', String(errorCount), '', '', '', '', '0'], ok: errorCount === 0, note: errorCount ? [...rec.errors].map(([w, n]) => `${n}× ${w}`).join('; ') : undefined });
  rows.push({ cells: ['acknowledged writes lost', `${lost} of ${rec.acks.length}`, '', '', '', '', '0'], ok: lost === 0 });
  return rows;
}

export const loadTableHead = (seconds: number) => [`${CLIENTS} clients, ${seconds.toFixed(0)} s, ${THINK.max === 0 ? 'no pauses' : `pauses ${THINK.min / 1000}–${THINK.max / 1000} s`}`, 'n', 'rate', 'p50', 'p95', 'p99', 'target'];

/** All requests answered per second over the run. */
export function throughput(run: LoadRun): number {
  return [...run.rec.samples.values()].reduce((n, l) => n + l.length, 0) / run.seconds;
}

async function main(): Promise<number> {
  const dist = buildDir();
  if (!hasBuild(dist)) {
    console.error(`No production build in ${dist}. Run \`npm run build\` first.`);
    return 2;
  }
  if (ENGINE !== 'sqlite') {
    console.error('bench:load measures a SQLite file: unset DATABASE_URL (`npm run bench:city` measures PostgreSQL).');
    return 2;
  }
  let file = DATABASE;
  if (process.env.DATABASE_PATH) {
    const source = path.resolve(process.env.DATABASE_PATH);
    if (process.env.BENCH_IN_PLACE === '1') {
      file = source;
      console.log(`Measuring ${file} in place.`);
    } else {
      file = path.resolve('.data/bench-load-copy.db');
      copyDatabase(source, file);
      console.log(`Measuring a copy of ${source} at ${file}.`);
    }
  } else {
    console.log(`Seeding a fresh demo database at ${DATABASE} …`);
    const seeded = await prepareDatabase(DATABASE);
    console.log(`  ${seeded.cases} cases in ${seeded.seedMs} ms.`);
  }
  const opened = openDatabase(file);
  applyMigrations(opened.db);
  opened.sqlite.close();
  const store = openSqliteStore(file);
  const cast = await castFrom(store).finally(() => store.close());
  console.log(`Cast: ${cast.workers.length} grid workers, ${cast.secretaries.length} secretaries, ${cast.intakeCodes.length} QR codes, one API token.`);

  let server: Server | null = null;
  const stop = async () => {
    await server?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(130)));
  try {
    // One proxy in front: each simulated resident comes from an address of its own, as on the internet.
    process.env.TRUSTED_PROXIES = '1';
    server = await startServer({ port: PORT, databasePath: file });
    const run = await runLoad(server.url, cast);
    await stop();
    server = null;

    // Every acknowledged write must be in the database: the case, and its acceptance where one was acknowledged.
    const check = new Database(file, { readonly: true });
    const lost = await lostWrites(run.rec.acks, sqliteQueryOne(check)).finally(() => check.close());

    const total = [...run.rec.samples.values()].reduce((n, l) => n + l.length, 0);
    const rows = loadRows(run, lost);
    printTable(loadTableHead(run.seconds), rows);
    console.log(`\n${total} requests in ${run.seconds.toFixed(1)} s: ${throughput(run).toFixed(1)} requests/s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
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

// bench/city.ts imports the run from here.
if (require.main === module) main().then((code) => process.exit(code));
