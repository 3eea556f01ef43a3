// Tests of the queue filters: URL parsing, each filter, the saved views, Chinese text search, scope, paging and bulk actions.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, inArray, like, sql } from 'drizzle-orm';
import { accounts, categories, orgNodes, units } from '@/db/schema';
import { cases } from '@/db/tables';
import { ENGINE } from '@/db/engine';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, performAction } from '@/lib/cases/commands';
import type { ActionInput, Actor } from '@/lib/cases/lifecycle';
import { performBulkAction } from './bulk';
import { filtersToSearchParams, parseQueueFilters, queueFilterSchema, queueWhere, searchParamsToObject, type QueueFilters } from './filters';
import { queuePage, savedViewCounts } from './queue';
import { bulkActionSchema } from './schemas';

// The cases are logged and read on the store of this test process's engine (test:unit: SQLite; test:unit:pg:
// PostgreSQL); who is who, and the places, come from the same demo in SQLite (the same ids).
const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;

const accountIdOf = (username: string) => db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id;
const actor = (username: string) => actorFromUser(loadUserSync(db, accountIdOf(username))!);
const node = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const buildingsOf = (grid: { path: string }) =>
  db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).all();
const categoryId = (code: string) => db.select({ id: categories.id }).from(categories).where(eq(categories.code, code)).get()!.id;

const wg01 = actor('wg01'); // grid 龙盛华庭
const wg02 = actor('wg02'); // grid 龙湖花园
const wg21 = actor('wg21'); // 府前社区
const shuji = actor('shuji'); // secretary of 龙湖社区
const fqshuji = actor('fqshuji'); // secretary of 府前社区
const dy01 = actor('dy01'); // party member in 龙盛华庭

const longsheng = node('龙盛华庭');
const [lsB1, lsB2] = buildingsOf(longsheng);
const longhuGarden = node('龙湖花园');
const [lhB1] = buildingsOf(longhuGarden);
const [fqB1] = buildingsOf(node('府前花园'));
const POWER = db.select({ id: units.id }).from(units).where(eq(units.name, '国网新绛县供电公司')).get()!.id;
const STREET_LIGHT = categoryId('street_light');
const DRAINAGE = categoryId('drainage');
const SAFETY = categoryId('safety');

// Day 1 is 2026-04-01 in China; cases are logged on days 1–3 and the queue is read on day 6.
const day = (n: number, hour = 10) => new Date(Date.parse(`2026-04-0${n}T${String(hour).padStart(2, '0')}:00:00+08:00`));
const NOW = day(6);
let clock = day(1).getTime();

async function log(by: Actor, nodeId: number, description: string, extra: { source?: 'patrol' | 'door_knock' | 'hotline_12345'; place?: string; residentName?: string; at?: Date } = {}) {
  const r = await createCase(
    store,
    by,
    { description, source: extra.source ?? 'patrol', nodeId, urgency: 'normal', place: extra.place, residentName: extra.residentName },
    [],
    extra.at ?? new Date((clock += 60_000)),
  );
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

async function versionOf(id: number): Promise<number> {
  const [row] = await store.db.select({ v: cases.version }).from(cases).where(eq(cases.id, id));
  return row!.v;
}

async function step(by: Actor, id: number, input: ActionInput, at?: Date) {
  const version = await versionOf(id);
  const r = await performAction(store, by, { id }, { ...input, version } as never, [], at ?? new Date((clock += 60_000)));
  assert.ok(r.ok, `${input.action}: ${JSON.stringify(r)}`);
}

// ---- the fixture -------------------------------------------------------------------------------

type Logged = Awaited<ReturnType<typeof log>> & { ok: true };
let A: Logged, B: Logged, C: Logged, D: Logged, E: Logged, F: Logged, G: Logged;
let ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', number>;
let nameOf: Map<number, string>;

async function scenario(): Promise<void> {
  // A: fresh and never accepted → pending, and overdue by day 6 (acceptance limit 24 h).
  A = await log(wg01, lsB1!.id, '小区路灯坏了三天，晚上一片漆黑', { place: '3号楼东侧', residentName: '王秀英', at: day(1) });
  // B: accepted as urgent drainage, assigned to wg02, signed; supervised by the secretary.
  B = await log(wg02, lhB1!.id, '地下室漏水严重，墙皮都泡掉了', { source: 'door_knock', residentName: '李建国', at: day(2) });
  await step(wg02, B.id, { action: 'accept', categoryId: DRAINAGE, urgency: 'urgent' }, day(2, 11));
  await step(wg02, B.id, { action: 'assign_worker', accountId: wg02.id }, day(2, 12));
  await step(wg02, B.id, { action: 'sign' }, day(2, 13));
  await step(shuji, B.id, { action: 'supervise', note: '请尽快处理，居民反映多次' }, day(5));
  // C: in 府前社区, outside 龙湖社区's scope; it mentions 路灯 too.
  C = await log(wg21, fqB1!.id, '路灯不亮，老人晚上出门不方便', { at: day(2, 15) });
  // D: handled by wg01 and resolved → waiting for follow-up.
  D = await log(wg01, lsB2!.id, '楼道堆放杂物，存在消防隐患', { source: 'hotline_12345', at: day(3) });
  await step(wg01, D.id, { action: 'accept', categoryId: SAFETY, urgency: 'normal' }, day(3, 11));
  await step(wg01, D.id, { action: 'handle_self' }, day(3, 12));
  await step(wg01, D.id, { action: 'resolve', note: '已清理' }, day(4));
  // E: posted to the board, claimed by dy01, resolved, then rated unsatisfied → reopened.
  E = await log(wg01, lsB1!.id, '单元门口路灯闪烁', { at: day(3, 14) });
  await step(wg01, E.id, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' }, day(3, 15));
  await step(wg01, E.id, { action: 'post_to_board' }, day(3, 16));
  await step(dy01, E.id, { action: 'claim' }, day(3, 17));
  await step(dy01, E.id, { action: 'resolve', note: '已联系电工' }, day(4, 9));
  await step(wg01, E.id, { action: 'rate', rating: 'unsatisfied', comment: '还是闪' }, day(4, 18));
  // F: handed to the power company; G: resolved and rated satisfied → closed.
  F = await log(wg01, lsB2!.id, '变压器噪音扰民', { at: day(3, 20) });
  await step(wg01, F.id, { action: 'accept', categoryId: SAFETY, urgency: 'normal' }, day(3, 21));
  await step(wg01, F.id, { action: 'hand_to_unit', unitId: POWER }, day(3, 22));
  G = await log(wg02, lhB1!.id, '垃圾桶满了没人清', { at: day(3, 23) });
  await step(wg02, G.id, { action: 'accept', categoryId: categoryId('sanitation'), urgency: 'normal' }, day(4, 8));
  await step(wg02, G.id, { action: 'handle_self' }, day(4, 9));
  await step(wg02, G.id, { action: 'resolve', note: '已清运' }, day(4, 10));
  await step(wg02, G.id, { action: 'rate', rating: 'satisfied' }, day(4, 11));
  ids = { A: A.id, B: B.id, C: C.id, D: D.id, E: E.id, F: F.id, G: G.id };
  nameOf = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
}

let built: Promise<void> | undefined;

/** The store with the fixture logged on it (once); false where the engine is not available (the test is skipped). */
async function ready(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  built ??= scenario();
  await built;
  return true;
}

/** The fixture cases (by letter) a viewer gets under the filters, sorted. */
async function found(viewer: Actor & { kind: 'account' }, raw: Record<string, unknown>): Promise<string[]> {
  const { filters, problems } = parseQueueFilters(raw);
  assert.deepEqual(problems, [], `unexpected problems for ${JSON.stringify(raw)}`);
  const rows = await store.db
    .select({ id: cases.id })
    .from(cases)
    .where(and(queueWhere(viewer, filters, NOW), inArray(cases.id, Object.values(ids))));
  return rows.map((r) => nameOf.get(r.id)!).sort();
}

// ---- parsing ------------------------------------------------------------------------------------

describe('queue filters from the URL', () => {
  test('an empty query gives the defaults', () => {
    const f = queueFilterSchema.parse({});
    assert.equal(f.sort, 'newest');
    assert.equal(f.after, undefined);
    // No size chosen: the screen's default applies (50, or 20 on a phone), and links leave it out.
    assert.equal(f.pageSize, undefined);
    assert.equal(f.status, undefined);
  });

  test('blank form fields count as absent, and status takes one or many', () => {
    const f = queueFilterSchema.parse({ gridId: '', q: '   ', status: ['submitted', 'accepted'], source: '' });
    assert.equal(f.gridId, undefined);
    assert.equal(f.q, undefined);
    assert.deepEqual(f.status, ['submitted', 'accepted']);
    assert.deepEqual(queueFilterSchema.parse({ status: 'resolved' }).status, ['resolved']);
    assert.deepEqual(queueFilterSchema.parse({ status: 'resolved,closed' }).status, ['resolved', 'closed']);
  });

  test('bad fields are dropped one by one with a Chinese explanation; the rest still apply', () => {
    const { filters, problems } = parseQueueFilters({ status: 'foo', after: '1712000000000_x', from: '2026-02-30', gridId: '-1', pageSize: '7', urgency: 'urgent' });
    assert.equal(filters.status, undefined);
    assert.equal(filters.after, undefined);
    assert.equal(filters.from, undefined);
    assert.equal(filters.gridId, undefined);
    assert.equal(filters.pageSize, undefined);
    assert.equal(filters.urgency, 'urgent');
    assert.equal(problems.length, 5);
    assert.ok(problems.some((p) => p.startsWith('状态：')));
    assert.ok(problems.some((p) => p.includes('日期不存在')));
    assert.ok(problems.includes('翻页位置：翻页位置无效（已忽略）'));
  });

  test('an old page-number bookmark is explained and shows the first page', () => {
    const { filters, problems } = parseQueueFilters({ page: '300', view: 'overdue' });
    assert.equal(filters.view, 'overdue');
    assert.equal(filters.after, undefined);
    assert.match(problems[0]!, /上一页 \/ 下一页/);
    assert.deepEqual(parseQueueFilters({ page: '1' }).problems, []);
  });

  test('a cursor is two whole numbers; both directions at once, or a day jump in the due order, are refused', () => {
    assert.deepEqual(queueFilterSchema.parse({ after: '1712000000000_17' }).after, { key: 1712000000000, id: 17 });
    for (const bad of ['17', '_17', '1712000000000_0', '1712000000000_-1', '99999999999999999_1', '1_2_3', "1_1' or 1=1"]) {
      assert.equal(parseQueueFilters({ after: bad }).filters.after, undefined, bad);
    }
    assert.equal(parseQueueFilters({ after: '1_1', before: '2_2' }).filters.before, undefined);
    assert.match(parseQueueFilters({ at: '2026-04-02', sort: 'due' }).problems[0]!, /跳到日期/);
  });

  test('an end date before the start date is refused', () => {
    const { filters, problems } = parseQueueFilters({ from: '2026-04-05', to: '2026-04-01' });
    assert.equal(filters.from, '2026-04-05');
    assert.equal(filters.to, undefined);
    assert.match(problems[0]!, /结束日期不能早于开始日期/);
  });

  test('filters survive a round trip through the URL, leaving defaults out', () => {
    const raw = { view: 'overdue', status: ['submitted', 'in_progress'], gridId: '5', buildingId: '9', handlerId: '3', unitId: '2', categoryId: '4', source: 'patrol', urgency: 'urgent', overdue: '1', supervised: '1', rating: 'none', from: '2026-04-01', to: '2026-04-30', q: '路灯 三天', sort: 'due', pageSize: '100', after: '1712000000000_17', count: 'exact' };
    const f = queueFilterSchema.parse(raw);
    const params = filtersToSearchParams(f);
    assert.deepEqual(queueFilterSchema.parse(searchParamsToObject(params)), f);
    assert.equal(filtersToSearchParams(queueFilterSchema.parse({})).toString(), '');
    // A size the user chose stays in every link, even the desktop default (a phone's default is 20).
    assert.equal(filtersToSearchParams(queueFilterSchema.parse({ pageSize: '50' })).toString(), 'pageSize=50');
  });
});

// ---- each filter narrows --------------------------------------------------------------------------

describe('each filter narrows the queue', () => {
  test('without filters a secretary sees the cases of their community only', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, {}), ['A', 'B', 'D', 'E', 'F', 'G']);
    assert.deepEqual(await found(fqshuji, {}), ['C']);
  });

  test('status, one or many', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { status: 'submitted' }), ['A']);
    assert.deepEqual(await found(shuji, { status: ['resolved', 'closed'] }), ['D', 'G']);
  });

  test('category, source and urgency', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { categoryId: String(SAFETY) }), ['D', 'F']);
    assert.deepEqual(await found(shuji, { source: 'hotline_12345' }), ['D']);
    assert.deepEqual(await found(shuji, { urgency: 'urgent' }), ['B']);
  });

  test('grid and building', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { gridId: String(longsheng.id) }), ['A', 'D', 'E', 'F']);
    assert.deepEqual(await found(shuji, { buildingId: String(lsB1!.id) }), ['A', 'E']);
    // A grid of another community yields nothing rather than its cases.
    assert.deepEqual(await found(shuji, { gridId: String(node('府前花园').id) }), []);
  });

  test('handler account and unit', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { handlerId: String(wg02.id) }), ['B', 'G']);
    assert.deepEqual(await found(shuji, { handlerId: String(dy01.id) }), ['E']);
    assert.deepEqual(await found(shuji, { unitId: String(POWER) }), ['F']);
  });

  test('overdue and supervised flags', async (t) => {
    if (!(await ready(t))) return;
    // A waited past its 24 h acceptance limit; B is urgent (12 h to resolve) since day 2.
    assert.deepEqual(await found(shuji, { overdue: '1' }), ['A', 'B']);
    assert.deepEqual(await found(shuji, { supervised: '1' }), ['B']);
  });

  test('rating, including not rated', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { rating: 'satisfied' }), ['G']);
    assert.deepEqual(await found(shuji, { rating: 'unsatisfied' }), ['E']);
    assert.deepEqual(await found(shuji, { rating: 'none' }), ['A', 'B', 'D', 'F']);
  });

  test('date range covers whole China-time days, both ends inclusive', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { from: '2026-04-03', to: '2026-04-03' }), ['D', 'E', 'F', 'G']);
    assert.deepEqual(await found(shuji, { to: '2026-04-02' }), ['A', 'B']);
    assert.deepEqual(await found(shuji, { from: '2026-04-02' }), ['B', 'D', 'E', 'F', 'G']);
  });

  test('filters combine with AND', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { gridId: String(longsheng.id), categoryId: String(SAFETY), source: 'patrol' }), ['F']);
  });
});

describe('saved views', () => {
  test('each view selects what its name says', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { view: 'pending' }), ['A']);
    assert.deepEqual(await found(shuji, { view: 'overdue' }), ['A', 'B']);
    assert.deepEqual(await found(shuji, { view: 'follow_up' }), ['D']);
    assert.deepEqual(await found(shuji, { view: 'unsatisfied' }), ['E']);
    assert.deepEqual(await found(shuji, { view: 'my_supervised' }), ['B']);
    assert.deepEqual(await found(fqshuji, { view: 'my_supervised' }), []);
  });

  test('the tab counts match the views under the other filters', async (t) => {
    if (!(await ready(t))) return;
    const counts = await savedViewCounts(store.db, shuji, queueFilterSchema.parse({ gridId: String(longsheng.id) }), NOW);
    const exact = (n: number) => ({ n, atLeast: false });
    assert.deepEqual(counts, { all: exact(4), pending: exact(1), overdue: exact(1), follow_up: exact(1), unsatisfied: exact(1), my_supervised: exact(0) });
    const overdue = await queuePage(store.db, shuji, queueFilterSchema.parse({ gridId: String(longsheng.id), view: 'overdue' }), NOW);
    assert.equal(overdue.rows.length, counts.overdue.n);
  });
});

// ---- text search ---------------------------------------------------------------------------------

describe('text search', () => {
  test('two-character Chinese terms match by substring', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { q: '路灯' }), ['A', 'E']);
    assert.deepEqual(await found(shuji, { q: '秀英' }), ['A']);
  });

  test('three or more characters use the trigram index', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { q: '漏水严重' }), ['B']);
    assert.deepEqual(await found(shuji, { q: '王秀英' }), ['A']);
    assert.deepEqual(await found(shuji, { q: '3号楼东侧' }), ['A']);
    assert.deepEqual(await found(shuji, { q: A.number.toLowerCase() }), ['A']);
  });

  test('several terms must all match, whatever their length', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { q: '路灯 三天' }), ['A']);
    assert.deepEqual(await found(shuji, { q: '路灯 单元门口' }), ['E']);
  });

  test('search respects scope', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(fqshuji, { q: '路灯' }), ['C']);
    assert.deepEqual(await found(fqshuji, { q: '老人晚上' }), ['C']);
    assert.deepEqual(await found(shuji, { q: '老人晚上' }), []);
  });

  test('query syntax and wildcards are taken literally', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(shuji, { q: '"路灯" OR *' }), []);
    assert.deepEqual(await found(shuji, { q: '%' }), []);
    assert.deepEqual(await found(shuji, { q: '_' }), []);
  });

  test('the index follows edits of the text', async (t) => {
    if (!(await ready(t))) return;
    await store.write(async (tx) => void (await tx.update(cases).set({ description: '化粪池满溢，气味很大' }).where(eq(cases.id, F.id))));
    assert.deepEqual(await found(shuji, { q: '化粪池' }), ['F']);
    assert.deepEqual(await found(shuji, { q: '变压器噪音' }), []);
    await store.write(async (tx) => void (await tx.update(cases).set({ description: '变压器噪音扰民' }).where(eq(cases.id, F.id))));
    assert.deepEqual(await found(shuji, { q: '变压器噪音' }), ['F']);
  });
});

describe('visibility still applies to other roles', () => {
  test('a grid worker sees only their grid, even when asking for another', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(wg01, {}), ['A', 'D', 'E', 'F']);
    assert.deepEqual(await found(wg01, { gridId: String(longhuGarden.id) }), []);
    assert.deepEqual(await found(wg01, { q: '漏水' }), []);
  });

  test('a party member sees what they claimed', async (t) => {
    if (!(await ready(t))) return;
    assert.deepEqual(await found(dy01, {}), ['E']);
  });
});

// ---- paging -------------------------------------------------------------------------------------

describe('paging', () => {
  const all = async (sort: QueueFilters['sort']) => (await queuePage(store.db, shuji, queueFilterSchema.parse({ sort, pageSize: '20' }), NOW)).rows.map((x) => x.number);

  test('the first page follows the chosen order; oldest is newest reversed', async (t) => {
    if (!(await ready(t))) return;
    const first = await queuePage(store.db, shuji, queueFilterSchema.parse({ pageSize: '20' }), NOW);
    assert.equal(first.atStart, true);
    assert.equal(first.next, null);
    assert.equal(first.prev, null);
    assert.deepEqual(
      first.rows.map((r) => nameOf.get(r.id)),
      ['G', 'F', 'E', 'D', 'B', 'A'],
    );
    assert.deepEqual(await all('oldest'), [...(await all('newest'))].reverse());
  });

  test('"跳到日期" starts the list at that China-time day, in either direction', async (t) => {
    if (!(await ready(t))) return;
    const from = async (raw: Record<string, string>) => (await queuePage(store.db, shuji, queueFilterSchema.parse({ pageSize: '20', ...raw }), NOW)).rows.map((r) => nameOf.get(r.id));
    // Newest first from 2 April: what was logged that day and before.
    assert.deepEqual(await from({ at: '2026-04-02' }), ['B', 'A']);
    // Oldest first from 3 April: that day and after.
    assert.deepEqual(await from({ at: '2026-04-03', sort: 'oldest' }), ['D', 'E', 'F', 'G']);
  });

  test('"due" puts the most urgent running deadline first and finished cases last', async (t) => {
    if (!(await ready(t))) return;
    const r = await queuePage(store.db, shuji, queueFilterSchema.parse({ sort: 'due' }), NOW);
    const order = r.rows.map((x) => nameOf.get(x.id));
    assert.equal(order[0], 'A');
    assert.deepEqual(order.slice(-2).sort(), ['D', 'G']);
  });
});

// ---- bulk actions ---------------------------------------------------------------------------------

describe('bulk actions', () => {
  test('the form input is validated: at most 100 rows, no duplicates, a known action', async (t) => {
    if (!(await ready(t))) return;
    const item = (n: number) => `YH20260401-${String(n).padStart(4, '0')}:0`;
    assert.equal(bulkActionSchema.safeParse({ action: 'post_to_board', items: Array.from({ length: 101 }, (_, i) => item(i + 1)) }).success, false);
    assert.equal(bulkActionSchema.safeParse({ action: 'post_to_board', items: [item(1), item(1)] }).success, false);
    assert.equal(bulkActionSchema.safeParse({ action: 'post_to_board', items: [] }).success, false);
    assert.equal(bulkActionSchema.safeParse({ action: 'delete', items: [item(1)] }).success, false);
    assert.equal(bulkActionSchema.safeParse({ action: 'supervise', items: [item(1)], note: '' }).success, false);
    const ok = bulkActionSchema.parse({ action: 'supervise', items: [item(1)], note: '请加快', dueAt: '2026-04-08T18:00' });
    assert.equal(ok.action === 'supervise' && ok.dueAt?.toISOString(), '2026-04-08T10:00:00.000Z');
  });

  test('each row is judged on its own and reports why it failed', async (t) => {
    if (!(await ready(t))) return;
    const fresh1 = await log(wg01, lsB1!.id, '楼顶水箱漏水');
    const fresh2 = await log(wg02, lhB1!.id, '小区门口井盖松动');
    const outside = await log(wg21, fqB1!.id, '府前花园路面塌陷');
    const input = bulkActionSchema.parse({
      action: 'accept',
      categoryId: String(SAFETY),
      urgency: 'normal',
      items: [
        `${fresh1.number}:${await versionOf(fresh1.id)}`,
        `${fresh2.number}:${(await versionOf(fresh2.id)) + 1}`, // stale: someone changed it meanwhile
        `${D.number}:${await versionOf(D.id)}`, // already resolved
        `${outside.number}:${await versionOf(outside.id)}`, // another community
      ],
    });
    const results = await performBulkAction(store, shuji, input, new Date((clock += 60_000)));
    assert.deepEqual(
      results.map((r) => r.ok),
      [true, false, false, false],
    );
    assert.match(results[1]!.message, /已被他人处理/);
    assert.match(results[2]!.message, /当前状态下不能执行此操作/);
    assert.match(results[3]!.message, /不存在|管辖范围/);
    const [after] = await store.db.select({ status: cases.status, categoryId: cases.categoryId }).from(cases).where(eq(cases.id, fresh1.id));
    assert.deepEqual(after, { status: 'accepted', categoryId: SAFETY });
    const [second] = await store.db.select({ status: cases.status }).from(cases).where(eq(cases.id, fresh2.id));
    assert.equal(second!.status, 'submitted');
  });

  test('assigning to a grid worker who does not cover the case is refused for that row', async (t) => {
    if (!(await ready(t))) return;
    const here = await log(wg01, lsB1!.id, '电动车楼道充电');
    await step(shuji, here.id, { action: 'accept', categoryId: SAFETY, urgency: 'normal' });
    const v = await versionOf(here.id);
    const [wrong] = await performBulkAction(store, shuji, bulkActionSchema.parse({ action: 'assign_worker', accountId: String(wg02.id), items: [`${here.number}:${v}`] }));
    assert.equal(wrong!.ok, false);
    const [right] = await performBulkAction(store, shuji, bulkActionSchema.parse({ action: 'assign_worker', accountId: String(wg01.id), items: [`${here.number}:${v}`] }));
    assert.equal(right!.ok, true);
  });
});

// Runs last: it adds a case the counts above do not expect.
describe('saved views over time', () => {
  test('"my supervised" keeps a case until it is resolved', async (t) => {
    if (!(await ready(t))) return;
    const X = await log(wg01, lsB2!.id, '小区健身器材损坏');
    const inView = async () => (await queuePage(store.db, shuji, queueFilterSchema.parse({ view: 'my_supervised' }), NOW)).rows.some((r) => r.id === X.id);
    await step(shuji, X.id, { action: 'supervise', note: '请本周内处理' });
    assert.equal(await inView(), true);
    await step(wg01, X.id, { action: 'accept', categoryId: SAFETY, urgency: 'normal' });
    await step(wg01, X.id, { action: 'handle_self' });
    await step(wg01, X.id, { action: 'resolve', note: '已修好' });
    assert.equal(await inView(), false);
  });
});

test(`the search index exists as a trigram index (${ENGINE}: ${ENGINE === 'pg' ? 'pg_trgm GIN' : 'FTS5'})`, async (t) => {
  if (!(await ready(t))) return;
  if (ENGINE === 'pg') {
    const pg = store.db as unknown as { execute(q: ReturnType<typeof sql>): Promise<{ rows: { indexdef: string }[] }> };
    const { rows } = await pg.execute(sql`select indexdef from pg_indexes where indexname = 'cases_search_trgm_idx'`);
    assert.match(rows[0]!.indexdef, /gin.*gin_trgm_ops/);
    return;
  }
  const row = db.get<{ sql: string }>(sql`select sql from sqlite_master where name = 'cases_fts'`);
  assert.match(row.sql, /trigram/);
});
