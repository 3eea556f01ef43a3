// `npm run bench:case-lists`: the case lists (secretary's queue, grid worker's home) on the demo and on it multiplied, side by side.
// In-process: each sample runs exactly what the page runs against the database (parse the query string,
// counts, one page of rows, the filter choices), without HTTP and rendering, which do not grow with the data.
// Databases: BENCH_DBS="demo=.data/demo.db,x10=.data/x10.db,x50=.data/x50.db" (build them with bench/scale-cases.ts);
// the first is the baseline every other column is compared with.
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openDatabase, type DB } from '../db/client';
import { accounts, orgNodes } from '../db/schema';
import { loadUser } from '../lib/auth/load-user';
import { actorFromUser, type AccountActor } from '../lib/cases/actor';
import { formatCursor } from '../lib/cases/case-list';
import { parseQueueFilters } from '../lib/desk/filters';
import { loadDeskQueue, type DeskQueueResult } from '../lib/desk/queue';
import { loadWorkerHome } from '../lib/cases/worker-home';
import { queueOptions } from '../lib/desk/queue-options';
import { percentile } from './http';
import { printTable, type Row } from './table';

const N = Number(process.env.BENCH_N ?? 40);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const DBS = (process.env.BENCH_DBS ?? 'demo=.data/demo.db,x10=.data/x10.db,x50=.data/x50.db').split(',').map((s) => {
  const [name, file] = s.split('=');
  return { name: name!, file: path.resolve(file!) };
});
const TARGETS = { secretary: 150, worker: 100, flat: 1.5 } as const;

/** China-time calendar day, for date filters. */
const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

type Probe = { label: string; who: 'shuji' | 'wg01' | 'admin'; run: (db: DB, viewer: AccountActor, now: Date) => unknown; target: number };
// `run` may return a promise (the desk's reads are awaited); the timing awaits it.

/** A deep position: the cursor a secretary holds after following 下一页 `pages` times (found once, outside the timing). */
async function deepQuery(db: DB, viewer: AccountActor, now: Date, query: Record<string, string>, pages: number): Promise<Record<string, string>> {
  let q = query;
  for (let i = 0; i < pages; i++) {
    const result: DeskQueueResult = await loadDeskQueue(db, viewer, parseQueueFilters(q), now);
    if (!result.next) break;
    q = { ...query, after: formatCursor(result.next) };
  }
  return q;
}

function probes(now: Date, ids: { grid: string; wg01: string }): Probe[] {
  const monthAgo = chinaDay(new Date(now.getTime() - 30 * 86_400_000));
  const quarterAgo = chinaDay(new Date(now.getTime() - 90 * 86_400_000));
  const desk = (label: string, query: Record<string, string>, who: Probe['who'] = 'shuji'): Probe => ({
    label,
    who,
    run: async (db, viewer, at) => {
      await loadDeskQueue(db, viewer, parseQueueFilters(query), at);
      return queueOptions(db, viewer.scope);
    },
    target: TARGETS.secretary,
  });
  const deep = (label: string, query: Record<string, string>, pages: number): Probe => {
    let at: Record<string, string> | null = null;
    return {
      label,
      who: 'shuji',
      run: async (db, viewer, when) => {
        at ??= await deepQuery(db, viewer, when, query, pages);
        await loadDeskQueue(db, viewer, parseQueueFilters(at), when);
        return queueOptions(db, viewer.scope);
      },
      target: TARGETS.secretary,
    };
  };
  const work = (label: string, query: Record<string, string>): Probe => ({
    label,
    who: 'wg01',
    run: (db, viewer, at) => loadWorkerHome(db, viewer, query, at),
    target: TARGETS.worker,
  });
  return [
    desk('queue: first page', {}),
    desk('view: 待受理 pending', { view: 'pending' }),
    desk('view: 超期 overdue', { view: 'overdue' }),
    desk('view: 待回访 follow_up', { view: 'follow_up' }),
    desk('view: 不满意, by update', { view: 'unsatisfied', sort: 'updated' }),
    desk('view: 我督办的', { view: 'my_supervised' }),
    desk('filter: closed + wish_box, oldest', { status: 'closed', source: 'wish_box', sort: 'oldest' }),
    desk('filter: open, last quarter, by due', { status: 'in_progress,assigned', from: quarterAgo, sort: 'due' }),
    desk('filter: urgent, last month', { from: monthAgo, urgency: 'urgent' }),
    desk('filter: supervised', { supervised: '1' }),
    desk('filter: category', { categoryId: '1' }),
    desk('filter: grid 龙盛华庭', { gridId: ids.grid }),
    desk('filter: handler wg01', { handlerId: ids.wg01 }),
    desk('filter: not rated + closed', { rating: 'none', status: 'closed' }),
    desk('search: 路灯 (2 chars)', { q: '路灯' }),
    desk('search: 漏水 + grid', { q: '漏水', gridId: ids.grid }),
    desk('search: 充电桩 (trigram)', { q: '充电桩' }),
    desk('search: 独居老人 (trigram)', { q: '独居老人' }),
    deep('depth: page 300, newest', {}, 300),
    deep('depth: page 300, oldest', { sort: 'oldest' }, 300),
    deep('depth: page 20, not rated + closed', { rating: 'none', status: 'closed' }, 20),
    desk('admin (county): first page', {}, 'admin'),
    desk('admin (county): overdue', { view: 'overdue' }, 'admin'),
    work('worker home /work', {}),
    work('worker home: 超期 tab', { tab: 'overdue' }),
    work('worker home: search 路灯', { q: '路灯' }),
    work('worker home: page 3', { page: '3' }),
  ];
}

async function measureOn(file: string, now: Date): Promise<{ labels: Probe[]; samples: number[][] }> {
  const { db, sqlite } = openDatabase(file);
  try {
    const idOf = (username: string) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
    const grid = db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.name, '龙盛华庭'))).get()!;
    const viewers = Object.fromEntries(await Promise.all((['shuji', 'wg01', 'admin'] as const).map(async (u) => [u, actorFromUser((await loadUser(db, idOf(u)))!)]))) as Record<Probe['who'], AccountActor>;
    const list = probes(now, { grid: String(grid.id), wg01: String(idOf('wg01')) });
    const samples: number[][] = [];
    for (const p of list) {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + N; i++) {
        const started = performance.now();
        // Awaited: the worker's home reads through awaited builders (on SQLite they run at once).
        await p.run(db, viewers[p.who], now);
        if (i >= WARMUP) times.push(performance.now() - started);
      }
      samples.push(times);
    }
    return { labels: list, samples };
  } finally {
    sqlite.close();
  }
}

async function main(): Promise<number> {
  const now = new Date();
  const columns: number[][][] = [];
  let labels: Probe[] = [];
  for (const { name, file } of DBS) {
    process.stdout.write(`measuring ${name} (${path.relative(process.cwd(), file)}) …\n`);
    const r = await measureOn(file, now);
    labels = r.labels;
    columns.push(r.samples);
  }
  const fmt = (v: number) => v.toFixed(1);
  const rows: Row[] = labels.map((p, i) => {
    const p95s = columns.map((c) => percentile(c[i]!, 95));
    const p50s = columns.map((c) => percentile(c[i]!, 50));
    const ratios = p95s.slice(1).map((v) => v / Math.max(p95s[0]!, 1));
    const cells = [p.label, ...DBS.flatMap((_, j) => [fmt(p50s[j]!), fmt(p95s[j]!)]), ...ratios.map((r) => `${r.toFixed(2)}×`), `< ${p.target}, ≤ ${TARGETS.flat}×`];
    return { cells, ok: p95s.every((v) => v < p.target) && ratios.every((r) => r <= TARGETS.flat) };
  });
  printTable(['case list (in-process, ms)', ...DBS.flatMap((d) => [`${d.name} p50`, `${d.name} p95`]), ...DBS.slice(1).map((d) => `${d.name}/${DBS[0]!.name}`), 'target'], rows);
  const missed = rows.filter((r) => !r.ok).length;
  console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
  return missed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
