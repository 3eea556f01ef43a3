// The statistics from the aggregates equal those from every case, on the demo year and after random lifecycle commands and tree moves; the aggregate tables equal a recount from the cases.
// The demo year is made on SQLite and read on the engine of this test process (on PostgreSQL from a verified copy of it,
// registerTestStore's source); the writes and the SQLite plans are SQLite's own (PostgreSQL's triggers: db/pg/migrations.test.ts).
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, like } from 'drizzle-orm';
import { connectionOf } from '@/db/demo/bulk-insert';
import { DEFAULT_DEMO_NOW } from '@/db/demo/generate';
import { Random } from '@/db/demo/random';
import { accounts, cases, categories, orgNodes, units } from '@/db/schema';
import { ENGINE } from '@/db/engine';
import { openSqliteStore, type AppDb } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, performActionSync } from '@/lib/cases/commands';
import { availableActions, type ActionInput, type ActionName, type Actor } from '@/lib/cases/lifecycle';
import type { Viewer } from '@/lib/cases/visibility';
import { moveNode } from '@/lib/registry/nodes';
import { computeStats, monthPieces, planPeriod } from './aggregates';
import { computeStatsDirect } from './direct';
import { bucketOfMs } from './hours';
import { percentile } from './percentile';
import { chinaMonth, PERIOD_PRESETS, resolvePeriod, type PeriodPreset } from './period';
import { sqliteFigures, type FigureQuestion } from './sqlite-figures';
import type { HandlerListing, StatsPeriod } from './types';

// The demo year (its intake points and requests), from the run's template.
const { db, file, sqlite: connection, close } = openTestDatabase({ year: true });
// The tree's moves (lib/registry/nodes.ts) write through a store over this very connection, as the app's appStore does.
const store = openSqliteStore(file, { writer: connection });
after(async () => {
  await store.close();
  close();
});
const sqlite = connectionOf(db);
const NOW = DEFAULT_DEMO_NOW;
// Unchanged when the store opens (the writes below are SQLite's, in tests): on PostgreSQL the run's copy of the demo year.
const storeFor = registerTestStore({ source: { file, sqlite: connection, year: true } });
/** The reads of this engine's store (undefined: skipped, PostgreSQL missing). */
const readsOf = (t: TestContext): AppDb | undefined => storeFor(t)?.db;

const accountId = (username: string) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
const actor = (username: string) => actorFromUser(loadUserSync(db, accountId(username))!) as Extract<Actor, { kind: 'account' }>;
const node = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const longsheng = node('龙盛华庭');
const longhuGarden = node('龙湖花园');
const fuqianGarden = node('府前花园');

const VIEWERS: Record<string, Viewer> = {
  'admin (county)': actor('admin'),
  'zhenshuji (township)': actor('zhenshuji'),
  'shuji (龙湖社区)': actor('shuji'),
  'fqshuji (府前社区)': actor('fqshuji'),
  'wg01 (one grid)': actor('wg01'),
  'integration (龙湖花园)': { kind: 'integration', id: 9001, name: '测试系统', scope: { paths: [longhuGarden.path] } },
};

const DAY = 86_400_000;
const day = (s: string) => s;
const PERIODS: { label: string; period: (now: Date) => StatsPeriod }[] = [
  ...PERIOD_PRESETS.filter((p): p is Exclude<PeriodPreset, 'custom'> => p !== 'custom').map((p) => ({ label: p, period: (now: Date) => resolvePeriod({ period: p }, now) })),
  // Not whole months: the edges are counted from the cases, the months between from the aggregates.
  { label: 'custom 02-10 … 05-20', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2026-02-10'), to: day('2026-05-20') }, now) },
  { label: 'custom inside one month', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2026-07-03'), to: day('2026-07-27') }, now) },
  // Edge months read the other way: these edges hold fewer days inside the period than outside, so they are added from the cases.
  { label: 'custom 02-25 … 05-05', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2026-02-25'), to: day('2026-05-05') }, now) },
  { label: 'custom of three days', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2026-07-10'), to: day('2026-07-12') }, now) },
  { label: 'custom across the new year, from before the data', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2025-10-15'), to: day('2026-01-31') }, now) },
  { label: 'custom ending today', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2026-09-01'), to: chinaDayOf(now) }, now) },
  // Whole years and quarters (migration 0023) with months left over on either side, and partly covered edge months.
  { label: 'custom 2024-11-01 … 2026-12-31: months, a whole year, and a year with data', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2024-11-01'), to: day('2026-12-31') }, now) },
  { label: 'custom 2025-11-01 … 2026-10-31: months, quarters, no year', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2025-11-01'), to: day('2026-10-31') }, now) },
  { label: 'custom 2025-12-12 … 2026-09-18: quarters between partly covered edge months', period: (now: Date) => resolvePeriod({ period: 'custom', from: day('2025-12-12'), to: day('2026-09-18') }, now) },
];
const chinaDayOf = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

async function assertSame(reads: AppDb, viewer: Viewer, period: StatsPeriod, now: Date, what: string) {
  const fast = await computeStats(reads, viewer, period, now);
  const direct = await computeStatsDirect(reads, viewer, period, now);
  assert.deepEqual(fast, direct, what);
  return fast;
}

describe('planPeriod', () => {
  const plan = (from: string, to: string) => {
    const p = planPeriod(resolvePeriod({ period: 'custom', from, to }, NOW));
    return { months: [p.first, p.last], direct: p.direct.map((d) => `${d.sign > 0 ? '+' : '-'}${chinaDayOf(d.span.from)}…${chinaDayOf(new Date(d.span.to.getTime() - 1))}`) };
  };
  test('a partly covered month is read by the fewer days: its days in the period, or the whole month less the others', () => {
    assert.deepEqual(plan('2026-01-10', '2026-10-20'), { months: ['2026-01', '2026-10'], direct: ['-2026-01-01…2026-01-09', '-2026-10-21…2026-10-31'] });
    assert.deepEqual(plan('2026-01-25', '2026-10-05'), { months: ['2026-02', '2026-09'], direct: ['+2026-01-25…2026-01-31', '+2026-10-01…2026-10-05'] });
    assert.deepEqual(plan('2026-03-01', '2026-04-30'), { months: ['2026-03', '2026-04'], direct: [] });
    assert.deepEqual(plan('2026-07-03', '2026-07-27'), { months: ['2026-07', '2026-07'], direct: ['-2026-07-01…2026-07-02', '-2026-07-28…2026-07-31'] });
    assert.deepEqual(plan('2026-07-10', '2026-07-12'), { months: ['2026-07', '2026-06'], direct: ['+2026-07-10…2026-07-12'] });
  });
});

describe('monthPieces', () => {
  test('whole years, then whole quarters, then the months left over', () => {
    assert.deepEqual(monthPieces('2026-01', '2026-12'), { periods: ['2026'], months: [] });
    assert.deepEqual(monthPieces('2025-12', '2026-11'), { periods: ['2026-Q1', '2026-Q2', '2026-Q3'], months: ['2025-12', '2026-10', '2026-11'] });
    assert.deepEqual(monthPieces('2025-11', '2026-10'), { periods: ['2026-Q1', '2026-Q2', '2026-Q3'], months: ['2025-11', '2025-12', '2026-10'] });
    assert.deepEqual(monthPieces('2025-10', '2026-09'), { periods: ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'], months: [] });
    assert.deepEqual(monthPieces('2024-11', '2026-12'), { periods: ['2025', '2026'], months: ['2024-11', '2024-12'] });
    assert.deepEqual(monthPieces('2026-02', '2026-03'), { periods: [], months: ['2026-02', '2026-03'] });
    assert.deepEqual(monthPieces('2026-07', '2026-07'), { periods: [], months: ['2026-07'] });
    assert.deepEqual(monthPieces('2026-07', '2026-06'), { periods: [], months: [] });
  });
});

/**
 * The scopes whose every period is compared: a community of two grids, one grid, an integration's grid. How a period
 * is read (whole years, quarters and months from the aggregates, edge days added or taken away from the cases, the
 * clock) is the same code whatever the scope; these scopes hold few cases, so the direct computation is cheap.
 */
const EVERY_PERIOD = new Set(['fqshuji (府前社区)', 'wg01 (one grid)', 'integration (龙湖花园)']);
/**
 * The large scopes (the county, the township, the community of eleven grids: nearly every case of the demo year, where
 * a year read from the cases costs about ten times as much) add what is theirs, their nodes and their many grids and
 * handlers, on one period of each shape: the month running (open and overdue cases), twelve months (quarters and
 * months), whole years, edge days added, edge days taken away.
 */
const LARGE_SCOPE_PERIODS = new Set(['this_month', 'last_12_months', 'custom 2024-11-01 … 2026-12-31: months, a whole year, and a year with data', 'custom 02-25 … 05-05', 'custom 02-10 … 05-20']);

describe('on the demo year: computeStats equals computeStatsDirect', () => {
  test('the chosen scopes and periods are those of the lists (a renamed one would drop out unnoticed)', () => {
    assert.deepEqual(PERIODS.map((p) => p.label).filter((l) => LARGE_SCOPE_PERIODS.has(l)).sort(), [...LARGE_SCOPE_PERIODS].sort());
    assert.deepEqual(Object.keys(VIEWERS).filter((n) => EVERY_PERIOD.has(n)).sort(), [...EVERY_PERIOD].sort());
  });
  for (const [name, viewer] of Object.entries(VIEWERS)) {
    const periods = EVERY_PERIOD.has(name) ? PERIODS : PERIODS.filter((p) => LARGE_SCOPE_PERIODS.has(p.label));
    test(`${name}: ${EVERY_PERIOD.has(name) ? 'every preset and some custom periods' : 'a period of each shape'}, now and ten days later`, async (t) => {
      const reads = readsOf(t);
      if (!reads) return;
      let received = 0;
      for (const { label, period } of periods) {
        for (const now of [NOW, new Date(NOW.getTime() + 10 * DAY)]) {
          const s = await assertSame(reads, viewer, period(now), now, `${name}, ${label}, at ${now.toISOString()}`);
          received += s.totals.received;
        }
      }
      assert.ok(received > 0, 'the periods hold cases of this scope');
    });
  }

  test('supporters\' ratings (附议) are counted in 满意率, once each, by both computations', async (t) => {
    const reads = readsOf(t);
    if (!reads) return;
    const year = resolvePeriod({ period: 'last_12_months' }, NOW);
    const stats = await assertSame(reads, VIEWERS['admin (county)']!, year, NOW, 'admin, supporters');
    const own = sqlite.prepare(`select count(*) as n from cases where rating is not null and created_at >= ? and created_at < ?`).get(year.from.getTime(), year.to.getTime()) as { n: number };
    const supporters = sqlite
      .prepare(`select count(*) as n from case_supports s join cases c on c.id = s.case_id where s.rating is not null and c.created_at >= ? and c.created_at < ?`)
      .get(year.from.getTime(), year.to.getTime()) as { n: number };
    assert.ok(supporters.n > 100, 'the demo year has rated supporters');
    assert.equal(stats.totals.satisfaction.denominator, own.n + supporters.n);
  });

  test('one grid, a grid outside the scope, and the township of both communities', async (t) => {
    const reads = readsOf(t);
    if (!reads) return;
    const year = resolvePeriod({ period: 'last_12_months' }, NOW);
    const grid = await assertSame(reads, VIEWERS['shuji (龙湖社区)']!, { ...year, gridId: longsheng.id }, NOW, 'shuji, 龙盛华庭');
    assert.ok(grid.totals.received > 500 && grid.byGrid.length === 1);
    const outside = await assertSame(reads, VIEWERS['shuji (龙湖社区)']!, { ...year, gridId: fuqianGarden.id }, NOW, 'shuji, a grid of 府前社区');
    assert.equal(outside.totals.received, 0);
    const township = await assertSame(reads, VIEWERS['zhenshuji (township)']!, { ...year, gridId: fuqianGarden.id }, NOW, 'zhenshuji, 府前花园');
    assert.ok(township.totals.received > 0);
    const county = await computeStats(reads, VIEWERS['admin (county)']!, year, NOW);
    assert.deepEqual(
      county.byCommunity.map((c) => c.name),
      ['龙湖社区', '府前社区'],
    );
    assert.equal(
      county.byCommunity.reduce((n, c) => n + c.received, 0),
      county.totals.received,
      'the communities add up to the total',
    );
    assert.deepEqual(
      county.byTownship.map((t) => [t.name, t.received]),
      [['龙兴镇', county.totals.received]],
    );
  });

  test("the busiest handlers of each role only (the page's listing): the first of the full list, every other figure the same", async (t) => {
    const reads = readsOf(t);
    if (!reads) return;
    // Whole months (every preset): the listing is ranked in SQL (aggregates.ts addRankedHandlers), the full list in
    // JavaScript; a custom period with days read from the cases is listed in JavaScript both ways.
    const periods = [resolvePeriod({ period: 'last_12_months' }, NOW), resolvePeriod({ period: 'last_month' }, NOW), resolvePeriod({ period: 'custom', from: '2026-02-10', to: '2026-05-20' }, NOW)];
    const viewers = [VIEWERS['admin (county)']!, VIEWERS['shuji (龙湖社区)']!];
    for (const [year, viewer] of periods.flatMap((p) => viewers.map((v) => [p, v] as const))) {
      const all = await computeStats(reads, viewer, year, NOW);
      const ofRole = (rows: typeof all.byWorker, role: string) => rows.filter((w) => w.role === role);
      assert.deepEqual(all.handlerCounts, {
        grid_worker: ofRole(all.byWorker, 'grid_worker').length,
        party_member: ofRole(all.byWorker, 'party_member').length,
        other: all.byWorker.length - ofRole(all.byWorker, 'grid_worker').length - ofRole(all.byWorker, 'party_member').length,
      });
      assert.ok(all.handlerCounts.grid_worker > 3 && all.handlerCounts.party_member > 3, JSON.stringify(all.handlerCounts));
      // wholeUpTo (the page's rule: whole up to 20, else the busiest 10): the role with fewer handlers is listed whole,
      // the other (when it has more) cut at `top`.
      const fewer = Math.min(all.handlerCounts.grid_worker, all.handlerCounts.party_member);
      const listings: HandlerListing[] = [{ top: 3 }, { top: 3, full: 'party_member' }, { top: 1000 }, { top: 2, wholeUpTo: fewer }];
      for (const listing of listings) {
        // The listing is applied where both computations meet (tally.ts, assemble): the direct one once, to show it passes it on.
        for (const compute of listing.full ? [computeStats, computeStatsDirect] : [computeStats]) {
          const top = await compute(reads, viewer, year, NOW, listing);
          const { byWorker, ...rest } = top;
          const { byWorker: allWorkers, ...allRest } = all;
          assert.deepEqual(rest, allRest, 'every other figure');
          for (const role of ['grid_worker', 'party_member'] as const) {
            const expected = ofRole(allWorkers, role);
            const whole = listing.full === role || expected.length <= (listing.wholeUpTo ?? 0);
            assert.deepEqual(ofRole(byWorker, role), whole ? expected : expected.slice(0, listing.top), `${viewer.name} ${role} ${JSON.stringify(listing)}`);
          }
          assert.deepEqual(
            byWorker.filter((w) => w.role !== 'grid_worker' && w.role !== 'party_member'),
            allWorkers.filter((w) => w.role !== 'grid_worker' && w.role !== 'party_member'),
          );
        }
      }
    }
  });

  test('median and p90 from the buckets lie within half a bucket of the exact percentiles of every duration', async (t) => {
    const reads = readsOf(t);
    if (!reads) return;
    const year = resolvePeriod({ period: 'last_12_months' }, NOW);
    // The figures from this engine's store, the exact durations from the SQLite original (the same rows).
    const s = await computeStats(reads, VIEWERS['shuji (龙湖社区)']!, year, NOW);
    const shuji = VIEWERS['shuji (龙湖社区)']!;
    const spans = sqlite
      .prepare(
        `select coalesce(accepted_at, case when status in ('rejected', 'duplicate') then closed_at end) - created_at as accept,
           case when status in ('resolved', 'closed') then resolved_at - created_at end as resolve
         from cases where node_path like ? and created_at >= ? and created_at < ?`,
      )
      .all(`${shuji.scope.paths[0]}%`, year.from.getTime(), year.to.getTime()) as { accept: number | null; resolve: number | null }[];
    for (const [kind, p] of [
      ['accept', s.hoursToAccept],
      ['resolve', s.hoursToResolve],
    ] as const) {
      const hours = spans
        .map((x) => x[kind])
        .filter((v): v is number => v !== null)
        .map((v) => v / 3_600_000)
        .sort((a, b) => a - b);
      assert.equal(p.count, hours.length);
      for (const [q, estimate] of [
        [0.5, p.median],
        [0.9, p.p90],
      ] as const) {
        const pos = (hours.length - 1) * q;
        const neighbours = [hours[Math.floor(pos)]!, hours[Math.ceil(pos)]!];
        const bound = neighbours.some((h) => h >= 48) ? 1.2 : 0.05;
        const exact = percentile(hours, q)!;
        assert.ok(estimate !== null && Math.abs(estimate - exact) <= bound + 1e-9, `${kind} p${q * 100}: ${estimate} vs exact ${exact} (bound ${bound} h)`);
      }
    }
  });

  test('the rates are the definitions: on the demo year they are neither empty nor trivial', async (t) => {
    const reads = readsOf(t);
    if (!reads) return;
    const s = await computeStats(reads, VIEWERS['shuji (龙湖社区)']!, resolvePeriod({ period: 'last_12_months' }, NOW), NOW);
    for (const r of [s.totals.response, s.totals.resolution, s.totals.satisfaction]) assert.ok(r.value !== null && r.value > 0.5 && r.value < 1, JSON.stringify(r));
    assert.ok(s.hoursToResolve.count > 10_000 && s.partyClaims.claims > 1000, JSON.stringify({ h: s.hoursToResolve, c: s.partyClaims }));
  });
});

// PostgreSQL only: the same questions asked of the SQLite original, in a process of its own on SQLite.
if (ENGINE === 'pg') {
  describe('on the demo year: PostgreSQL gives the figures SQLite gives', () => {
    test('every viewer, presets and custom periods, from the aggregates and from the cases', async (t) => {
      const reads = readsOf(t);
      if (!reads) return;
      const questions: FigureQuestion[] = [];
      for (const viewer of Object.values(VIEWERS)) {
        for (const { period } of PERIODS) {
          const p = period(NOW);
          questions.push({ viewer, from: p.from.toISOString(), to: p.to.toISOString(), now: NOW.toISOString() });
        }
      }
      const year = resolvePeriod({ period: 'last_12_months' }, NOW);
      questions.push({ viewer: VIEWERS['shuji (龙湖社区)']!, from: year.from.toISOString(), to: year.to.toISOString(), gridId: longsheng.id, now: NOW.toISOString() });
      questions.push({ viewer: VIEWERS['admin (county)']!, from: year.from.toISOString(), to: year.to.toISOString(), now: NOW.toISOString(), direct: true });
      const fromSqlite = sqliteFigures(file, questions);
      let received = 0;
      for (const [i, q] of questions.entries()) {
        const period = { from: new Date(q.from), to: new Date(q.to), gridId: q.gridId };
        const mine = await (q.direct ? computeStatsDirect : computeStats)(reads, q.viewer, period, new Date(q.now));
        assert.deepEqual(JSON.parse(JSON.stringify(mine)), fromSqlite[i], `question ${i}: ${q.viewer.name} ${q.from} … ${q.to}`);
        received += mine.totals.received;
      }
      assert.ok(received > 10_000, `the questions cover the demo year (${received} received)`);
    });
  });
}

// ---- the aggregate tables against a recount of the cases, written here in TypeScript ------------

type CaseRow = {
  id: number;
  grid_id: number;
  node_path: string;
  created_at: number;
  category_id: number | null;
  source: string;
  status: string;
  handler_kind: string | null;
  handler_account_id: number | null;
  accepted_at: number | null;
  closed_at: number | null;
  resolved_at: number | null;
  accept_due_at: number;
  rating: string | null;
};

const COUNTS = ['received', 'rejected', 'duplicate', 'responded', 'resolved', 'satisfied', 'basically', 'unsatisfied'] as const;

function contribution(c: CaseRow): number[] {
  const triage = c.accepted_at ?? (c.status === 'rejected' || c.status === 'duplicate' ? c.closed_at : null);
  const flags: Record<(typeof COUNTS)[number], boolean> = {
    received: true,
    rejected: c.status === 'rejected',
    duplicate: c.status === 'duplicate',
    responded: triage !== null && triage <= c.accept_due_at,
    resolved: c.status === 'resolved' || c.status === 'closed',
    satisfied: c.rating === 'satisfied',
    basically: c.rating === 'basically',
    unsatisfied: c.rating === 'unsatisfied',
  };
  return COUNTS.map((k) => (flags[k] ? 1 : 0));
}

function add(map: Map<string, number[]>, key: string, values: number[]) {
  const current = map.get(key) ?? values.map(() => 0);
  map.set(
    key,
    current.map((v, i) => v + values[i]!),
  );
}

/** Rows whose counts are all zero are the same as no row. */
function nonZero(map: Map<string, number[]>): Map<string, number[]> {
  return new Map([...map.entries()].filter(([, v]) => v.some((x) => x !== 0)).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function table(query: string, keyColumns: string[], valueColumns: readonly string[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (const r of sqlite.prepare(query).all() as Record<string, number | string>[]) {
    map.set(
      keyColumns.map((k) => r[k]).join('|'),
      valueColumns.map((v) => Number(r[v])),
    );
  }
  return nonZero(map);
}

function recount() {
  const month = (ms: number) => chinaMonth(new Date(ms));
  const closedBefore = (sqlite.prepare('select month from stats_period_boundary').pluck().get() as string | undefined) ?? '';
  const rows = sqlite.prepare('select * from cases').all() as CaseRow[];
  // 附议 (migration 0032): each rated support is one more rating of its case, in every row of the case.
  const supporters = new Map<string, number[]>();
  for (const r of sqlite.prepare('select case_id, rating from case_supports where rating is not null').all() as { case_id: number; rating: string }[]) {
    add(supporters, String(r.case_id), COUNTS.map((k) => (k === r.rating ? 1 : 0)));
  }
  const place = new Map<string, number[]>();
  const kind = new Map<string, number[]>();
  const hours = new Map<string, number[]>();
  for (const c of rows) {
    const own = contribution(c);
    const theirs = supporters.get(String(c.id));
    const values = theirs ? own.map((v, i) => v + theirs[i]!) : own;
    const worker = c.handler_kind === 'grid_worker' || c.handler_kind === 'party_member' ? (c.handler_account_id ?? 0) : 0;
    add(place, `${c.grid_id}|${month(c.created_at)}|${worker}`, values);
    const triage = c.accepted_at ?? (c.status === 'rejected' || c.status === 'duplicate' ? c.closed_at : null);
    const resolvedAt = c.status === 'resolved' || c.status === 'closed' ? c.resolved_at : null;
    // The nodes from the top of the tree down to the case's grid (migration 0018): none below it.
    const path = c.node_path.split('/').filter(Boolean);
    for (const id of path.slice(0, path.indexOf(String(c.grid_id)) + 1)) {
      add(kind, `${id}|${month(c.created_at)}|${c.category_id ?? 0}|${c.source}`, values);
      if (triage !== null) add(hours, `${id}|${month(c.created_at)}|0|${bucketOfMs(triage - c.created_at)}`, [1]);
      if (resolvedAt !== null) add(hours, `${id}|${month(c.created_at)}|1|${bucketOfMs(resolvedAt - c.created_at)}`, [1]);
    }
  }
  const claims = new Map<string, number[]>();
  const claimRows = sqlite
    .prepare(`select e.at, e.actor_account_id as actor, c.grid_id, c.status, c.handler_account_id from case_events e join cases c on c.id = e.case_id where e.action = 'claim'`)
    .all() as { at: number; actor: number; grid_id: number; status: string; handler_account_id: number | null }[];
  for (const e of claimRows) {
    add(claims, `${e.grid_id}|${month(e.at)}|${e.actor}`, [1, (e.status === 'resolved' || e.status === 'closed') && e.handler_account_id === e.actor ? 1 : 0]);
  }
  return {
    place: nonZero(place),
    kind: nonZero(kind),
    hours: nonZero(hours),
    claims: nonZero(claims),
    supporters: nonZero(new Map([...supporters].map(([k, v]) => [k, v.slice(COUNTS.indexOf('satisfied'))]))),
    placePeriods: periodsOf(place, closedBefore),
    claimPeriods: periodsOf(claims, closedBefore),
    hourPeriods: periodsOf(hours, closedBefore),
  };
}

/**
 * Rows keyed id|month|… of the months before `closedBefore` summed into id|year|… and id|year-Qn|…, as the period
 * tables of migration 0023 hold them since migration 0036 (the closed months only).
 */
function periodsOf(months: Map<string, number[]>, closedBefore: string): Map<string, number[]> {
  const periods = new Map<string, number[]>();
  for (const [key, values] of months) {
    const [id, month, ...rest] = key.split('|') as [string, string, ...string[]];
    if (month >= closedBefore) continue;
    const year = month.slice(0, 4);
    add(periods, [id, year, ...rest].join('|'), values);
    add(periods, [id, `${year}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`, ...rest].join('|'), values);
  }
  return nonZero(periods);
}

function assertAggregatesExact(when: string) {
  const expected = recount();
  assert.deepEqual(table('select * from stats_grid_months', ['grid_id', 'month', 'worker_id'], COUNTS), expected.place, `stats_grid_months ${when}`);
  assert.deepEqual(table('select * from stats_node_months', ['node_id', 'month', 'category_id', 'source'], COUNTS), expected.kind, `stats_node_months ${when}`);
  assert.deepEqual(table('select * from stats_node_hours', ['node_id', 'month', 'kind', 'bucket'], ['n']), expected.hours, `stats_node_hours ${when}`);
  assert.deepEqual(table('select * from stats_grid_claims', ['grid_id', 'month', 'account_id'], ['claims', 'done']), expected.claims, `stats_grid_claims ${when}`);
  assert.deepEqual(table('select * from stats_case_supports', ['case_id'], ['satisfied', 'basically', 'unsatisfied']), expected.supporters, `stats_case_supports ${when}`);
  assert.ok(expected.supporters.size > 0, 'the cases have rated supporters');
  assert.deepEqual(table('select * from stats_grid_periods', ['grid_id', 'period', 'worker_id'], COUNTS), expected.placePeriods, `stats_grid_periods ${when}`);
  assert.deepEqual(table('select * from stats_grid_claim_periods', ['grid_id', 'period', 'account_id'], ['claims', 'done']), expected.claimPeriods, `stats_grid_claim_periods ${when}`);
  assert.deepEqual(table('select * from stats_node_hour_periods', ['node_id', 'period', 'kind', 'bucket'], ['n']), expected.hourPeriods, `stats_node_hour_periods ${when}`);
  assert.ok(expected.placePeriods.size > 0 && expected.claimPeriods.size > 0 && expected.hourPeriods.size > 0, 'the period tables hold rows');
}

// SQLite only: the writes go through the synchronous commands on the SQLite original.
if (ENGINE === 'sqlite') describe('the aggregates stay exact through every kind of write', () => {
  test('after seeding the demo year (bulk inserts of finished cases and their claims)', () => {
    assertAggregatesExact('after the demo seed');
  });

  test('after random lifecycle commands on new and old cases, and two tree moves', async () => {
    const random = new Random(20261202);
    const cast: Actor[] = ['admin', 'shuji', 'fqshuji', 'wg01', 'wg02', 'wg21', 'dy01', 'dy02', 'dy04', 'dw01', 'bm01'].map(actor);
    cast.push({ kind: 'resident' }, { kind: 'system' });
    const categoryIds = db.select({ id: categories.id }).from(categories).limit(3).all().map((c) => c.id);
    const unitIds = db.select({ id: units.id }).from(units).limit(2).all().map((u) => u.id);
    const wg01 = accountId('wg01');
    const plain = (action: ActionName, number: string): ActionInput => {
      const inputs: Record<ActionName, ActionInput> = {
        accept: { action: 'accept', categoryId: categoryIds[random.int(0, categoryIds.length - 1)]!, urgency: random.chance(0.2) ? 'urgent' : 'normal' },
        reject: { action: 'reject', reason: '不属于受理范围' },
        mark_duplicate: { action: 'mark_duplicate', duplicateOf: number },
        handle_self: { action: 'handle_self' },
        assign_worker: { action: 'assign_worker', accountId: wg01 },
        post_to_board: { action: 'post_to_board' },
        claim: { action: 'claim' },
        hand_to_unit: { action: 'hand_to_unit', unitId: unitIds[0]! },
        escalate: { action: 'escalate', reason: '需要部门协调', unitId: unitIds[1]! },
        sign: { action: 'sign' },
        return: { action: 'return', reason: '不属于本单位' },
        progress: { action: 'progress', note: '正在处理' },
        request_extension: { action: 'request_extension', hours: 48, reason: '等待配件' },
        decide_extension: { action: 'decide_extension', grant: random.chance(0.5) },
        resolve: { action: 'resolve', note: '已修好' },
        rate: { action: 'rate', rating: (['satisfied', 'basically', 'unsatisfied'] as const)[random.int(0, 2)]! },
        supervise: { action: 'supervise', note: '请尽快办理', dueAt: new Date(clock + random.int(-48, 240) * 3_600_000) } as ActionInput,
        auto_close: { action: 'auto_close' },
      };
      return inputs[action];
    };

    // Open cases of the demo (the last weeks) and new ones over two months, in three grids.
    const buildingOf = (grid: { path: string }) =>
      db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
    const ids: number[] = (sqlite.prepare(`select id from cases where status in ('submitted', 'accepted', 'assigned', 'in_progress') order by id limit 60`).all() as { id: number }[]).map(
      (r) => r.id,
    );
    let clock = NOW.getTime() + DAY;
    const places = [buildingOf(longsheng).id, buildingOf(longhuGarden).id, fuqianGarden.id];
    const creators = [actor('wg01'), actor('wg02'), actor('wg21')];
    for (let i = 0; i < 90; i++) {
      const which = random.int(0, 2);
      const created = createCaseSync(db, creators[which]!, { description: '随机测试：路灯不亮', source: 'patrol', nodeId: places[which]!, urgency: 'normal' }, [], new Date((clock += random.int(10, 60 * 12) * 60_000)));
      assert.ok(created.ok, JSON.stringify(created));
      ids.push(created.id);
    }
    // 附议 on some of them, rated, before the commands move them (accept sets the category, assign the handler …): the
    // supporters' ratings must move with their case. More are given, changed and withdrawn between the commands.
    const ratings = ['satisfied', 'basically', 'unsatisfied', null] as const;
    const addSupport = sqlite.prepare('insert into case_supports (case_id, kind, device_hash, rating, rated_at, created_at) values (?, ?, ?, ?, ?, ?)');
    let devices = 0;
    const support = (caseId: number) => {
      const rating = ratings[random.int(0, 3)]!;
      addSupport.run(caseId, 'device', `test-device-${++devices}`, rating, rating ? clock : null, clock);
    };
    for (let i = 0; i < 40; i++) support(ids[random.int(0, ids.length - 1)]!);
    const supportChange = () => {
      const mine = sqlite.prepare(`select id from case_supports where device_hash like 'test-device-%' order by id`).all() as { id: number }[];
      if (mine.length === 0) return;
      const one = mine[random.int(0, mine.length - 1)]!;
      if (random.chance(0.2)) sqlite.prepare('delete from case_supports where id = ?').run(one.id);
      else sqlite.prepare('update case_supports set rating = ? where id = ?').run(ratings[random.int(0, 3)], one.id);
    };
    let done = 0;
    const reached = new Set<string>();
    for (let step = 0; step < 1500; step++) {
      if (step % 25 === 0) {
        support(ids[random.int(0, ids.length - 1)]!);
        supportChange();
      }
      const id = ids[random.int(0, ids.length - 1)]!;
      const c = sqlite.prepare('select * from cases where id = ?').get(id) as CaseRow & { number: string; version: number };
      const now = new Date((clock += random.chance(0.03) ? 3 * DAY : random.int(1, 180) * 60_000));
      const snapshot = db.select().from(cases).where(eq(cases.id, id)).get()!;
      const offered = cast.flatMap((a) => availableActions(snapshot, a, now).map((action) => ({ a, action })));
      if (offered.length === 0) continue;
      const pick = offered[random.int(0, offered.length - 1)]!;
      const duplicateOf = (sqlite.prepare('select number from cases where id = ?').get(ids[0]!) as { number: string }).number;
      const result = performActionSync(db, pick.a, { id }, { ...plain(pick.action, duplicateOf), version: c.version }, [], now);
      if (result.ok) {
        done++;
        reached.add(pick.action);
      }
    }
    assert.ok(done > 500, `${done} commands went through`);
    for (const deep of ['accept', 'claim', 'resolve', 'rate', 'escalate', 'supervise', 'reject']) assert.ok(reached.has(deep), `reached ${deep}: ${[...reached].join(', ')}`);
    assertAggregatesExact('after random commands');

    // A building to another grid (its cases change grid and path), then a grid to another community.
    const admin = actor('admin');
    // Building names repeat across grids (1号楼 …): give the moving one a name of its own first.
    const building = buildingOf(longsheng);
    sqlite.prepare('update org_nodes set name = ? where id = ?').run('测试调入楼', building.id);
    const movedCases = sqlite.prepare(`select count(*) as n from cases where node_path like ?`).get(`${building.path}%`) as { n: number };
    assert.ok(movedCases.n > 50, `the building holds ${movedCases.n} cases`);
    const moved = await moveNode(store, admin, { nodeId: building.id, targetParentId: longhuGarden.id }, new Date(clock));
    assert.ok(moved.ok, JSON.stringify(moved));
    const movedGrid = await moveNode(store, admin, { nodeId: longhuGarden.id, targetParentId: node('府前社区').id }, new Date(clock));
    assert.ok(movedGrid.ok, JSON.stringify(movedGrid));
    assertAggregatesExact('after the tree moves');

    // And the figures still agree, for the scopes the moves changed.
    const now = new Date(clock);
    for (const username of ['admin', 'shuji', 'fqshuji', 'zhenshuji']) {
      const viewer = actor(username);
      for (const period of [resolvePeriod({ period: 'last_12_months' }, now), resolvePeriod({ period: 'this_month' }, now), resolvePeriod({ period: 'custom', from: '2026-10-20', to: chinaDayOf(now) }, now)]) {
        await assertSame(db, viewer, period, now, `${username} after the moves`);
      }
    }
    const year = resolvePeriod({ period: 'last_12_months' }, now);
    const fq = await computeStats(db, actor('fqshuji'), year, now);
    const inGarden = sqlite
      .prepare('select count(*) as n from cases where grid_id = ? and created_at >= ? and created_at < ?')
      .get(longhuGarden.id, year.from.getTime(), year.to.getTime()) as { n: number };
    assert.ok(inGarden.n > 100);
    assert.equal(fq.byGrid.find((g) => g.gridId === longhuGarden.id)?.received, inGarden.n, '龙湖花园 now counts for 府前社区, with the cases of the building moved into it');
  });
});

// SQLite only: its query plans.
if (ENGINE === 'sqlite') describe('the open cases of a period', () => {
  test('are read from their covering partial index alone, never from the cases table (migration 0019)', async () => {
    // Catches the statements computeStats runs on the open cases' index, with their parameters, to explain them.
    const proto = Object.getPrototypeOf(sqlite.prepare('select 1')) as { all: (...args: unknown[]) => unknown; get: (...args: unknown[]) => unknown };
    const seen: { source: string; args: unknown[] }[] = [];
    const originals = { all: proto.all, get: proto.get };
    for (const method of ['all', 'get'] as const) {
      proto[method] = function (this: { source: string }, ...args: unknown[]) {
        if (this.source.includes('cases_open_path_idx')) seen.push({ source: this.source, args });
        return originals[method].apply(this, args);
      };
    }
    try {
      for (const viewer of [VIEWERS['admin (county)']!, VIEWERS['shuji (龙湖社区)']!]) await computeStats(db, viewer, resolvePeriod({ period: 'last_12_months' }, NOW), NOW);
    } finally {
      Object.assign(proto, originals);
    }
    assert.ok(seen.length >= 4, `open-case statements seen: ${seen.length}`);
    for (const { source, args } of seen) {
      const plan = (sqlite.prepare(`explain query plan ${source}`).all(...args) as { detail: string }[]).map((r) => r.detail);
      assert.ok(plan.some((l) => l.includes('USING COVERING INDEX cases_open_path_idx')), `${source.slice(0, 120)}:\n${plan.join('\n')}`);
    }
  });
  test('附议 ratings come from the aggregates; only the days counted from the cases read supports, driven by those days\' cases', async () => {
    const proto = Object.getPrototypeOf(sqlite.prepare('select 1')) as { all: (...args: unknown[]) => unknown; raw: (...args: unknown[]) => unknown };
    const seen: { source: string; args: unknown[] }[] = [];
    const original = proto.all;
    proto.all = function (this: { source: string }, ...args: unknown[]) {
      if (this.source.includes('case_supports')) seen.push({ source: this.source, args });
      return original.apply(this, args);
    };
    const run = async (period: { from: Date; to: Date }) => {
      seen.length = 0;
      for (const viewer of [VIEWERS['admin (county)']!, VIEWERS['shuji (龙湖社区)']!]) await computeStats(db, viewer, period, NOW);
      return [...seen];
    };
    try {
      // Whole months: the aggregates alone, no statement reads case_supports (it used to read every rated support).
      const wholeMonths = await run(resolvePeriod({ period: 'custom', from: '2026-01-01', to: '2026-06-30' }, NOW));
      assert.deepEqual(wholeMonths, [], 'whole months read no supports');
      // Partly covered months: their days are read from the cases, and those days' supports with them.
      const partly = await run(resolvePeriod({ period: 'custom', from: '2026-01-10', to: '2026-09-20' }, NOW));
      assert.ok(partly.length >= 2, `support statements seen: ${partly.length}`);
      for (const { source, args } of partly) {
        const plan = (sqlite.prepare(`explain query plan ${source}`).all(...args) as { detail: string }[]).map((r) => r.detail);
        assert.ok(/SEARCH cases USING INDEX cases_grid_created_idx \(grid_id=\? AND created_at>\? AND created_at<\?\)/.test(plan.join('\n')), `those days' cases drive, grid by grid:\n${plan.join('\n')}`);
        assert.ok(plan.some((l) => /SEARCH case_supports USING INDEX \w+ \(case_id=\?/.test(l)), `each case's supports by its id:\n${plan.join('\n')}`);
        assert.ok(!plan.some((l) => /SCAN (cases|case_supports)\b/.test(l)), `no scan:\n${plan.join('\n')}`);
      }
    } finally {
      proto.all = original;
    }
  });
});
