// The year and quarter rollups hold the closed months only (migration 0036, PostgreSQL 0019): wherever the boundary
// stands, and as closeStatsMonths moves it either way, each rollup is the sum of its month rows before the boundary
// and the statistics equal the direct computation from the cases. A command on a month from the boundary on writes no
// rollup row. On both engines (registerTestStore: on PostgreSQL a verified copy of the demo year).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { DEFAULT_DEMO_NOW } from '@/db/demo/generate';
import { rawRows } from '@/db/dialect';
import { registerTestStore } from '@/db/store-testing';
import type { Store } from '@/db/store';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, performAction } from '@/lib/cases/commands';
import type { Viewer } from '@/lib/cases/visibility';
import { computeStats } from './aggregates';
import { computeStatsDirect } from './direct';
import { addMonths, chinaMonth, chinaStart, resolvePeriod } from './period';
import { closeStatsMonths } from './periods';
import type { StatsPeriod } from './types';

const storeFor = registerTestStore({ year: true });
const NOW = DEFAULT_DEMO_NOW;

/** Each rollup, its month table, its key besides the period, and its counts. */
const ROLLUPS = [
  { rollup: 'stats_grid_periods', months: 'stats_grid_months', keys: ['grid_id', 'worker_id'], counts: ['received', 'rejected', 'duplicate', 'responded', 'resolved', 'satisfied', 'basically', 'unsatisfied'] },
  { rollup: 'stats_grid_claim_periods', months: 'stats_grid_claims', keys: ['grid_id', 'account_id'], counts: ['claims', 'done'] },
  { rollup: 'stats_node_hour_periods', months: 'stats_node_hours', keys: ['node_id', 'kind', 'bucket'], counts: ['n'] },
] as const;

type Rows = Map<string, string>;

/** A rollup's rows that count (all-zero rows are the same as none), key → counts. */
async function rollupRows(store: Store, r: (typeof ROLLUPS)[number]): Promise<Rows> {
  const rows = await rawRows<Record<string, unknown>>(store.db, sql.raw(`select ${r.keys.join(', ')}, period, ${r.counts.join(', ')} from ${r.rollup}`), store.engine);
  return keyed(rows, [...r.keys, 'period'], r.counts);
}

/** The month rows before `closedBefore` summed by year and by quarter, computed here from the month table. */
async function expectedRollup(store: Store, r: (typeof ROLLUPS)[number], closedBefore: string): Promise<Rows> {
  const rows = await rawRows<Record<string, unknown>>(store.db, sql.raw(`select ${r.keys.join(', ')}, month, ${r.counts.join(', ')} from ${r.months}`), store.engine);
  const sums = new Map<string, { key: Record<string, unknown>; counts: number[] }>();
  for (const row of rows) {
    const month = String(row.month);
    if (month >= closedBefore) continue;
    for (const period of [month.slice(0, 4), `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`]) {
      const key = { ...Object.fromEntries(r.keys.map((k) => [k, row[k]])), period };
      const id = JSON.stringify(Object.values(key).map(String));
      const entry = sums.get(id) ?? { key, counts: r.counts.map(() => 0) };
      r.counts.forEach((c, i) => (entry.counts[i]! += Number(row[c])));
      sums.set(id, entry);
    }
  }
  return keyed(
    [...sums.values()].map(({ key, counts }) => ({ ...key, ...Object.fromEntries(r.counts.map((c, i) => [c, counts[i]])) })),
    [...r.keys, 'period'],
    r.counts,
  );
}

function keyed(rows: Record<string, unknown>[], keys: readonly string[], counts: readonly string[]): Rows {
  const out: Rows = new Map();
  for (const row of rows) {
    const values = counts.map((c) => Number(row[c]));
    if (values.every((v) => v === 0)) continue;
    out.set(JSON.stringify(keys.map((k) => String(row[k]))), values.join(','));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function boundary(store: Store): Promise<string> {
  const [row] = await rawRows<{ month: string }>(store.db, sql`select month from stats_period_boundary where id = 1`, store.engine);
  return row?.month ?? '';
}

async function assertRollupsExact(store: Store, what: string): Promise<void> {
  const closedBefore = await boundary(store);
  for (const r of ROLLUPS) assert.deepEqual(await rollupRows(store, r), await expectedRollup(store, r, closedBefore), `${r.rollup} ${what}`);
}

async function viewer(store: Store, username: string): Promise<Viewer> {
  const [row] = await rawRows<{ id: number }>(store.db, sql`select id from accounts where username = ${username}`, store.engine);
  const user = row && (await loadUser(store.db, Number(row.id)));
  if (!user) throw new Error(`no account ${username}`);
  return actorFromUser(user);
}

const PERIODS: { label: string; period: StatsPeriod }[] = [
  { label: 'last 12 months', period: resolvePeriod({ period: 'last_12_months' }, NOW) },
  { label: '2024-11 … 2026-12: months, a whole year, a year', period: resolvePeriod({ period: 'custom', from: '2024-11-01', to: '2026-12-31' }, NOW) },
  { label: '2025-11 … 2026-10: months and quarters', period: resolvePeriod({ period: 'custom', from: '2025-11-01', to: '2026-10-31' }, NOW) },
];

async function assertStatsExact(store: Store, viewers: Viewer[], what: string): Promise<void> {
  for (const v of viewers) {
    for (const { label, period } of PERIODS) {
      assert.deepEqual(await computeStats(store.db, v, period, NOW), await computeStatsDirect(store.db, v, period, NOW), `${what}: ${label}`);
    }
  }
}

const storeOf = (t: TestContext): Store | undefined => storeFor(t);

test('wherever the boundary stands, each rollup holds the months before it and the statistics equal the direct computation', async (t) => {
  const store = storeOf(t);
  if (!store) return;
  const viewers = [await viewer(store, 'admin'), await viewer(store, 'shuji'), await viewer(store, 'wg01')];
  await assertRollupsExact(store, 'as migrated');
  // Back to nothing closed, then forward a few months at a time, then past every case, then back again.
  for (const month of ['', '2026-04', '2025-12', chinaMonth(NOW), '2027-02', '2026-07']) {
    const before = await boundary(store);
    const moved = await closeStatsMonths(store, month === '' ? new Date(Date.UTC(1999, 0, 1)) : chinaStart(month));
    const target = month === '' ? '1999-01' : month;
    assert.equal(await boundary(store), target);
    assert.deepEqual(moved, before === target ? null : { from: before < target ? before : target, to: before < target ? target : before, reopened: before > target });
    await assertRollupsExact(store, `closed before ${target}`);
    await assertStatsExact(store, viewers, `closed before ${target}`);
  }
  assert.equal(await closeStatsMonths(store, chinaStart('2026-07')), null, 'nothing to do when the boundary is there');
});

test('a command on a month from the boundary on leaves the rollups alone; on a closed month it changes them with the months', async (t) => {
  const store = storeOf(t);
  if (!store) return;
  const worker = await viewer(store, 'wg01');
  if (worker.kind !== 'account') throw new Error('wg01 is an account');
  const grid = worker.scope.paths[0]!.split('/').filter(Boolean).map(Number).at(-1)!;
  const [category] = await rawRows<{ id: number }>(store.db, sql`select id from categories where active = ${store.engine === 'pg' ? sql`true` : sql`1`} order by id limit 1`, store.engine);
  await closeStatsMonths(store, NOW);
  const snapshot = async () => Promise.all(ROLLUPS.map((r) => rollupRows(store, r)));
  const untouched = await snapshot();
  const created = await createCase(store, worker, { description: '楼道灯不亮，已有三天。', source: 'patrol', nodeId: grid, urgency: 'normal', place: '1单元' }, [], NOW);
  assert.ok(created.ok, created.ok ? '' : created.message);
  const accepted = await performAction(store, worker, { id: created.id }, { action: 'accept', categoryId: Number(category!.id), urgency: 'normal', version: created.version }, [], new Date(NOW.getTime() + 3_600_000));
  assert.ok(accepted.ok, accepted.ok ? '' : accepted.message);
  assert.deepEqual(await snapshot(), untouched, 'an open month writes no rollup row');
  await assertRollupsExact(store, 'after a create and an accept this month');
  // Close this month too: the same case's next step now changes its year and its quarter with its month.
  await closeStatsMonths(store, chinaStart(addMonths(chinaMonth(NOW), 1)));
  const closed = await snapshot();
  const handled = await performAction(store, worker, { id: created.id }, { action: 'handle_self', version: accepted.version }, [], new Date(NOW.getTime() + 5_400_000));
  assert.ok(handled.ok, handled.ok ? '' : handled.message);
  const resolved = await performAction(store, worker, { id: created.id }, { action: 'resolve', note: '已更换灯泡。', version: handled.version }, [], new Date(NOW.getTime() + 7_200_000));
  assert.ok(resolved.ok, resolved.ok ? '' : resolved.message);
  assert.notDeepEqual(await snapshot(), closed, 'a closed month moves its rollups');
  await assertRollupsExact(store, 'after a resolve in a closed month');
  await assertStatsExact(store, [worker], 'after the commands');
});
