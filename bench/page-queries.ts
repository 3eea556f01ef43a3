// `tsx bench/page-queries.ts`: where a page's database time goes, statement by statement, on the demo and the county side by side.
// In-process: runs what the case page and the desk queue read (lib/ functions, no HTTP or rendering), timing every
// SQLite statement they execute; prints the p95 of each page and the statements that cost most on the larger database.
// Databases: BENCH_DBS="demo=.data/demo.db,county=.data/county.db" (copies: the first run applies migrations).
// Pages: case (case page), desk (the secretary's home /desk), q.* (community queue), c.* (top queue).
// --only=case,desk,q.,c. limits the pages; --statements prints the per-statement table (wall time per page, summed per statement); figures are CPU time unless --wall.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { openDatabase, type DB } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { accounts, cases, orgNodes } from '../db/schema';
import { openSqliteStore, type Store } from '../db/store';
import { auditCaseView } from '../lib/audit/views';
import { loadUser } from '../lib/auth/load-user';
import { actorFromUser, type AccountActor } from '../lib/cases/actor';
import { getCaseDetail } from '../lib/cases/queries';
import { routingOptions } from '../lib/cases/routing';
import { countCasesSince } from '../lib/cases/queries';
import { chinaDayStart, parseQueueFilters } from '../lib/desk/filters';
import { loadDeskQueue, savedViewCounts } from '../lib/desk/queue';
import { countCareTags } from '../lib/org/care';
import { getOrgTree } from '../lib/org/queries';
import { visitCoverage } from '../lib/visits/coverage';
import { queueOptions } from '../lib/desk/queue-options';
import { hasUnreadForCase, unreadCount } from '../lib/notifications/queries';
import { percentile } from './http';

const N = Number(process.env.BENCH_N ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const DBS = (process.env.BENCH_DBS ?? 'demo=.data/demo.db,county=.data/county.db').split(',').map((s) => {
  const [name, file] = s.split('=');
  return { name: name!, file: path.resolve(file!) };
});
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const wanted = (key: string) => !only || only.split(',').some((p) => key.startsWith(p));

/** Per statement (by SQL text): total ms and executions, while `recording` is on. */
type Stat = { ms: number; runs: number };
let recording: Map<string, Stat> | null = null;

/** Wraps the Statement prototype's executing methods once, so every statement of drizzle is timed. */
function instrument(sqlite: Database.Database) {
  const proto = Object.getPrototypeOf(sqlite.prepare('select 1')) as Record<string, unknown> & { __timed?: boolean };
  if (proto.__timed) return;
  proto.__timed = true;
  for (const method of ['all', 'get', 'run', 'iterate'] as const) {
    const original = proto[method] as (...args: unknown[]) => unknown;
    proto[method] = function (this: Database.Statement, ...args: unknown[]) {
      if (!recording) return original.apply(this, args);
      const t = performance.now();
      try {
        const out = original.apply(this, args);
        if (method === 'iterate') return [...(out as Iterable<unknown>)][Symbol.iterator]();
        return out;
      } finally {
        const s = recording.get(this.source) ?? { ms: 0, runs: 0 };
        s.ms += performance.now() - t;
        s.runs++;
        recording.set(this.source, s);
      }
    };
  }
}

type Page = { key: string; label: string; run: (db: DB, i: number) => unknown };

const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function actor(db: DB, username: string): Promise<AccountActor> {
  const id = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()?.id;
  if (!id) throw new Error(`no account ${username}`);
  return actorFromUser((await loadUser(db, id))!);
}

async function pages(db: DB, which: string, store: Store): Promise<Page[]> {
  const now = new Date();
  const grid = db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, '龙盛华庭'))).get()!;
  // The same case numbers bench/county.ts opens: wg01's grid's open cases, then every 50th of its last 2,000 closed.
  const open = db.select({ number: cases.number }).from(cases).where(and(eq(cases.gridId, grid.id), inArray(cases.status, ['submitted', 'accepted', 'assigned', 'in_progress', 'resolved']))).all();
  const closed = db.select({ number: cases.number }).from(cases).where(and(eq(cases.gridId, grid.id), eq(cases.status, 'closed'))).orderBy(desc(cases.id)).limit(2_000).all();
  const numbers = [...open.slice(0, 40), ...closed.filter((_, i) => i % 50 === 0)].map((c) => c.number);
  const wg01 = await actor(db, 'wg01');
  const shuji = await actor(db, 'shuji');
  const top = await actor(db, which === 'demo' ? 'zhenshuji' : 'xianshuji');
  const quarterAgo = chinaDay(Date.now() - 90 * 86_400_000);
  const queue = (viewer: AccountActor, query: Record<string, string>) => async (d: DB) => {
    await unreadCount(d, viewer.id);
    await loadDeskQueue(d, viewer, parseQueueFilters(query), now);
    return queueOptions(d, viewer.scope);
  };
  const list: Page[] = [
    {
      key: 'case',
      label: 'case page (wg01)',
      run: async (d, i) => {
        await unreadCount(d, wg01.id);
        const c = (await getCaseDetail(d, wg01, numbers[i % numbers.length]!, now))!;
        await auditCaseView(store, wg01.id, c, now);
        if (c.actions.some((a) => ['accept', 'assign_worker', 'hand_to_unit', 'escalate'].includes(a))) await routingOptions(d, c.nodePath);
        return hasUnreadForCase(d, wg01.id, c.id);
      },
    },
    {
      // What app/(staff)/desk/page.tsx and its layout read, in the same order.
      key: 'desk',
      label: 'secretary home /desk (shuji)',
      run: async (d) => {
        await unreadCount(d, shuji.id);
        await getOrgTree(d, shuji.scope);
        await countCareTags(d, shuji.scope);
        await savedViewCounts(d, shuji, {}, now);
        await countCasesSince(d, shuji, chinaDayStart(chinaDay(now.getTime())));
        return visitCoverage(d, shuji.scope, now);
      },
    },
  ];
  const urls: [string, string, Record<string, string>][] = [
    ['default', 'default', {}],
    ['overdue', '超期', { view: 'overdue' }],
    ['pending', '待受理', { view: 'pending' }],
    ['follow_up', '待回访', { view: 'follow_up' }],
    ['unsatisfied', '不满意', { view: 'unsatisfied' }],
    ['filter', 'filter (status, from, sort by due)', { status: 'in_progress,assigned', from: quarterAgo, sort: 'due' }],
    ['search3', 'search 充电桩', { q: '充电桩' }],
    ['search2', 'search 路灯', { q: '路灯' }],
    ['rare', 'closed + wish_box, oldest first', { status: 'closed', source: 'wish_box', sort: 'oldest' }],
    ['supervised', 'supervised', { supervised: '1' }],
    ['handler', 'handler filter', { handlerId: String(wg01.id) }],
  ];
  for (const [key, label, q] of urls) list.push({ key: `q.${key}`, label: `community queue: ${label} (shuji)`, run: queue(shuji, q) });
  for (const [key, label, q] of urls) list.push({ key: `c.${key}`, label: `top queue: ${label} (${which === 'demo' ? 'zhenshuji' : 'xianshuji'})`, run: queue(top, q) });
  return list.filter((p) => wanted(p.key));
}

/** Wall time, and CPU time (user + system) of the process, which a busy shared machine disturbs far less. */
type Measured = { p50: number; p95: number; cpu50: number; cpu95: number; statements: Map<string, Stat> };

const CPU = process.argv.includes('--wall') ? false : true;

async function measure(db: DB, page: Page): Promise<Measured> {
  // Awaited: pages that read through the engine-neutral (async) functions finish their queries in later microtasks.
  for (let i = 0; i < WARMUP; i++) await page.run(db, i);
  const samples: number[] = [];
  const cpu: number[] = [];
  recording = new Map();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await page.run(db, WARMUP + i);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    samples.push(performance.now() - t);
  }
  const statements = recording;
  recording = null;
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), cpu50: percentile(cpu, 50), cpu95: percentile(cpu, 95), statements };
}

async function main() {
  const results = new Map<string, Map<string, Measured>>();
  const labels = new Map<string, string>();
  for (const { name, file } of DBS) {
    const { db, sqlite } = openDatabase(file);
    applyMigrations(db);
    instrument(sqlite);
    // The audit row of a case view is a store write, on this database's connection as in the app.
    const store = openSqliteStore(file, { writer: sqlite });
    for (const page of await pages(db, name, store)) {
      labels.set(page.key, page.label);
      const m = await measure(db, page);
      results.set(page.key, (results.get(page.key) ?? new Map()).set(name, m));
      console.log(`${name.padEnd(7)} wall p50 ${m.p50.toFixed(1).padStart(7)} p95 ${m.p95.toFixed(1).padStart(7)} · cpu p50 ${m.cpu50.toFixed(1).padStart(7)} p95 ${m.cpu95.toFixed(1).padStart(7)} ms  ${page.label}`);
    }
    await store.close();
    sqlite.close();
  }
  const [base, big] = [DBS[0]!.name, DBS.at(-1)!.name];
  console.log(`\npage ${CPU ? 'CPU' : 'wall'} p95, ${base} → ${big}:`);
  for (const [key, byDb] of results) {
    const a = byDb.get(base);
    const b = byDb.get(big);
    if (!a || !b) continue;
    const [x, y] = CPU ? [a.cpu95, b.cpu95] : [a.p95, b.p95];
    console.log(`  ${x.toFixed(1).padStart(7)} → ${y.toFixed(1).padStart(7)} ms (${(y / x).toFixed(2)}×)  ${labels.get(key)}`);
    if (!process.argv.includes('--statements')) continue;
    const top = [...b.statements].sort((x, y) => y[1].ms - x[1].ms).slice(0, 6);
    for (const [sql, s] of top) {
      const before = a.statements.get(sql);
      const per = (st: Stat | undefined) => (st ? (st.ms / N).toFixed(2) : '—');
      console.log(`      ${per(before).padStart(7)} → ${per(s).padStart(7)} ms/page  ${sql.replace(/\s+/g, ' ').slice(0, 220)}`);
    }
  }
}

void main();
