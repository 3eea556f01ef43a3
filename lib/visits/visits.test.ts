// Visits (民情账本): the due rule (intervals per care tag, 80岁以上 from dates of birth as time passes), scope, audit, and requests logged from a visit.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, count, eq, like, ne } from 'drizzle-orm';
import { accounts, auditLog, cases, householdCareTags, households, orgNodes, persons, visits } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync } from '@/lib/cases/commands';
import { setCareTags } from '@/lib/registry/care-tags';
import { visitCoverage } from './coverage';
import { householdVisitStates, visitDue } from './due';
import { householdVisits, visitForIntake, visitPhotoInScope } from './history';
import { DEFAULT_VISIT_INTERVALS, getVisitIntervals, intervalFor, setVisitIntervals, visitIntervalsSchema } from './intervals';
import { visitPlan } from './plan';
import { recordVisit, visitInputSchema } from './record';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const DAY = 86_400_000;
const NOW = new Date('2026-12-02T10:00:00+08:00');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

function userOf(username: string) {
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!;
  return loadUser(db, account.id)!;
}
const wg01 = userOf('wg01');
const wg02 = userOf('wg02');
const admin = userOf('admin');
const shuji = userOf('shuji');
const gridA = wg01.scopeNodes[0]!;
const gridC = wg02.scopeNodes[0]!;

const householdsOf = (path: string) => db.select().from(households).where(like(households.nodePath, `${path}%`)).orderBy(asc(households.id)).all();
const [hA1, hA2, hA3] = householdsOf(gridA.path);
const [hC1] = householdsOf(gridC.path);

/** A household with young residents only and no tags, so the test decides every fact the rule reads. */
function blank(h: { id: number }) {
  db.update(persons).set({ birthDate: '1990-05-05', status: 'present' }).where(eq(persons.householdId, h.id)).run();
  db.delete(householdCareTags).where(eq(householdCareTags.householdId, h.id)).run();
  db.delete(visits).where(eq(visits.householdId, h.id)).run();
}
function stateOf(h: { id: number; nodePath: string }, now = NOW) {
  return householdVisitStates(db, { paths: [h.nodePath] }, getVisitIntervals(db), now).find((s) => s.householdId === h.id)!;
}
function visitAt(h: { id: number; nodePath: string }, at: Date, by = wg01.id) {
  db.insert(visits).values({ householdId: h.id, nodePath: h.nodePath, accountId: by, visitedAt: at, notes: '测试走访', createdAt: at }).run();
}
const input = (householdId: number, extra: Record<string, unknown> = {}) => visitInputSchema.parse({ householdId, notes: '老人身体尚好，生活能自理', ...extra });
const auditRows = (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action as never)).all();

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

test('intervals by care tag: others yearly, 独居 weekly, 特困 and 残疾 every two weeks; the shortest tag wins', () => {
  blank(hA1!);
  assert.equal(stateOf(hA1!).due, true, 'never visited: due');
  visitAt(hA1!, daysAgo(364));
  assert.deepEqual([stateOf(hA1!).intervalDays, stateOf(hA1!).due], [365, false]);
  db.delete(visits).where(eq(visits.householdId, hA1!.id)).run();
  visitAt(hA1!, daysAgo(365));
  assert.equal(stateOf(hA1!).due, true, 'a year since the last visit');

  db.delete(visits).where(eq(visits.householdId, hA1!.id)).run();
  visitAt(hA1!, daysAgo(10));
  setCareTags(db, { accountId: wg01.id }, hA1!.id, [{ tag: 'disabled', since: null, note: null }]);
  assert.deepEqual([stateOf(hA1!).intervalDays, stateOf(hA1!).due], [14, false]);
  setCareTags(db, { accountId: wg01.id }, hA1!.id, [
    { tag: 'disabled', since: null, note: null },
    { tag: 'living_alone', since: null, note: null },
  ]);
  assert.deepEqual([stateOf(hA1!).intervalDays, stateOf(hA1!).due, stateOf(hA1!).daysOverdue], [7, true, 3]);
  // The latest visit counts, not the first.
  visitAt(hA1!, daysAgo(2));
  assert.equal(stateOf(hA1!).due, false);
});

test('80岁以上 comes from dates of birth and changes the interval on the 80th birthday, as time passes', () => {
  blank(hA2!);
  const elder = db.select().from(persons).where(eq(persons.householdId, hA2!.id)).orderBy(asc(persons.id)).get()!;
  db.update(persons).set({ birthDate: '1946-12-05' }).where(eq(persons.id, elder.id)).run();
  visitAt(hA2!, daysAgo(10));
  const dayBefore = new Date('2026-12-04T12:00:00+08:00');
  const birthday = new Date('2026-12-05T08:00:00+08:00');
  assert.deepEqual([stateOf(hA2!, dayBefore).tags, stateOf(hA2!, dayBefore).due], [[], false]);
  assert.deepEqual([stateOf(hA2!, birthday).tags, stateOf(hA2!, birthday).intervalDays, stateOf(hA2!, birthday).due], [['elderly_80'], 7, true]);
  // A resident who died no longer makes the household an 80+ one.
  db.update(persons).set({ status: 'deceased' }).where(eq(persons.id, elder.id)).run();
  assert.deepEqual(stateOf(hA2!, birthday).tags, []);
  // 80岁以上 cannot be stored at all (migration 0012's trigger): the dates of birth decide, and the interval falls back.
  assert.throws(() => db.insert(householdCareTags).values({ householdId: hA2!.id, tag: 'elderly_80' }).run(), { code: 'SQLITE_CONSTRAINT_TRIGGER' });
  assert.deepEqual([stateOf(hA2!, birthday).tags, stateOf(hA2!, birthday).intervalDays], [[], 365]);
});

test('the administrator edits the intervals; the change is audited before → after and applies at once', () => {
  blank(hA3!);
  setCareTags(db, { accountId: wg01.id }, hA3!.id, [{ tag: 'hardship', since: null, note: null }]);
  visitAt(hA3!, daysAgo(5));
  assert.equal(stateOf(hA3!).due, false);
  const bad = visitIntervalsSchema.safeParse({ ...DEFAULT_VISIT_INTERVALS, hardship: 0 });
  assert.equal(bad.success, false);
  assert.equal(bad.error!.issues[0]!.message, '走访周期至少 1 天');
  assert.equal(setVisitIntervals(db, admin.id, { ...DEFAULT_VISIT_INTERVALS, hardship: 5 }), true);
  assert.equal(stateOf(hA3!).due, true);
  const rows = auditRows('update_visit_intervals');
  assert.equal(rows.length, 1);
  assert.deepEqual(JSON.parse(rows[0]!.detail!), { hardship: [14, 5] });
  assert.equal(setVisitIntervals(db, admin.id, { ...DEFAULT_VISIT_INTERVALS, hardship: 5 }), false, 'saving the same values changes nothing');
  assert.equal(auditRows('update_visit_intervals').length, 1);
  setVisitIntervals(db, admin.id, DEFAULT_VISIT_INTERVALS);
});

test('recording a visit: the visit row, its audit row, and the care tags ticked on the spot (new ones since the visit day)', () => {
  blank(hA3!);
  setCareTags(db, { accountId: wg01.id }, hA3!.id, [{ tag: 'hardship', since: '2025-03-01', note: '低保' }]);
  const tagAudits = auditRows('update_care_tags').length;
  const r = recordVisit(db, wg01, input(hA3!.id, { met: '户主本人', careTags: ['hardship', 'living_alone'], visitedAt: '2026-12-02T09:30' }), null, NOW);
  assert.ok(r.ok && r.tagsChanged);
  const tags = db.select().from(householdCareTags).where(eq(householdCareTags.householdId, hA3!.id)).orderBy(asc(householdCareTags.tag)).all();
  assert.deepEqual(
    tags.map((t) => [t.tag, t.since, t.note]),
    [
      ['hardship', '2025-03-01', '低保'],
      ['living_alone', '2026-12-02', '入户走访时登记'],
    ],
  );
  const visit = db.select().from(visits).where(eq(visits.id, r.visitId)).get()!;
  assert.deepEqual([visit.accountId, visit.met, visit.nodePath, visit.visitedAt.toISOString()], [wg01.id, '户主本人', hA3!.nodePath, '2026-12-02T01:30:00.000Z']);
  const audit = auditRows('record_visit').at(-1)!;
  assert.deepEqual([audit.accountId, audit.subject], [wg01.id, `household:${hA3!.id}`]);
  assert.equal(auditRows('update_care_tags').length, tagAudits + 1);
  assert.equal(stateOf(hA3!).visitedToday, true);

  // Same tags again: a visit, but no tag change and no tag audit row.
  const again = recordVisit(db, wg01, input(hA3!.id, { careTags: ['hardship', 'living_alone'] }), null, NOW);
  assert.ok(again.ok && !again.tagsChanged);
  assert.equal(auditRows('update_care_tags').length, tagAudits + 1);
  assert.equal(householdVisits(db, wg01.scope, hA3!.id).length, 2);
});

test('a visit outside the worker’s grids is "not found" and stores nothing; bad times and vacant households are refused', () => {
  const before = { visits: db.select({ n: count() }).from(visits).get()!.n, audit: db.select({ n: count() }).from(auditLog).get()!.n };
  assert.deepEqual(recordVisit(db, wg01, input(hC1!.id, { careTags: ['disabled'] }), null, NOW), { ok: false, code: 'not_found' });
  assert.deepEqual(recordVisit(db, wg01, input(2_000_000_000), null, NOW), { ok: false, code: 'not_found' });
  const future = recordVisit(db, wg01, input(hA1!.id, { visitedAt: '2026-12-02T12:00' }), null, NOW);
  assert.ok(!future.ok && future.code === 'invalid_input' && future.fieldErrors.visitedAt![0] === '走访时间不能晚于现在');
  const old = recordVisit(db, wg01, input(hA1!.id, { visitedAt: '2026-10-01T09:00' }), null, NOW);
  assert.ok(!old.ok && old.code === 'invalid_input');
  db.update(households).set({ status: 'vacant' }).where(eq(households.id, hA1!.id)).run();
  const vacant = recordVisit(db, wg01, input(hA1!.id), null, NOW);
  assert.ok(!vacant.ok && vacant.code === 'invalid_input');
  assert.equal(stateOf(hA1!), undefined, 'a vacant household is not on any plan');
  db.update(households).set({ status: 'occupied' }).where(eq(households.id, hA1!.id)).run();
  assert.deepEqual(
    { visits: db.select({ n: count() }).from(visits).get()!.n, audit: db.select({ n: count() }).from(auditLog).get()!.n },
    before,
  );
  assert.equal(visitInputSchema.safeParse({ householdId: hA1!.id, notes: '' }).error?.issues[0]?.message, '请填写走访情况（至少 2 个字）');
  assert.equal(visitInputSchema.safeParse({ householdId: hA1!.id, notes: '正常', careTags: ['elderly_80'] }).success, false, '80岁以上 cannot be ticked');

  // History, the intake prefill and photos are scoped the same way.
  const cVisit = db.insert(visits).values({ householdId: hC1!.id, nodePath: hC1!.nodePath, accountId: wg02.id, visitedAt: NOW, notes: '测试', photoFileName: `${'c'.repeat(32)}.jpg`, createdAt: NOW }).returning().get();
  assert.deepEqual(householdVisits(db, wg01.scope, hC1!.id), []);
  assert.equal(visitForIntake(db, wg01.scope, cVisit.id), null);
  assert.equal(visitPhotoInScope(db, wg01.scope, cVisit.id), null);
  assert.deepEqual(visitPhotoInScope(db, wg02.scope, cVisit.id), { fileName: `${'c'.repeat(32)}.jpg` });
  assert.deepEqual(visitPhotoInScope(db, shuji.scope, cVisit.id), { fileName: `${'c'.repeat(32)}.jpg` });
});

test('今日走访 lists only the worker’s due and visited-today households, the building of the latest visit first, then by building order', () => {
  const plan = visitPlan(db, wg01, NOW);
  const listed = plan.places.flatMap((p) => p.households);
  assert.ok(listed.length > 0);
  assert.ok(listed.every((h) => h.nodePath.startsWith(gridA.path) && (h.due || h.visitedToday)));
  assert.equal(listed.filter((h) => h.due).length, plan.due);
  assert.equal(listed.filter((h) => h.visitedToday).length, plan.visitedToday);

  // A visit in a building in the middle of the compound makes it the anchor.
  const buildings = db.select().from(orgNodes).where(and(eq(orgNodes.parentId, gridA.id), eq(orgNodes.kind, 'building'))).orderBy(asc(orgNodes.sortOrder)).all();
  const middle = buildings[Math.floor(buildings.length / 2)]!;
  const h = db.select().from(households).where(eq(households.nodeId, middle.id)).get()!;
  const r = recordVisit(db, wg01, input(h.id), null, new Date(NOW.getTime() + 60_000));
  assert.ok(r.ok);
  const after = visitPlan(db, wg01, new Date(NOW.getTime() + 120_000));
  assert.deepEqual(after.anchor, { nodeId: middle.id, name: middle.name });
  assert.equal(after.places[0]!.nodeId, middle.id);
  assert.ok(after.places[0]!.households.some((x) => x.householdId === h.id && x.visitedToday));
  const order = new Map(buildings.map((b) => [b.id, b.sortOrder]));
  const distances = after.places.map((p) => Math.abs(order.get(p.nodeId)! - middle.sortOrder));
  assert.deepEqual(distances, [...distances].sort((a, b) => a - b), 'nearer buildings before farther ones');
});

test('coverage per grid and per worker: visited within the interval out of the occupied households; a secretary sees only their community', () => {
  const cov = visitCoverage(db, shuji.scope, NOW);
  assert.ok(cov.grids.some((g) => g.id === gridA.id) && cov.grids.some((g) => g.id === gridC.id));
  assert.ok(!cov.grids.some((g) => g.name === '府前花园'));
  for (const g of cov.grids) assert.equal(g.covered + g.due, g.households);
  const a = cov.grids.find((g) => g.id === gridA.id)!;
  const occupiedA = db.select({ n: count() }).from(households).where(and(like(households.nodePath, `${gridA.path}%`), eq(households.status, 'occupied'))).get()!.n;
  assert.equal(a.households, occupiedA);
  const visitedA = householdVisitStates(db, { paths: [gridA.path] }, getVisitIntervals(db), NOW).filter((s) => !s.due).length;
  assert.equal(a.covered, visitedA);
  const w = cov.workers.find((x) => x.id === wg01.id)!;
  assert.deepEqual([w.households, w.covered], [a.households, a.covered]);
  assert.equal(cov.total.households, cov.grids.reduce((n, g) => n + g.households, 0));
});

test('a request logged from a visit: door-knocking, the visited household, linked once; anything else is refused and logs nothing', () => {
  const r = recordVisit(db, wg01, input(hA2!.id, { observations: '楼道灯不亮' }), null, NOW);
  assert.ok(r.ok);
  const actor = actorFromUser(wg01);
  const base = { description: '走访发现：3单元楼道灯不亮', nodeId: hA2!.nodeId, householdId: hA2!.id, urgency: 'normal' as const, ownIntake: true, visitId: r.visitId };
  const casesBefore = db.select({ n: count() }).from(cases).get()!.n;
  const wrongSource = createCaseSync(db, actor, { ...base, source: 'patrol' }, [], NOW);
  assert.ok(!wrongSource.ok && wrongSource.code === 'invalid_input');
  const wrongHousehold = createCaseSync(db, actor, { ...base, source: 'door_knock', householdId: hA3!.id, nodeId: hA3!.nodeId }, [], NOW);
  assert.ok(!wrongHousehold.ok && wrongHousehold.code === 'invalid_input');
  assert.equal(db.select({ n: count() }).from(cases).get()!.n, casesBefore);

  const created = createCaseSync(db, actor, { ...base, source: 'door_knock' }, [], NOW);
  assert.ok(created.ok);
  assert.equal(db.select().from(visits).where(eq(visits.id, r.visitId)).get()!.caseId, created.id);
  assert.equal(visitForIntake(db, wg01.scope, r.visitId)!.caseNumber, created.number);
  assert.equal(householdVisits(db, wg01.scope, hA2!.id)[0]!.caseNumber, created.number);
  const twice = createCaseSync(db, actor, { ...base, source: 'door_knock' }, [], NOW);
  assert.ok(!twice.ok && twice.code === 'conflict');
  assert.equal(db.select({ n: count() }).from(cases).where(ne(cases.id, created.id)).get()!.n, casesBefore);
});
