// Tests of computeStats on a small hand-made month of requests, each placed exactly by its clock times. The month is
// made on SQLite with the (synchronous) commands and read on the engine of this test process: on PostgreSQL from a
// verified copy of the same rows (registerTestStore's source), so every figure below holds on both engines.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import { accounts, cases, categories, orgNodes } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { cases as casesTable } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, performActionSync } from '@/lib/cases/commands';
import type { ActionInput, Actor } from '@/lib/cases/lifecycle';
import { queueFilterSchema, queueWhere, searchParamsToObject } from '@/lib/desk/filters';
import { computeStats } from './compute';
import { monthHref, overdueNowHref, receivedHref } from './drill-down';
import { percentile } from './percentile';
import { resolvePeriod } from './period';
import type { Figures, Rate, Stats, StatsPeriod } from './types';

const { db, file, sqlite, close } = openTestDatabase({ demo: true });
after(close);

const accountIdOf = (username: string) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
const actor = (username: string) => actorFromUser(loadUserSync(db, accountIdOf(username))!);
const wg01 = actor('wg01'); // grid 龙盛华庭
const wg02 = actor('wg02'); // grid 龙湖花园
const wg21 = actor('wg21'); // the grids of 府前社区
const dy01 = actor('dy01'); // party members of 龙盛华庭
const dy02 = actor('dy02');
const shuji = actor('shuji'); // secretary of 龙湖社区
const zhenshuji = actor('zhenshuji'); // township secretary: 龙湖社区 and 府前社区
const system: Actor = { kind: 'system' };

const node = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const firstBuildingOf = (grid: { path: string }) =>
  db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
const longsheng = node('龙盛华庭');
const longhuGarden = node('龙湖花园');
const fuqian = node('府前花园');
const STREET_LIGHT = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;

/** China time, as people in the community read the clock. */
const cn = (s: string) => new Date(Date.parse(`${s.replace(' ', 'T')}:00+08:00`));
const version = (id: number) => db.select({ v: cases.version }).from(cases).where(eq(cases.id, id)).get()!.v;

function open(by: Actor, grid: { path: string }, at: string, source: 'patrol' | 'wish_box' | 'online' | 'hotline_12345' = 'patrol') {
  const r = createCaseSync(db, by, { description: '楼道灯不亮，晚上回家看不见', source, nodeId: firstBuildingOf(grid).id, urgency: 'normal' }, [], cn(at));
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

function step(by: Actor, id: number, input: ActionInput, at: string) {
  const r = performActionSync(db, by, { id }, { ...input, version: version(id) }, [], cn(at));
  assert.ok(r.ok, `${input.action}: ${JSON.stringify(r)}`);
}

const accept = (by: Actor, id: number, at: string) => step(by, id, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' }, at);
const handleSelf = (by: Actor, id: number, at: string) => step(by, id, { action: 'handle_self' }, at);
const resolve = (by: Actor, id: number, at: string) => step(by, id, { action: 'resolve', note: '已更换灯泡' }, at);
const rate = (id: number, rating: 'satisfied' | 'basically' | 'unsatisfied', at: string) => step(wg01, id, { action: 'rate', rating }, at);

// ---- the fixture ------------------------------------------------------------------------------
// Limits: a new case must be triaged within 24 h (the default for a case logged without a
// category); 路灯照明 (normal) must then be resolved within 72 h of acceptance.
// Statistics of March 2026 (China time), computed on 2026-04-10 12:00, so "due" is judged at
// the period end, 2026-04-01 00:00.

// A: on time all the way; resolved in 24 h; rated 满意.
const A = open(wg01, longsheng, '2026-03-02 09:00');
accept(wg01, A.id, '2026-03-02 10:00');
handleSelf(wg01, A.id, '2026-03-02 10:05');
resolve(wg01, A.id, '2026-03-03 09:00');
rate(A.id, 'satisfied', '2026-03-04 09:00');

// B: accepted 48 h after submission (late; the deadline was 03-04 09:00); resolved after 84 h; 基本满意.
const B = open(wg01, longsheng, '2026-03-03 09:00');
accept(wg01, B.id, '2026-03-05 09:00');
handleSelf(wg01, B.id, '2026-03-05 09:05');
resolve(wg01, B.id, '2026-03-06 21:00');
rate(B.id, 'basically', '2026-03-07 09:00');

// C: reopened by a 不满意 rating, resolved again and then rated 满意: resolved, rated once (满意).
const C = open(wg01, longsheng, '2026-03-04 09:00');
accept(wg01, C.id, '2026-03-04 11:00');
handleSelf(wg01, C.id, '2026-03-04 11:05');
resolve(wg01, C.id, '2026-03-05 09:00');
rate(C.id, 'unsatisfied', '2026-03-05 12:00');
resolve(wg01, C.id, '2026-03-07 09:00');
rate(C.id, 'satisfied', '2026-03-08 09:00');

// D: reopened by 不满意 and still in progress; its new deadline (03-11 09:00) has passed: due, not resolved, overdue.
const D = open(wg01, longsheng, '2026-03-06 09:00');
accept(wg01, D.id, '2026-03-06 10:00');
handleSelf(wg01, D.id, '2026-03-06 10:05');
resolve(wg01, D.id, '2026-03-07 09:00');
rate(D.id, 'unsatisfied', '2026-03-08 09:00');

// E: accepted within 1 h, then 不予受理 after its resolve deadline (03-13 10:00) had passed:
// answered on time, but no part of the resolution rate although its deadline is behind it.
const E = open(wg01, longsheng, '2026-03-10 09:00', 'wish_box');
accept(wg01, E.id, '2026-03-10 10:00');
step(wg01, E.id, { action: 'reject', reason: '属于私人财产纠纷，已告知居民通过诉讼解决' }, '2026-03-14 12:00');

// F: accepted after 26 h (late), then 标记重复 (of A) after its resolve deadline (03-14 12:00): no part of the resolution rate.
const F = open(wg01, longsheng, '2026-03-10 10:00');
accept(wg01, F.id, '2026-03-11 12:00');
step(wg01, F.id, { action: 'mark_duplicate', duplicateOf: A.number }, '2026-03-15 09:00');

// G: resolved, then closed as 未评价 after 7 days without a rating: resolved, not rated.
const G = open(wg01, longsheng, '2026-03-12 09:00');
accept(wg01, G.id, '2026-03-12 09:30');
handleSelf(wg01, G.id, '2026-03-12 09:35');
resolve(wg01, G.id, '2026-03-13 09:00');
step(system, G.id, { action: 'auto_close' }, '2026-03-20 09:00');

// H: never triaged (from 12345): late for the response rate, overdue, but has no resolve deadline, so not due.
const H = open(wg01, longsheng, '2026-03-20 09:00', 'hotline_12345');

// I: accepted on time, in progress, deadline 03-28 10:00 passed: due, not resolved, overdue.
const I = open(wg01, longsheng, '2026-03-25 09:00');
accept(wg01, I.id, '2026-03-25 10:00');
handleSelf(wg01, I.id, '2026-03-25 10:05');

// J: accepted on 03-30; its deadline 04-02 10:00 lies after the period end: not due (but overdue by 04-10).
const J = open(wg01, longsheng, '2026-03-30 09:00');
accept(wg01, J.id, '2026-03-30 10:00');
handleSelf(wg01, J.id, '2026-03-30 10:05');

// K: submitted one minute before the period ends, resolved after it: counted in March, due (resolved), 满意.
const K = open(wg01, longsheng, '2026-03-31 23:59');
accept(wg01, K.id, '2026-04-01 08:00');
handleSelf(wg01, K.id, '2026-04-01 08:05');
resolve(wg01, K.id, '2026-04-02 10:00');
rate(K.id, 'satisfied', '2026-04-03 09:00');

// M: the only case of grid 龙湖花园 (submitted online): on time, resolved, 满意.
const M = open(wg02, longhuGarden, '2026-03-15 09:00', 'online');
accept(wg02, M.id, '2026-03-15 09:30');
handleSelf(wg02, M.id, '2026-03-15 09:35');
resolve(wg02, M.id, '2026-03-16 09:00');
step(wg02, M.id, { action: 'rate', rating: 'satisfied' }, '2026-03-17 09:00');

// O: posted to the claim board, claimed by party member dy01, resolved, still waiting for a rating.
const O = open(wg01, longsheng, '2026-03-16 09:00');
accept(wg01, O.id, '2026-03-16 10:00');
step(wg01, O.id, { action: 'post_to_board' }, '2026-03-16 10:05');
step(dy01, O.id, { action: 'claim' }, '2026-03-16 11:00');
resolve(dy01, O.id, '2026-03-18 09:00');

// P: claimed by dy02 on 03-30, in progress; deadline 04-02 11:00 after the period end: not due.
const P = open(wg01, longsheng, '2026-03-30 10:00');
accept(wg01, P.id, '2026-03-30 11:00');
step(wg01, P.id, { action: 'post_to_board' }, '2026-03-30 11:05');
step(dy02, P.id, { action: 'claim' }, '2026-03-30 12:00');

// Outside March: L1 at the very first instant of April (the period end is exclusive); L2 one second before March.
const L1 = open(wg01, longsheng, '2026-04-01 00:00');
accept(wg01, L1.id, '2026-04-01 01:00');
handleSelf(wg01, L1.id, '2026-04-01 01:05');
resolve(wg01, L1.id, '2026-04-01 09:00');
rate(L1.id, 'satisfied', '2026-04-01 10:00');
const L2 = createCaseSync(
  db,
  wg01,
  { description: '二月底的诉求', source: 'patrol', nodeId: firstBuildingOf(longsheng).id, urgency: 'normal' },
  [],
  new Date(cn('2026-03-01 00:00').getTime() - 1000),
);
assert.ok(L2.ok);
step(wg01, L2.id, { action: 'reject', reason: '重复登记' }, '2026-03-01 08:00');

// N: another community (府前社区), never triaged: only the township secretary sees it.
const N = open(wg21, fuqian, '2026-03-18 09:00');

const MARCH = { from: cn('2026-03-01 00:00'), to: cn('2026-04-01 00:00') };
const NOW = cn('2026-04-10 12:00');

const storeFor = registerTestStore({ source: { file, sqlite } });
/** The statistics of the store of this engine (undefined: the test was skipped, PostgreSQL missing). */
async function statsOf(t: TestContext, viewer: Actor, period: StatsPeriod): Promise<Stats | undefined> {
  const store = storeFor(t);
  return store && computeStats(store.db, viewer as Extract<Actor, { kind: 'account' }>, period, NOW);
}
let marchOnce: Promise<Stats | undefined> | undefined;
/** March for the secretary of 龙湖社区, computed once for the tests that read it. */
const march = (t: TestContext) => (marchOnce ??= statsOf(t, shuji, MARCH));

const r = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator === 0 ? null : numerator / denominator });
const rates = (f: Figures) => ({ response: f.response, resolution: f.resolution, satisfaction: f.satisfaction });
const close6 = (a: number | null, b: number) => assert.ok(a !== null && Math.abs(a - b) < 1e-6, `${a} ≈ ${b}`);

describe('the three rates of March for the secretary of 龙湖社区', () => {
  test('received: the 14 cases created in March in the community (not L1, L2, nor N of 府前社区)', async (t) => {
    const s = await march(t);
    if (!s) return;
    assert.equal(s.totals.received, 14); // A B C D E F G H I J K M O P
    assert.equal(s.totals.rejected, 1); // E
    assert.equal(s.totals.duplicate, 1); // F
  });

  test('响应率 = triaged by the accept deadline ÷ received = 11 / 14', async (t) => {
    const s = await march(t);
    if (!s) return;
    // Late or never: B (48 h), F (accepted after 26 h), H (never). E counts its acceptance (1 h), not its later
    // rejection. K was triaged in April, 8 h after it came in: on time.
    assert.deepEqual(s.totals.response, r(11, 14));
  });

  test('解决率 = resolved ÷ due = 7 / 9', async (t) => {
    const s = await march(t);
    if (!s) return;
    // Due: A B C G K M O (resolved), D (reopened, new deadline 03-11 passed), I (deadline 03-28 passed).
    // Not due: E and F (rejected, duplicate, though their deadlines passed), H (never accepted: no deadline), J and P (deadlines in April).
    // Resolved: A B C (resolved again after the reopening) G (closed as 未评价) K (in April) M O; not D, which is back in progress.
    assert.deepEqual(s.totals.resolution, r(7, 9));
  });

  test('满意率 = (满意 + 基本满意) ÷ rated = 5 / 6', async (t) => {
    const s = await march(t);
    if (!s) return;
    // Rated: A 满意, B 基本满意, C 满意 (its last rating, counted once), D 不满意 (reopened, not rated again), K 满意, M 满意.
    // Not rated: G (closed as 未评价), O (still waiting), and the rest were never resolved.
    assert.deepEqual(s.totals.satisfaction, r(5, 6));
    assert.deepEqual(s.totals.ratings, { satisfied: 4, basically: 1, unsatisfied: 1 });
  });

  test('overdue now (04-10): D, H, I, J, P; all received in March, so both counts agree', async (t) => {
    const s = await march(t);
    if (!s) return;
    assert.equal(s.overdueNow, 5);
    assert.equal(s.totals.overdue, 5);
  });

  // Durations are counted in buckets of 0.1 hour below 48 hours and 0.1 day above, each value as its
  // bucket's middle (lib/stats/hours.ts): every figure is within half a bucket of the exact percentile
  // (3 minutes, or 1.2 hours above 48), and equals the one from the bucket middles.
  const within = (a: number | null, exact: number) => {
    const bound = exact < 48 ? 0.05 : 1.2;
    assert.ok(a !== null && Math.abs(a - exact) <= bound + 1e-9, `${a} within ${bound} h of ${exact}`);
  };

  test('hours to accept: median 1, p90 22.4 (linear interpolation), to within 3 minutes', async (t) => {
    const s = await march(t);
    if (!s) return;
    // Triaged: A 1, B 48, C 2, D 1, E 1, F 26, G 0.5, I 1, J 1, K 8h01m, M 0.5, O 1, P 1 (13; H never).
    // Sorted: 0.5 0.5 1 1 1 1 [1] 1 1 2 8.0167 26 48. Median: index 6 → 1.
    // p90: index 12 × 0.9 = 10.8 → 8.0167 + 0.8 × (26 − 8.0167) = 22.4033.
    assert.equal(s.hoursToAccept.count, 13);
    within(s.hoursToAccept.median, 1);
    within(s.hoursToAccept.p90, 8 + 1 / 60 + 0.8 * (26 - 8 - 1 / 60));
    // From the buckets: 1 h lies in [1.0, 1.1) → 1.05; 8h01m → 8.05, 26 h → 26.05.
    close6(s.hoursToAccept.median, 1.05);
    close6(s.hoursToAccept.p90, 8.05 + 0.8 * 18);
  });

  test('hours to resolve: median 34.02, p90 76.8, to within half a bucket; a reopened case counts its last resolution', async (t) => {
    const s = await march(t);
    if (!s) return;
    // Resolved: A 24, B 84, C 72 (03-04 09:00 → second resolution 03-07 09:00), G 24, K 34h01m, M 24, O 48.
    // Sorted: 24 24 24 [34.0167] 48 72 84. Median: index 3. p90: index 5.4 → 72 + 0.4 × 12 = 76.8.
    assert.equal(s.hoursToResolve.count, 7);
    within(s.hoursToResolve.median, 34 + 1 / 60);
    within(s.hoursToResolve.p90, 76.8);
    // 72 h and 84 h lie in the 0.1-day buckets [72, 74.4) and [84, 86.4): 73.2 and 85.2.
    close6(s.hoursToResolve.median, 34.05);
    close6(s.hoursToResolve.p90, 73.2 + 0.4 * 12);
  });

  test('party members: 2 claims in March (dy01 on O, dy02 on P), 1 done', async (t) => {
    const s = await march(t);
    if (!s) return;
    assert.deepEqual(s.partyClaims, { claims: 2, done: 1 });
    const dy = (id: number) => s.byWorker.find((w) => w.accountId === id)!;
    assert.deepEqual({ claims: dy(dy01.id).claims, done: dy(dy01.id).claimsDone }, { claims: 1, done: 1 });
    assert.deepEqual({ claims: dy(dy02.id).claims, done: dy(dy02.id).claimsDone }, { claims: 1, done: 0 });
  });

  test('by grid: every grid of the community, 13 in 龙盛华庭 and 1 in 龙湖花园', async (t) => {
    const s = await march(t);
    if (!s) return;
    assert.equal(s.byGrid.length, 12);
    const grid = (id: number) => s.byGrid.find((g) => g.gridId === id)!;
    assert.equal(grid(longsheng.id).received, 13);
    assert.deepEqual(rates(grid(longsheng.id)), { response: r(10, 13), resolution: r(6, 8), satisfaction: r(4, 5) });
    assert.deepEqual(rates(grid(longhuGarden.id)), { response: r(1, 1), resolution: r(1, 1), satisfaction: r(1, 1) });
    assert.equal(s.byGrid.filter((g) => g.received === 0).length, 10);
    assert.ok(s.byGrid.filter((g) => g.received === 0).every((g) => g.response.value === null), 'a grid with nothing received has no rate');
  });

  test('by worker: attributed to the current handler; rejected, duplicate and untriaged cases to nobody', async (t) => {
    const s = await march(t);
    if (!s) return;
    const w = (id: number) => s.byWorker.find((x) => x.accountId === id)?.received;
    assert.equal(w(wg01.id), 8); // A B C D G I J K
    assert.equal(w(wg02.id), 1); // M
    assert.equal(w(dy01.id), 1); // O
    assert.equal(w(dy02.id), 1); // P
    assert.deepEqual(
      s.byWorker.map((x) => x.role),
      ['grid_worker', 'grid_worker', 'party_member', 'party_member'],
      'grid workers first',
    );
  });

  test('by category, source and month', async (t) => {
    const s = await march(t);
    if (!s) return;
    const category = (id: number | null) => s.byCategory.find((c) => c.categoryId === id)?.received;
    assert.equal(category(STREET_LIGHT), 13);
    assert.equal(category(null), 1, 'H was never given a category');
    const source = (k: string) => s.bySource.find((x) => x.source === k)!.received;
    assert.deepEqual([source('patrol'), source('wish_box'), source('online'), source('hotline_12345'), source('council')], [11, 1, 1, 1, 0]);
    assert.deepEqual(
      s.byMonth.map((m) => [m.month, m.received]),
      [['2026-03', 14]],
    );
  });
});

describe('edge cases', () => {
  test('nothing received: every rate is null, not 0% or 100%', async (t) => {
    const s = await statsOf(t, shuji, { from: cn('2026-01-01 00:00'), to: cn('2026-02-01 00:00') });
    if (!s) return;
    assert.equal(s.totals.received, 0);
    assert.deepEqual(rates(s.totals), { response: r(0, 0), resolution: r(0, 0), satisfaction: r(0, 0) });
    assert.equal(s.totals.response.value, null);
    assert.deepEqual(s.hoursToAccept, { count: 0, median: null, p90: null });
    assert.deepEqual(s.hoursToResolve, { count: 0, median: null, p90: null });
    assert.deepEqual(s.partyClaims, { claims: 0, done: 0 });
    assert.deepEqual(
      s.byMonth.map((m) => [m.month, m.received, m.satisfaction.value]),
      [['2026-01', 0, null]],
    );
  });

  test('received but nothing rated: the satisfaction rate is null', async (t) => {
    // 03-20 … 03-30: H, I, J, P; none resolved, none rated.
    const p = resolvePeriod({ period: 'custom', from: '2026-03-20', to: '2026-03-30' }, NOW);
    const s = await statsOf(t, shuji, p);
    if (!s) return;
    assert.equal(s.totals.received, 4);
    assert.deepEqual(s.totals.satisfaction, r(0, 0));
    assert.deepEqual(s.totals.response, r(3, 4));
    assert.deepEqual(s.totals.resolution, r(0, 1), 'only I is due');
  });

  test('a period still running judges "due" at now, not at its end', async (t) => {
    // March and April together, seen on 04-10: J and P (deadlines 04-02) are now due, and L1 joins.
    const s = await statsOf(t, shuji, { from: MARCH.from, to: cn('2026-05-01 00:00') });
    if (!s) return;
    assert.equal(s.dueCutoff.getTime(), NOW.getTime());
    assert.equal(s.totals.received, 15);
    assert.deepEqual(s.totals.resolution, r(8, 12));
    assert.deepEqual(
      s.byMonth.map((m) => [m.month, m.received]),
      [
        ['2026-03', 14],
        ['2026-04', 1],
      ],
    );
  });

  test('one grid: only its cases', async (t) => {
    const s = await statsOf(t, shuji, { ...MARCH, gridId: longhuGarden.id });
    if (!s) return;
    assert.equal(s.totals.received, 1);
    assert.deepEqual(rates(s.totals), { response: r(1, 1), resolution: r(1, 1), satisfaction: r(1, 1) });
    assert.deepEqual(
      s.byGrid.map((g) => g.gridId),
      [longhuGarden.id],
    );
    assert.equal(s.overdueNow, 0);
  });

  test("a grid of another community yields nothing: no other community's figures through the URL", async (t) => {
    const s = await statsOf(t, shuji, { ...MARCH, gridId: fuqian.id });
    if (!s) return;
    assert.equal(s.totals.received, 0);
    assert.equal(s.overdueNow, 0);
    assert.deepEqual(s.byGrid, []);
  });

  test('the township secretary sees both communities: N joins, untriaged and overdue', async (t) => {
    const s = await statsOf(t, zhenshuji, MARCH);
    if (!s) return;
    assert.equal(s.totals.received, 15);
    assert.deepEqual(s.totals.response, r(11, 15));
    assert.equal(s.overdueNow, 6);
    assert.ok(s.byGrid.some((g) => g.gridId === fuqian.id && g.received === 1));
  });

  test('the first triage read from the case equals the first 受理/不予受理/标记重复 on the timeline', () => {
    const ids = [A, B, C, D, E, F, G, H, I, J, K, M, O, P, L1, L2, N].map((c) => c.id);
    const rows = db.all<{ id: number; fromCase: number | null; fromTimeline: number | null }>(sql`
      select c.id,
        coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) as fromCase,
        (select min(e.at) from case_events e where e.case_id = c.id and e.action in ('accept', 'reject', 'mark_duplicate')) as fromTimeline
      from cases c where c.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
    assert.equal(rows.length, ids.length);
    for (const row of rows) assert.equal(row.fromCase, row.fromTimeline, `case ${row.id}`);
    assert.ok(rows.some((row) => row.fromTimeline === null), 'H and N were never triaged');
  });
});

describe('drill-down: each figure links to a queue holding exactly those cases', () => {
  // The queue's conditions and the figures, both on the engine's store: the same rows.
  const scope = { firstDay: '2026-03-01', lastDay: '2026-03-31' };
  let storeDb: AppDb;
  const queueCount = async (href: string) => {
    const filters = queueFilterSchema.parse(searchParamsToObject(new URL(href, 'http://localhost').searchParams));
    const [row] = await storeDb.select({ n: sql<number>`count(*)` }).from(casesTable).where(queueWhere(shuji, filters, NOW));
    return Number(row!.n);
  };

  test('totals', async (t) => {
    const s = await march(t);
    if (!s) return;
    storeDb = storeFor(t)!.db;
    assert.equal(await queueCount(receivedHref(scope)), s.totals.received);
    assert.equal(await queueCount(receivedHref(scope, { status: ['resolved', 'closed'] })), s.totals.resolution.numerator);
    assert.equal(await queueCount(receivedHref(scope, { rating: 'unsatisfied' })), s.totals.ratings.unsatisfied);
    assert.equal(await queueCount(receivedHref(scope, { status: ['rejected'] })), s.totals.rejected);
    assert.equal(await queueCount(receivedHref(scope, { overdue: true })), s.totals.overdue);
    assert.equal(await queueCount(overdueNowHref()), s.overdueNow);
  });

  test('rows by grid, worker, category, source and month', async (t) => {
    const s = await march(t);
    if (!s) return;
    storeDb = storeFor(t)!.db;
    for (const g of s.byGrid) assert.equal(await queueCount(receivedHref({ ...scope, gridId: g.gridId })), g.received, g.name);
    for (const w of s.byWorker) assert.equal(await queueCount(receivedHref(scope, { handlerId: w.accountId })), w.received, w.name);
    for (const c of s.byCategory) if (c.categoryId !== null) assert.equal(await queueCount(receivedHref(scope, { categoryId: c.categoryId })), c.received, c.name);
    for (const x of s.bySource) assert.equal(await queueCount(receivedHref(scope, { source: x.source })), x.received, x.name);
    for (const m of s.byMonth) assert.equal(await queueCount(monthHref(scope, m.month)), m.received, m.name);
  });
});

describe('percentile', () => {
  test('linear interpolation between neighbours, null when empty', () => {
    assert.equal(percentile([], 0.5), null);
    assert.equal(percentile([7], 0.9), 7);
    assert.equal(percentile([1, 2, 3, 4], 0.5), 2.5);
    close6(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9), 91);
  });
});
