// The case commands on the store (db/store.ts), on the engine of this test process (npm run test:unit: SQLite, on
// both statement paths — the prepared fast path and the engine-neutral builders; npm run test:unit:pg: PostgreSQL,
// builders). The guarantees that must hold on every engine: all-or-nothing commands, the optimistic version check
// under concurrency, idempotent client keys (a retry and concurrent duplicates), tracking numbers unique per day
// under concurrency, and the sweep of unrated cases. Who is who comes from the demo generated into SQLite, the same
// rows (and ids) as the store's demo: loadUser has not moved to the store yet.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, like, type SQL } from 'drizzle-orm';
import { accounts, categories, orgNodes } from '@/db/schema';
import { ENGINE } from '@/db/engine';
import { groupCommitStats, type Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import * as t from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from './actor';
import { closeUnratedCases, createCase, hashToken, performAction, type ActionResult, type CreateCaseResult } from './commands';
import { addHours, RATING_WINDOW_HOURS } from './due';
import type { ActionInput, Actor } from './lifecycle';

const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);

const actor = (username: string) => actorFromUser(loadUserSync(fixtures, fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!);
const wg01 = actor('wg01'); // grid 龙盛华庭
const wg02 = actor('wg02'); // grid 龙湖花园
const shuji = actor('shuji'); // secretary of 龙湖社区
const firstBuildingOf = (name: string) => {
  const grid = fixtures.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
  return fixtures.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).orderBy(asc(orgNodes.id)).get()!;
};
const building = firstBuildingOf('龙盛华庭');
const otherBuilding = firstBuildingOf('龙湖花园');
const STREET_LIGHT = fixtures.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;

const input = (description: string, nodeId = building.id) => ({ description, source: 'patrol' as const, nodeId, urgency: 'normal' as const });

/** Each test runs on every statement path of this engine: SQLite's prepared statements and the builders; PostgreSQL's builders. */
const PATHS = ENGINE === 'sqlite' ? (['prepared', 'builders'] as const) : (['builders'] as const);

function each(name: string, fn: (store: Store, day: (n: number) => Date) => Promise<void>) {
  PATHS.forEach((path, p) => {
    test(`${name} (${ENGINE}, ${path})`, async (tc: TestContext) => {
      const store = storeFor(tc);
      if (!store) return;
      if (path === 'builders') process.env.CASE_STATEMENTS = 'builders';
      else delete process.env.CASE_STATEMENTS;
      // Every test on its own China days (2027 onwards, after the demo's cases), so their numbers never meet.
      const base = Date.UTC(2027, 0, 1, 2) + (nextDay++ * 2 + p) * 86_400_000 * 3;
      try {
        await fn(store, (n) => new Date(base + n * 1000));
      } finally {
        delete process.env.CASE_STATEMENTS;
      }
    });
  });
}
let nextDay = 0;

async function caseRow(store: Store, id: number) {
  const [row] = await store.db.select().from(t.cases).where(eq(t.cases.id, id)).limit(1);
  return row!;
}
async function countWhere(store: Store, where: SQL) {
  const [row] = await store.db.select({ n: count() }).from(t.cases).where(where);
  return row!.n;
}
async function eventsOf(store: Store, id: number) {
  return store.db
    .select({ action: t.caseEvents.action, kind: t.caseEvents.actorKind, label: t.caseEvents.actorLabel, to: t.caseEvents.toStatus })
    .from(t.caseEvents)
    .where(eq(t.caseEvents.caseId, id))
    .orderBy(asc(t.caseEvents.id));
}
function ok<T extends CreateCaseResult | ActionResult>(r: T): Extract<T, { ok: true }> {
  assert.ok(r.ok, JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
}
async function step(store: Store, by: Actor, id: number, request: ActionInput, now: Date) {
  const c = await caseRow(store, id);
  return ok(await performAction(store, by, { id }, { ...request, version: c.version }, [], now));
}

each('the closed loop: logged, accepted, assigned, signed, resolved, rated by the resident — with its timeline and notifications', async (store, at) => {
  // Logged by the secretary: the grid's worker is told (never the actor).
  const made = ok(await createCase(store, shuji, input('楼道灯不亮（闭环）'), [], at(0)));
  assert.match(made.number, /^YH\d{8}-\d{4}$/);
  assert.equal(made.status, 'submitted');
  await step(store, wg01, made.id, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' }, at(1));
  await step(store, shuji, made.id, { action: 'assign_worker', accountId: wg01.id }, at(2));
  await step(store, wg01, made.id, { action: 'sign' }, at(3));
  const resolved = await step(store, wg01, made.id, { action: 'resolve', note: '已更换灯泡。' }, at(4));
  assert.equal(resolved.status, 'resolved');
  const rated = ok(await performAction(store, { kind: 'resident' }, { tokenHash: hashToken(made.token) }, { action: 'rate', rating: 'satisfied', version: resolved.version }, [], at(5)));
  assert.equal(rated.status, 'closed');
  const c = await caseRow(store, made.id);
  assert.equal(c.version, rated.version);
  assert.equal(c.categoryId, STREET_LIGHT);
  assert.equal(c.handlerAccountId, wg01.id);
  assert.equal(c.rating, 'satisfied');
  const [limit] = await store.db.select().from(t.timeLimits).where(and(eq(t.timeLimits.categoryId, STREET_LIGHT), eq(t.timeLimits.urgency, 'normal')));
  assert.ok(limit);
  assert.equal(c.resolveDueAt!.getTime(), addHours(at(1), limit.resolveHours).getTime(), 'accept starts the resolve deadline from the category limits');
  assert.deepEqual(
    (await eventsOf(store, made.id)).map((e) => e.action),
    ['submit', 'accept', 'assign_worker', 'sign', 'resolve', 'rate'],
  );
  const told = await store.db.select({ accountId: t.notifications.accountId, kind: t.notifications.kind }).from(t.notifications).where(eq(t.notifications.caseId, made.id));
  assert.ok(told.some((n) => n.kind === 'new_case' && n.accountId === wg01.id), 'a new request is news to the grid');
  assert.ok(told.every((n) => !(n.kind === 'new_case' && n.accountId === shuji.id)), 'the actor is never told');
  // A resident reaches a case by its token only; a grid worker of another grid does not see it.
  const outsider = await performAction(store, wg02, { id: made.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: c.version }, [], at(6));
  assert.equal(outsider.ok, false);
  assert.equal((outsider as { code: string }).code, 'not_found');
});

each('all or nothing: a create that fails halfway leaves no case, no event and no used number', async (store, at) => {
  const before = await countWhere(store, eq(t.cases.description, '半途失败的登记'));
  const [{ n: eventsBefore }] = (await store.db.select({ n: count() }).from(t.caseEvents)) as [{ n: number }];
  // The photo row breaks a NOT NULL column after the case and its event were written: the write throws.
  const broken = [{ fileName: 'ab'.repeat(16) + '.jpg', mime: null as unknown as string, width: 1, height: 1, bytes: 1 }];
  await assert.rejects(createCase(store, wg01, input('半途失败的登记'), broken, at(0)));
  assert.equal(await countWhere(store, eq(t.cases.description, '半途失败的登记')), before);
  const [{ n: eventsAfter }] = (await store.db.select({ n: count() }).from(t.caseEvents)) as [{ n: number }];
  assert.equal(eventsAfter, eventsBefore);
  // The day's counter was rolled back with it: the next request of the day takes the first number.
  const next = ok(await createCase(store, wg01, input('失败之后的登记'), [], at(1)));
  assert.match(next.number, /-0001$/);
  // An action refused by the rules writes nothing either.
  const refused = await performAction(store, wg01, { id: next.id }, { action: 'resolve', note: '未受理就办结', version: next.version }, [], at(2));
  assert.equal(refused.ok, false);
  assert.equal((await caseRow(store, next.id)).version, next.version);
  assert.deepEqual((await eventsOf(store, next.id)).map((e) => e.action), ['submit']);
});

each('of two concurrent actions on one case exactly one wins: 50 concurrent pairs', async (store, at) => {
  const made: { id: number; version: number }[] = [];
  for (let i = 0; i < 50; i++) made.push(ok(await createCase(store, wg01, input(`并发受理 ${i}`), [], at(i))));
  const results = await Promise.all(
    made.map((c, i) =>
      Promise.all([
        performAction(store, wg01, { id: c.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: c.version }, [], at(100 + i)),
        performAction(store, shuji, { id: c.id }, { action: 'reject', reason: '重复反映', version: c.version }, [], at(100 + i)),
      ]),
    ),
  );
  for (const [i, [a, b]] of results.entries()) {
    const winners = [a, b].filter((r) => r.ok);
    assert.equal(winners.length, 1, `pair ${i}: ${JSON.stringify([a, b])}`);
    const loser = [a, b].find((r) => !r.ok)!;
    assert.equal((loser as { code: string }).code, 'conflict');
    const c = await caseRow(store, made[i]!.id);
    assert.equal(c.version, made[i]!.version + 1);
    assert.equal(c.status, winners[0]!.ok ? winners[0]!.status : undefined);
    assert.deepEqual((loser as { current?: unknown }).current, { version: c.version, status: c.status }, 'the loser is shown the state it lost to');
    assert.equal((await eventsOf(store, c.id)).length, 2, 'submit and the one winner');
  }
});

each('a client key makes create idempotent: a retry returns the same case, concurrent duplicates create one', async (store, at) => {
  const key = `store-retry-${ENGINE}-${process.env.CASE_STATEMENTS ?? 'prepared'}-${at(0).getTime()}`;
  const first = ok(await createCase(store, wg01, { ...input('下水道堵塞（重试）'), clientKey: key }, [], at(0)));
  const retry = ok(await createCase(store, wg01, { ...input('下水道堵塞（重试）'), clientKey: key }, [], at(1)));
  assert.equal(retry.replayed, true);
  assert.equal(retry.id, first.id);
  assert.equal(retry.number, first.number);
  assert.notEqual(retry.token, first.token, 'a fresh status link replaces the lost one');
  assert.equal((await caseRow(store, first.id)).publicTokenHash, hashToken(retry.token));
  // Somebody else with the same key is refused.
  const other = await createCase(store, wg02, { ...input('旁人用了同一个编号', otherBuilding.id), clientKey: key }, [], at(2));
  assert.equal(other.ok, false);
  assert.equal((other as { code: string }).code, 'conflict');

  const together = `${key}-together`;
  const results = await Promise.all(Array.from({ length: 12 }, (_, i) => createCase(store, wg01, { ...input('同时提交 12 次'), clientKey: together }, [], at(10 + i))));
  const oks = results.map(ok);
  assert.equal(new Set(oks.map((r) => r.id)).size, 1, 'one case');
  assert.equal(oks.filter((r) => !r.replayed).length, 1, 'one logged it, the others were answered as its retries');
  assert.equal(await countWhere(store, eq(t.cases.clientKey, together)), 1);
});

each('tracking numbers stay unique and gapless per day under 40 concurrent creates', async (store, at) => {
  const results = (await Promise.all(Array.from({ length: 40 }, (_, i) => createCase(store, i % 2 ? wg01 : wg02, input(`同一天并发登记 ${i}`, i % 2 ? building.id : otherBuilding.id), [], at(i))))).map(ok);
  const numbers = results.map((r) => r.number).sort();
  assert.equal(new Set(numbers).size, 40);
  const day = numbers[0]!.slice(0, 'YH20270101-'.length);
  assert.deepEqual(numbers, Array.from({ length: 40 }, (_, i) => `${day}${String(i + 1).padStart(4, '0')}`));
  const [counter] = await store.db.select().from(t.caseNumberDays).where(eq(t.caseNumberDays.day, day.slice(2, 10)));
  assert.equal(counter!.lastSeq, 40);
});

each('closeUnratedCases closes only resolved cases whose rating window has passed, as not rated', async (store, at) => {
  const t0 = at(0);
  const hours = (h: number) => addHours(t0, h);
  const make = async (resolvedAt: Date | null) => {
    const c = ok(await createCase(store, wg01, input('扫尾测试'), [], t0));
    await step(store, wg01, c.id, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' }, t0);
    await step(store, wg01, c.id, { action: 'handle_self' }, t0);
    if (resolvedAt) await step(store, wg01, c.id, { action: 'resolve', note: '已修复' }, resolvedAt);
    return c;
  };
  const windowOver = await make(hours(1));
  const stillInWindow = await make(hours(48));
  const stillOpen = await make(null);
  const rated = await make(hours(1));
  const ratedRow = await caseRow(store, rated.id);
  ok(await performAction(store, { kind: 'resident' }, { tokenHash: hashToken(rated.token) }, { action: 'rate', rating: 'basically', version: ratedRow.version }, [], hours(2)));

  // Earlier tests' resolved cases are on earlier days with the same window: close them first, then count ours.
  const sweep = hours(1 + RATING_WINDOW_HOURS);
  await closeUnratedCases(store, new Date(sweep.getTime() - 10_000));
  assert.equal(await closeUnratedCases(store, new Date(sweep.getTime() + 1)), 1);
  const closed = await caseRow(store, windowOver.id);
  assert.deepEqual({ status: closed.status, closeReason: closed.closeReason, rating: closed.rating }, { status: 'closed', closeReason: 'not_rated', rating: null });
  const last = (await eventsOf(store, windowOver.id)).at(-1)!;
  assert.deepEqual({ action: last.action, kind: last.kind, label: last.label }, { action: 'auto_close', kind: 'system', label: '系统' });
  assert.equal((await caseRow(store, stillInWindow.id)).status, 'resolved');
  assert.equal((await caseRow(store, stillOpen.id)).status, 'in_progress');
  assert.equal((await caseRow(store, rated.id)).closeReason, 'rated');
  assert.equal(await closeUnratedCases(store, new Date(sweep.getTime() + 2)), 0, 'a second sweep finds nothing more');
  assert.equal(await closeUnratedCases(store, addHours(hours(48), RATING_WINDOW_HOURS + 1)), 1);
  assert.equal((await caseRow(store, stillInWindow.id)).closeReason, 'not_rated');
});

each('an own intake fixed on the spot is accepted, handled and resolved in the same write; a refused step undoes the whole intake', async (store, at) => {
  const done = ok(await createCase(store, wg01, { ...input('当场修好的路灯'), categoryId: STREET_LIGHT, ownIntake: true, resolution: '已当场更换灯泡' }, [], at(0)));
  assert.equal(done.status, 'resolved');
  assert.deepEqual((await eventsOf(store, done.id)).map((e) => e.action), ['submit', 'accept', 'handle_self', 'resolve']);
  // A deactivated category is refused before anything is written.
  const description = '停用分类的当场办结';
  const [inactive] = await store.db.select({ id: t.categories.id }).from(t.categories).where(eq(t.categories.active, false)).limit(1);
  if (inactive) {
    const refused = await createCase(store, wg01, { ...input(description), categoryId: inactive.id, ownIntake: true, resolution: '已处理' }, [], at(1));
    assert.equal(refused.ok, false);
    assert.equal(await countWhere(store, eq(t.cases.description, description)), 0);
  }
});

describe('group commit (the SQLite store): concurrent commands share one COMMIT with the same guarantees', () => {
  each('two actions arriving together: one wins, in one COMMIT on SQLite', async (store, at) => {
    const c = ok(await createCase(store, wg01, input('楼道灯不亮（并发受理）'), [], at(0)));
    const before = groupCommitStats(store);
    const [a, b] = await Promise.all([
      performAction(store, wg01, { id: c.id }, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal', version: c.version }, [], at(1)),
      performAction(store, shuji, { id: c.id }, { action: 'reject', reason: '重复反映', version: c.version }, [], at(1)),
    ]);
    if (ENGINE === 'sqlite') assert.equal(groupCommitStats(store).commits - before.commits, 1, 'both in one transaction');
    // On SQLite they run in arrival order (the accept first); on PostgreSQL either may get there first.
    const [winner, loser] = a.ok ? [a, b] : [b, a];
    if (ENGINE === 'sqlite') assert.ok(a.ok);
    assert.ok(winner.ok);
    assert.ok(!loser.ok);
    assert.equal(loser.code, 'conflict');
    assert.deepEqual(loser.current, { version: winner.version, status: winner.status });
    assert.deepEqual((await eventsOf(store, c.id)).map((e) => e.action), ['submit', winner.status === 'accepted' ? 'accept' : 'reject']);
  });

  each('a refused command among concurrent ones leaves nothing, and its neighbours are saved', async (store, at) => {
    const results = await Promise.all([
      createCase(store, wg01, input('电梯异响（组内第一件）'), [], at(0)),
      // wg02 works another grid: this place is outside their scope.
      createCase(store, wg02, input('越界登记（应被拒绝）'), [], at(1)),
      createCase(store, wg02, input('单元门禁坏了（组内第三件）', otherBuilding.id), [], at(2)),
    ]);
    assert.deepEqual(results.map((r) => r.ok), [true, false, true]);
    assert.equal(await countWhere(store, eq(t.cases.description, '越界登记（应被拒绝）')), 0);
  });
});
