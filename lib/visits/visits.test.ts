// Visits (民情账本): the due rule (intervals per care tag, 80岁以上 from dates of birth as time passes), scope and audit,
// on the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL). Who is who comes
// from the demo generated into SQLite, the same rows (and ids) as the store's demo: loadUser has not moved yet.
// Requests logged from a visit (lib/cases, not moved yet): visit-cases.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, like } from 'drizzle-orm';
import { accounts, households as legacyHouseholds } from '@/db/schema';
import type { CareTag } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, householdCareTags, households, orgNodes, persons, visits } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import type { StoredCareTag } from '@/lib/registry/care-tags';
import { visitCoverage } from './coverage';
import { householdVisitStates, visitDue } from './due';
import { householdVisits, visitForIntake, visitPhotoInScope } from './history';
import { DEFAULT_VISIT_INTERVALS, getVisitIntervals, intervalFor, setVisitIntervals, visitIntervalsSchema } from './intervals';
import { visitPlan } from './plan';
import { recordVisit, visitInputSchema } from './record';

const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);

const DAY = 86_400_000;
const NOW = new Date('2026-12-02T10:00:00+08:00');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

function userOf(username: string) {
  const account = fixtures.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
  return loadUserSync(fixtures, account.id)!;
}
const wg01 = userOf('wg01');
const wg02 = userOf('wg02');
const admin = userOf('admin');
const shuji = userOf('shuji');
const gridA = wg01.scopeNodes[0]!;
const gridC = wg02.scopeNodes[0]!;
const householdsOf = (path: string) => fixtures.select().from(legacyHouseholds).where(like(legacyHouseholds.nodePath, `${path}%`)).orderBy(asc(legacyHouseholds.id)).all();
const [hA1, hA2, hA3] = householdsOf(gridA.path);
const [hC1] = householdsOf(gridC.path);
type H = { id: number; nodePath: string; nodeId: number };

/** A household with young residents only and no tags, so the test decides every fact the rule reads. */
async function blank(store: Store, h: H) {
  await store.write(async (tx) => {
    await tx.update(persons).set({ birthDate: '1990-05-05', status: 'present' }).where(eq(persons.householdId, h.id));
    await tx.delete(householdCareTags).where(eq(householdCareTags.householdId, h.id));
    await tx.delete(visits).where(eq(visits.householdId, h.id));
  });
}
/** Stored tags set directly (the registry's own setCareTags is tested with the registry). */
async function setTags(store: Store, h: H, tags: { tag: StoredCareTag; since: string | null; note: string | null }[]) {
  await store.write(async (tx) => {
    await tx.delete(householdCareTags).where(eq(householdCareTags.householdId, h.id));
    if (tags.length > 0) await tx.insert(householdCareTags).values(tags.map((t) => ({ householdId: h.id, ...t })));
  });
}
async function stateOf(db: AppDb, h: H, now = NOW) {
  return (await householdVisitStates(db, { paths: [h.nodePath] }, await getVisitIntervals(db), now)).find((s) => s.householdId === h.id)!;
}
async function visitAt(store: Store, h: H, at: Date, by = wg01.id) {
  await store.write(async (tx) => {
    await tx.insert(visits).values({ householdId: h.id, nodePath: h.nodePath, accountId: by, visitedAt: at, notes: '测试走访', createdAt: at });
  });
}
async function deleteVisits(store: Store, h: H) {
  await store.write(async (tx) => {
    await tx.delete(visits).where(eq(visits.householdId, h.id));
  });
}
async function setStatus(store: Store, h: H, status: 'occupied' | 'vacant') {
  await store.write(async (tx) => {
    await tx.update(households).set({ status }).where(eq(households.id, h.id));
  });
}
const input = (householdId: number, extra: Record<string, unknown> = {}) => visitInputSchema.parse({ householdId, notes: '老人身体尚好，生活能自理', ...extra });
const auditRows = (db: AppDb, action: string) => db.select().from(auditLog).where(eq(auditLog.action, action as never)).orderBy(asc(auditLog.id));
async function total(db: AppDb, table: typeof visits | typeof auditLog) {
  const [row] = await db.select({ n: count() }).from(table);
  return row!.n;
}

test('the pure rule: due when never visited or when the interval has run out, in China calendar days', () => {
  assert.deepEqual(visitDue(null, 7, NOW), { daysSince: null, due: true, daysOverdue: null, visitedToday: false });
  assert.equal(visitDue(daysAgo(6), 7, NOW).due, false);
  assert.deepEqual(visitDue(daysAgo(7), 7, NOW), { daysSince: 7, due: true, daysOverdue: 0, visitedToday: false });
  assert.equal(visitDue(daysAgo(9), 7, NOW).daysOverdue, 2);
  // 23:30 yesterday China time is "yesterday", though less than a day ago.
  assert.equal(visitDue(new Date('2026-12-01T23:30:00+08:00'), 1, NOW).due, true);
  assert.equal(visitDue(new Date('2026-12-02T00:10:00+08:00'), 1, NOW).visitedToday, true);
  assert.equal(intervalFor([], DEFAULT_VISIT_INTERVALS), 365);
  assert.equal(intervalFor(['hardship', 'living_alone'], DEFAULT_VISIT_INTERVALS), 7);
  assert.equal(intervalFor(['disabled'], DEFAULT_VISIT_INTERVALS), 14);
});

test('intervals by care tag: others yearly, 独居 weekly, 特困 and 残疾 every two weeks; the shortest tag wins', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  await blank(store, hA1!);
  assert.equal((await stateOf(db, hA1!)).due, true, 'never visited: due');
  await visitAt(store, hA1!, daysAgo(364));
  let s = await stateOf(db, hA1!);
  assert.deepEqual([s.intervalDays, s.due], [365, false]);
  assert.equal(s.lastVisitedAt?.getTime(), daysAgo(364).getTime(), 'the last visit comes back as the instant stored');
  await deleteVisits(store, hA1!);
  await visitAt(store, hA1!, daysAgo(365));
  assert.equal((await stateOf(db, hA1!)).due, true, 'a year since the last visit');
  await deleteVisits(store, hA1!);
  await visitAt(store, hA1!, daysAgo(10));
  await setTags(store, hA1!, [{ tag: 'disabled', since: null, note: null }]);
  s = await stateOf(db, hA1!);
  assert.deepEqual([s.intervalDays, s.due], [14, false]);
  await setTags(store, hA1!, [
    { tag: 'disabled', since: null, note: null },
    { tag: 'living_alone', since: null, note: null },
  ]);
  s = await stateOf(db, hA1!);
  assert.deepEqual([s.intervalDays, s.due, s.daysOverdue], [7, true, 3]);
  // The latest visit counts, not the first.
  await visitAt(store, hA1!, daysAgo(2));
  assert.equal((await stateOf(db, hA1!)).due, false);
});

test('80岁以上 comes from dates of birth and changes the interval on the 80th birthday, as time passes', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  await blank(store, hA2!);
  const [elder] = await db.select().from(persons).where(eq(persons.householdId, hA2!.id)).orderBy(asc(persons.id)).limit(1);
  await store.write(async (tx) => {
    await tx.update(persons).set({ birthDate: '1946-12-05' }).where(eq(persons.id, elder!.id));
  });
  await visitAt(store, hA2!, daysAgo(10));
  const dayBefore = new Date('2026-12-04T12:00:00+08:00');
  const birthday = new Date('2026-12-05T08:00:00+08:00');
  const before = await stateOf(db, hA2!, dayBefore);
  assert.deepEqual([before.tags, before.due], [[], false]);
  const on = await stateOf(db, hA2!, birthday);
  assert.deepEqual([on.tags, on.intervalDays, on.due], [['elderly_80'], 7, true]);
  // A resident who died no longer makes the household an 80+ one.
  await store.write(async (tx) => {
    await tx.update(persons).set({ status: 'deceased' }).where(eq(persons.id, elder!.id));
  });
  assert.deepEqual((await stateOf(db, hA2!, birthday)).tags, []);
  // 80岁以上 cannot be stored at all (SQLite migration 0012's trigger, its PostgreSQL twin): the dates of birth
  // decide, and the interval falls back.
  await assert.rejects(
    store.write(async (tx) => {
      await tx.insert(householdCareTags).values({ householdId: hA2!.id, tag: 'elderly_80' as CareTag });
    }),
    (error: Error & { code?: string; cause?: Error & { code?: string } }) => {
      const e = error.cause ?? error;
      return store.engine === 'sqlite' ? e.code === 'SQLITE_CONSTRAINT_TRIGGER' : /elderly_80 is computed/.test(e.message);
    },
  );
  const after80 = await stateOf(db, hA2!, birthday);
  assert.deepEqual([after80.tags, after80.intervalDays], [[], 365]);
});

test('the administrator edits the intervals; the change is audited before → after and applies at once', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  await blank(store, hA3!);
  await setTags(store, hA3!, [{ tag: 'hardship', since: null, note: null }]);
  await visitAt(store, hA3!, daysAgo(5));
  assert.equal((await stateOf(db, hA3!)).due, false);
  const bad = visitIntervalsSchema.safeParse({ ...DEFAULT_VISIT_INTERVALS, hardship: 0 });
  assert.equal(bad.success, false);
  assert.equal(bad.error!.issues[0]!.message, '走访周期至少 1 天');
  assert.equal(await setVisitIntervals(store, admin.id, { ...DEFAULT_VISIT_INTERVALS, hardship: 5 }), true);
  assert.equal((await stateOf(db, hA3!)).due, true);
  const rows = await auditRows(db, 'update_visit_intervals');
  assert.equal(rows.length, 1);
  assert.deepEqual(JSON.parse(rows[0]!.detail!), { hardship: [14, 5] });
  assert.equal(await setVisitIntervals(store, admin.id, { ...DEFAULT_VISIT_INTERVALS, hardship: 5 }), false, 'saving the same values changes nothing');
  assert.equal((await auditRows(db, 'update_visit_intervals')).length, 1);
  // Two administrators saving at once: both saved, each audited against what the other left.
  const both = await Promise.all([
    setVisitIntervals(store, admin.id, { ...DEFAULT_VISIT_INTERVALS, hardship: 6 }),
    setVisitIntervals(store, admin.id, { ...DEFAULT_VISIT_INTERVALS, hardship: 7 }),
  ]);
  assert.deepEqual(both, [true, true]);
  const details = (await auditRows(db, 'update_visit_intervals')).slice(1).map((r) => JSON.parse(r.detail!).hardship as [number, number]);
  assert.equal(details.length, 2);
  assert.equal(details[0]![0], 5);
  assert.equal(details[1]![0], details[0]![1], 'the second save saw the first');
  assert.equal((await getVisitIntervals(db)).hardship, details[1]![1]);
  await setVisitIntervals(store, admin.id, DEFAULT_VISIT_INTERVALS);
});

test('recording a visit: the visit row, its audit row, and the care tags ticked on the spot (new ones since the visit day)', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  await blank(store, hA3!);
  await setTags(store, hA3!, [{ tag: 'hardship', since: '2025-03-01', note: '低保' }]);
  const tagAudits = (await auditRows(db, 'update_care_tags')).length;
  const r = await recordVisit(store, wg01, input(hA3!.id, { met: '户主本人', careTags: ['hardship', 'living_alone'], visitedAt: '2026-12-02T09:30' }), null, NOW);
  assert.ok(r.ok && r.tagsChanged);
  const tags = await db.select().from(householdCareTags).where(eq(householdCareTags.householdId, hA3!.id)).orderBy(asc(householdCareTags.tag));
  assert.deepEqual(
    tags.map((x) => [x.tag, x.since, x.note]),
    [
      ['hardship', '2025-03-01', '低保'],
      ['living_alone', '2026-12-02', '入户走访时登记'],
    ],
  );
  const [visit] = await db.select().from(visits).where(eq(visits.id, r.visitId));
  assert.deepEqual([visit!.accountId, visit!.met, visit!.nodePath, visit!.visitedAt.toISOString()], [wg01.id, '户主本人', hA3!.nodePath, '2026-12-02T01:30:00.000Z']);
  const audit = (await auditRows(db, 'record_visit')).at(-1)!;
  assert.deepEqual([audit.accountId, audit.subject], [wg01.id, `household:${hA3!.id}`]);
  assert.equal((await auditRows(db, 'update_care_tags')).length, tagAudits + 1);
  assert.equal((await stateOf(db, hA3!)).visitedToday, true);

  // Same tags again: a visit, but no tag change and no tag audit row.
  const again = await recordVisit(store, wg01, input(hA3!.id, { careTags: ['hardship', 'living_alone'] }), null, NOW);
  assert.ok(again.ok && !again.tagsChanged);
  assert.equal((await auditRows(db, 'update_care_tags')).length, tagAudits + 1);
  assert.equal((await householdVisits(db, wg01.scope, hA3!.id)).length, 2);
});

test('two visits to one household at once: both recorded, their tag changes one after the other, each audited against the other', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  await blank(store, hA1!);
  const tagAudits = (await auditRows(db, 'update_care_tags')).length;
  const [a, b] = await Promise.all([
    recordVisit(store, wg01, input(hA1!.id, { careTags: ['hardship'] }), null, NOW),
    recordVisit(store, wg01, input(hA1!.id, { careTags: ['disabled'] }), null, NOW),
  ]);
  assert.ok(a.ok && a.tagsChanged && b.ok && b.tagsChanged);
  assert.equal((await householdVisits(db, wg01.scope, hA1!.id)).length, 2);
  const changes = (await auditRows(db, 'update_care_tags')).slice(tagAudits).map((r) => JSON.parse(r.detail!).tags as [{ tag: string }[], { tag: string }[]]);
  assert.equal(changes.length, 2);
  assert.deepEqual(changes[0]![0], [], 'the first starts from no tags');
  assert.deepEqual(changes[1]![0], changes[0]![1], 'the second starts from what the first left');
  const stored = await db.select({ tag: householdCareTags.tag }).from(householdCareTags).where(eq(householdCareTags.householdId, hA1!.id));
  assert.deepEqual(stored.map((x) => x.tag), changes[1]![1].map((x) => x.tag));
});

test('a visit outside the worker’s grids is "not found" and stores nothing; bad times and vacant households are refused', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const before = { visits: await total(db, visits), audit: await total(db, auditLog) };
  assert.deepEqual(await recordVisit(store, wg01, input(hC1!.id, { careTags: ['disabled'] }), null, NOW), { ok: false, code: 'not_found' });
  assert.deepEqual(await recordVisit(store, wg01, input(2_000_000_000), null, NOW), { ok: false, code: 'not_found' });
  const future = await recordVisit(store, wg01, input(hA1!.id, { visitedAt: '2026-12-02T12:00' }), null, NOW);
  assert.ok(!future.ok && future.code === 'invalid_input' && future.fieldErrors.visitedAt![0] === '走访时间不能晚于现在');
  const old = await recordVisit(store, wg01, input(hA1!.id, { visitedAt: '2026-10-01T09:00' }), null, NOW);
  assert.ok(!old.ok && old.code === 'invalid_input');
  await setStatus(store, hA1!, 'vacant');
  const vacant = await recordVisit(store, wg01, input(hA1!.id), null, NOW);
  assert.ok(!vacant.ok && vacant.code === 'invalid_input');
  assert.equal(await stateOf(db, hA1!), undefined, 'a vacant household is not on any plan');
  await setStatus(store, hA1!, 'occupied');
  assert.deepEqual({ visits: await total(db, visits), audit: await total(db, auditLog) }, before);
  assert.equal(visitInputSchema.safeParse({ householdId: hA1!.id, notes: '' }).error?.issues[0]?.message, '请填写走访情况（至少 2 个字）');
  assert.equal(visitInputSchema.safeParse({ householdId: hA1!.id, notes: '正常', careTags: ['elderly_80'] }).success, false, '80岁以上 cannot be ticked');

  // History, the intake prefill and photos are scoped the same way.
  const cVisit = await store.write(async (tx) => {
    const [row] = await tx
      .insert(visits)
      .values({ householdId: hC1!.id, nodePath: hC1!.nodePath, accountId: wg02.id, visitedAt: NOW, notes: '测试', photoFileName: `${'c'.repeat(32)}.jpg`, createdAt: NOW })
      .returning();
    return row!;
  });
  assert.deepEqual(await householdVisits(db, wg01.scope, hC1!.id), []);
  assert.equal(await visitForIntake(db, wg01.scope, cVisit.id), null);
  assert.equal(await visitPhotoInScope(db, wg01.scope, cVisit.id), null);
  assert.deepEqual(await visitPhotoInScope(db, wg02.scope, cVisit.id), { fileName: `${'c'.repeat(32)}.jpg` });
  assert.deepEqual(await visitPhotoInScope(db, shuji.scope, cVisit.id), { fileName: `${'c'.repeat(32)}.jpg` });
  assert.deepEqual(await visitForIntake(db, wg02.scope, cVisit.id), { visitId: cVisit.id, caseNumber: null, household: { id: hC1!.id, nodeId: hC1!.nodeId, address: hC1!.address } });
});

test('今日走访 lists only the worker’s due and visited-today households, the building of the latest visit first, then by building order', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const plan = await visitPlan(db, wg01, NOW);
  const listed = plan.places.flatMap((p) => p.households);
  assert.ok(listed.length > 0);
  assert.ok(listed.every((h) => h.nodePath.startsWith(gridA.path) && (h.due || h.visitedToday)));
  assert.equal(listed.filter((h) => h.due).length, plan.due);
  assert.equal(listed.filter((h) => h.visitedToday).length, plan.visitedToday);

  // A visit in a building in the middle of the compound makes it the anchor.
  const buildings = await db.select().from(orgNodes).where(and(eq(orgNodes.parentId, gridA.id), eq(orgNodes.kind, 'building'))).orderBy(asc(orgNodes.sortOrder), asc(orgNodes.id));
  const middle = buildings[Math.floor(buildings.length / 2)]!;
  const [h] = await db.select().from(households).where(eq(households.nodeId, middle.id)).orderBy(asc(households.id)).limit(1);
  const r = await recordVisit(store, wg01, input(h!.id), null, new Date(NOW.getTime() + 60_000));
  assert.ok(r.ok);
  const after = await visitPlan(db, wg01, new Date(NOW.getTime() + 120_000));
  assert.deepEqual(after.anchor, { nodeId: middle.id, name: middle.name });
  assert.equal(after.places[0]!.nodeId, middle.id);
  assert.ok(after.places[0]!.households.some((x) => x.householdId === h!.id && x.visitedToday));
  const order = new Map(buildings.map((b) => [b.id, b.sortOrder]));
  const distances = after.places.map((p) => Math.abs(order.get(p.nodeId)! - middle.sortOrder));
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b), 'nearer buildings before farther ones');
});

test('coverage per grid and per worker: visited within the interval out of the occupied households; a secretary sees only their community', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const cov = await visitCoverage(db, shuji.scope, NOW);
  assert.ok(cov.grids.some((g) => g.id === gridA.id) && cov.grids.some((g) => g.id === gridC.id));
  assert.ok(!cov.grids.some((g) => g.name === '府前花园'));
  for (const g of cov.grids) assert.equal(g.covered + g.due, g.households);
  const a = cov.grids.find((g) => g.id === gridA.id)!;
  const [occupiedA] = await db.select({ n: count() }).from(households).where(and(like(households.nodePath, `${gridA.path}%`), eq(households.status, 'occupied')));
  assert.equal(a.households, occupiedA!.n);
  const visitedA = (await householdVisitStates(db, { paths: [gridA.path] }, await getVisitIntervals(db), NOW)).filter((s) => !s.due).length;
  assert.equal(a.covered, visitedA);
  const w = cov.workers.find((x) => x.id === wg01.id)!;
  assert.deepEqual([w.households, w.covered], [a.households, a.covered]);
  assert.equal(cov.total.households, cov.grids.reduce((n, g) => n + g.households, 0));
  assert.ok(cov.total.visits30d > 0, 'the demo year of visits is counted');
});
