// 党员每月一件事 on the engine of this test process (test:unit SQLite, test:unit:pg PostgreSQL): the month's window,
// at least one pledge, evaluation by that branch's secretary only, the year's totals, and reminders that reach
// exactly the members without a pledge or without progress.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import { and, asc, eq, inArray, like } from 'drizzle-orm';
import { accounts as sqliteAccounts } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, auditLog, notifications, orgNodes, partyMembers, pledges } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { createItem, evaluatePledge, makePledge, remindMembers, reportProgress, reviewPledge } from './commands';
import { midMonthCheck, pledgeBoard, unreadPledgeReminders, yearResults } from './queries';
import { checkMember, checkPledgeMonth, currentPledgeMonth, daysRemaining, monthWindow, unevaluated, type PledgeActor } from './rules';
import { createItemSchema, evaluateSchema, pledgeSchema } from './schemas';

/** 20 November 2026, 10:00 China time: the middle of the month. */
const NOW = new Date('2026-11-20T02:00:00Z');
const DAY = 86_400_000;
const storeFor = registerTestStore({ demo: true });
const { db: fixtures, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;
let db: AppDb;
function use(t: TestContext): boolean {
  const s = storeFor(t);
  if (!s) return false;
  [store, db] = [s, s.db];
  return true;
}

const actor = (username: string): PledgeActor => {
  const u = loadUserSync(fixtures, fixtures.select({ id: sqliteAccounts.id }).from(sqliteAccounts).where(eq(sqliteAccounts.username, username)).get()!.id)!;
  return { id: u.id, role: u.role, scope: u.scope, partyMemberId: u.partyMemberId };
};
const gridNamed = async (name: string) => (await db.select().from(orgNodes).where(and(eq(orgNodes.name, name), eq(orgNodes.kind, 'grid'))).limit(1))[0]!;
const membersUnder = async (path: string) =>
  db.select({ id: partyMembers.id, nodePath: partyMembers.nodePath }).from(partyMembers).where(and(like(partyMembers.nodePath, `${path}%`), eq(partyMembers.status, 'active'))).orderBy(asc(partyMembers.id));

describe('the month window (China time)', () => {
  it('a month runs from its first China midnight to the next; 00:30 on the 1st in China is already the new month', () => {
    const w = monthWindow('2026-11');
    assert.equal(w.from.toISOString(), '2026-10-31T16:00:00.000Z');
    assert.equal(w.to.toISOString(), '2026-11-30T16:00:00.000Z');
    assert.equal(currentPledgeMonth(new Date('2026-11-30T15:59:59Z')), '2026-11');
    assert.equal(currentPledgeMonth(new Date('2026-11-30T16:30:00Z')), '2026-12');
    assert.equal(daysRemaining('2026-11', NOW), 10, '20 November: ten days after today');
    assert.equal(daysRemaining('2026-11', new Date('2026-11-30T10:00:00Z')), 0);
    assert.ok(checkPledgeMonth('2026-11', NOW).ok);
    assert.equal(checkPledgeMonth('2026-10', NOW).ok, false, 'not for a month gone by');
    assert.equal(checkPledgeMonth('2026-12', NOW).ok, false, 'not ahead');
  });
});

describe('pledging', () => {
  it('a member without a pledge is flagged; an item pledge counts, a rejected own commitment does not', async (t) => {
    if (!use(t)) return;
    const dy01 = actor('dy01');
    const shuji = actor('shuji');
    const grid = (await db.select({ path: partyMembers.nodePath }).from(partyMembers).where(eq(partyMembers.id, dy01.partyMemberId!)).limit(1))[0]!;
    assert.deepEqual(checkMember([], NOW), { noPledge: true, noProgress: 0, overdue: 0 });

    const branchOfDy01 = (c: Awaited<ReturnType<typeof midMonthCheck>>) => c.branches.find((b) => grid.path.startsWith(b.path))!;
    const first = await midMonthCheck(db, dy01.scope, '2026-11', NOW);
    const before = branchOfDy01(first);
    assert.equal(first.members.find((m) => m.id === dy01.partyMemberId)!.standing, 'none', 'dy01 has not pledged in November');
    const own = await makePledge(store, dy01, dy01.partyMemberId!, pledgeSchema.parse({ kind: 'own', title: '为楼道老人代购一次药品', group: '民生服务类' }), NOW);
    assert.ok(own.ok, JSON.stringify(own));
    let check = await midMonthCheck(db, dy01.scope, '2026-11', NOW);
    const waiting = check.members.find((m) => m.id === dy01.partyMemberId)!;
    assert.equal(waiting.check.noPledge, false, 'waiting for approval spares the "no pledge" reminder');
    assert.deepEqual([waiting.standing, waiting.confirmed, waiting.awaiting], ['awaiting', 0, 1], 'but it is not yet a published pledge');
    // The branch's line: a commitment awaiting approval is counted as 待审核, not as 已晒诺 (issue 8), and the three add up.
    const line = branchOfDy01(check);
    assert.equal(line.pledged, check.members.filter((m) => m.branchId === line.id && m.confirmed > 0).length, '已晒诺: members with a confirmed pledge');
    assert.equal(line.pledged + line.awaiting + line.noPledge, line.members);
    assert.ok(line.awaiting >= 1);
    assert.equal(line.pendingReviews, check.pendingReviews.filter((p) => p.nodePath.startsWith(line.path)).length);
    assert.ok(check.pendingReviews.some((p) => p.id === own.id), 'the commitment is in the list to review');
    const rejected = await reviewPledge(store, shuji, { pledgeId: own.id, approve: false, note: '请写清楚时间' }, NOW);
    assert.ok(rejected.ok);
    check = await midMonthCheck(db, dy01.scope, '2026-11', NOW);
    assert.equal(check.members.find((m) => m.id === dy01.partyMemberId)!.check.noPledge, true, 'a rejected commitment is no pledge');
    assert.equal(check.members.find((m) => m.id === dy01.partyMemberId)!.standing, 'none');
    assert.ok(!check.pendingReviews.some((p) => p.id === own.id), 'reviewed: off the list');
    assert.equal((await reviewPledge(store, shuji, { pledgeId: own.id, approve: true, note: null }, NOW)).ok, false, 'reviewed once');

    const community = actor('shuji').scope.paths[0]!;
    const communityNode = (await db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.path, community)).limit(1))[0]!;
    const item = await createItem(store, shuji, createItemSchema.parse({ nodeId: String(communityNode.id), title: '清理楼道小广告', group: '社会管理类', place: '各楼栋', dueOn: '' }), NOW);
    assert.ok(item.ok, JSON.stringify(item));
    const pledged = await makePledge(store, dy01, dy01.partyMemberId!, { kind: 'item', itemId: item.id }, NOW);
    assert.ok(pledged.ok, JSON.stringify(pledged));
    const twice = await makePledge(store, dy01, dy01.partyMemberId!, { kind: 'item', itemId: item.id }, NOW);
    assert.equal(twice.ok, false, 'the same item once a month');
    check = await midMonthCheck(db, dy01.scope, '2026-11', NOW);
    assert.equal(check.members.find((m) => m.id === dy01.partyMemberId)!.check.noPledge, false);
    assert.equal(check.members.find((m) => m.id === dy01.partyMemberId)!.standing, 'confirmed', 'an item pledge is confirmed at once');
    assert.equal(branchOfDy01(check).pledged, before.pledged + 1, 'now 已晒诺');
    const board = await pledgeBoard(db, grid.path.split('/').slice(0, 5).join('/') + '/', '2026-11');
    assert.ok(board.some((b) => b.title === '清理楼道小广告'), "on the branch's pledge board");
    assert.ok(!board.some((b) => b.title === '为楼道老人代购一次药品'), 'a rejected commitment is not');

    // Another member's pledge, another community's secretary: refused.
    const dy02 = actor('dy02');
    assert.equal((await makePledge(store, dy01, dy02.partyMemberId!, { kind: 'item', itemId: item.id }, NOW)).ok, false, 'only for oneself');
    const fq = actor('fqshuji');
    assert.equal((await makePledge(store, fq, dy01.partyMemberId!, { kind: 'item', itemId: item.id }, NOW)).ok, false, "another community's secretary records nothing here");
  });

  it('the secretary records a pledge for a member, confirmed at once, with who recorded it, audited', async (t) => {
    if (!use(t)) return;
    const shuji = actor('shuji');
    const grid = await gridNamed('龙湖花园');
    const [member] = await membersUnder(grid.path);
    const r = await makePledge(store, shuji, member!.id, pledgeSchema.parse({ kind: 'own', title: '帮助邻居修理自行车', group: '民生服务类' }), NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const [row] = await db.select().from(pledges).where(eq(pledges.id, r.id));
    assert.equal(row!.status, 'approved');
    assert.equal(row!.recordedByAccountId, shuji.id);
    const audit = await db.select().from(auditLog).where(eq(auditLog.subject, `pledge:${r.id}`));
    assert.deepEqual(audit.map((a) => a.action), ['record_pledge']);
  });
});

describe('evaluation', () => {
  it("only the secretary whose scope holds the pledge's branch evaluates it; the result is audited", async (t) => {
    if (!use(t)) return;
    const shuji = actor('shuji');
    const grid = await gridNamed('绛州府邸');
    const [member] = await membersUnder(grid.path);
    const p = await makePledge(store, shuji, member!.id, pledgeSchema.parse({ kind: 'own', title: '组织一次垃圾分类宣传', group: '社会管理类' }), NOW);
    assert.ok(p.ok);
    const input = evaluateSchema.parse({ pledgeId: String(p.id), evaluation: 'partial', comment: '宣传已做，入户未完成' });
    assert.equal((await evaluatePledge(store, actor('fqshuji'), input, NOW)).ok, false, "another community's secretary");
    const byWorker = await evaluatePledge(store, actor('wg03'), input, NOW);
    assert.equal(byWorker.ok || byWorker.code, 'forbidden', 'a grid worker');
    const byAdmin = await evaluatePledge(store, actor('admin'), input, NOW);
    assert.equal(byAdmin.ok || byAdmin.code, 'forbidden', 'the administrator keeps the system, not the pledges');
    const byMember = await evaluatePledge(store, actor('dy01'), input, NOW);
    assert.equal(byMember.ok || byMember.code, 'forbidden', 'a party member');
    const before = await db.select().from(pledges).where(eq(pledges.id, p.id));
    assert.equal(before[0]!.evaluation, null, 'refusals changed nothing');
    const ok = await evaluatePledge(store, shuji, input, NOW);
    assert.ok(ok.ok, JSON.stringify(ok));
    const [row] = await db.select().from(pledges).where(eq(pledges.id, p.id));
    assert.equal(row!.evaluation, 'partial');
    assert.equal(row!.evaluationComment, '宣传已做，入户未完成');
    assert.equal(row!.evaluatedByAccountId, shuji.id);
    const township = await evaluatePledge(store, actor('zhenshuji'), { ...input, evaluation: 'done' }, NOW);
    assert.ok(township.ok, 'the township secretary’s scope holds the branch too');
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.subject, `pledge:${p.id}`), eq(auditLog.action, 'evaluate_pledge')));
    assert.equal(audit.length, 2);
    assert.equal(evaluateSchema.safeParse({ pledgeId: '1', evaluation: 'excellent' }).error?.issues[0]?.message, '请选择评议结果：完成、部分完成或未完成');
  });

  it("the year's totals per month, branch and member; an ended month with an unevaluated pledge is flagged", async (t) => {
    if (!use(t)) return;
    const shuji = actor('shuji');
    const grid = await gridNamed('汾河湾');
    const members = (await membersUnder(grid.path)).slice(0, 3);
    const october = new Date('2026-10-12T02:00:00Z');
    const made: number[] = [];
    for (const m of members) {
      const r = await makePledge(store, shuji, m.id, pledgeSchema.parse({ kind: 'own', title: `十月承诺${m.id}`, group: '基层党建类' }), october);
      assert.ok(r.ok);
      made.push(r.id);
    }
    const scope = { paths: [grid.path] };
    let year = await yearResults(db, scope, 2026, NOW);
    const oct = year.months.find((m) => m.month === '2026-10')!;
    assert.deepEqual(oct.totals, { pledges: 3, evaluated: 0, done: 0, partial: 0, notDone: 0 });
    assert.equal(oct.unevaluated, true, 'October has ended unevaluated');
    assert.equal(year.months.find((m) => m.month === '2026-11')!.unevaluated, false, 'November has not ended');
    await evaluatePledge(store, shuji, { pledgeId: made[0]!, evaluation: 'done', comment: null }, NOW);
    await evaluatePledge(store, shuji, { pledgeId: made[1]!, evaluation: 'not_done', comment: '未落实' }, NOW);
    year = await yearResults(db, scope, 2026, NOW);
    assert.equal(year.months.find((m) => m.month === '2026-10')!.unevaluated, true, 'one still unevaluated');
    await evaluatePledge(store, shuji, { pledgeId: made[2]!, evaluation: 'done', comment: null }, NOW);
    year = await yearResults(db, scope, 2026, NOW);
    const october2 = year.months.find((m) => m.month === '2026-10')!;
    assert.deepEqual(october2.totals, { pledges: 3, evaluated: 3, done: 2, partial: 0, notDone: 1 });
    assert.equal(october2.unevaluated, false);
    assert.equal(unevaluated('2026-10', october2.totals, NOW), false);
    assert.deepEqual(year.totals, { pledges: 3, evaluated: 3, done: 2, partial: 0, notDone: 1 }, "the branch's year holds October only");
    assert.deepEqual(year.branches.find((b) => b.id === grid.id)!.totals, year.totals);
    const first = year.members.find((m) => m.id === members[0]!.id)!;
    assert.deepEqual(first.totals, { pledges: 1, evaluated: 1, done: 1, partial: 0, notDone: 0 });
    assert.equal(first.perMonth[9]!.pledged, true);
    assert.equal(first.perMonth[10]!.pledged, false);
  });
});

describe('月中督诺: reminders', () => {
  it('go to exactly the members of the branch with an account and without a pledge or without progress, once', async (t) => {
    if (!use(t)) return;
    const shuji = actor('shuji');
    const grid = await gridNamed('鼓楼小区');
    const members = (await membersUnder(grid.path)).slice(0, 4);
    assert.equal(members.length, 4);
    // Every one of the four signs in: give those without an account one.
    const ids: number[] = [];
    for (const [i, m] of members.entries()) {
      const [existing] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.partyMemberId, m.id)).limit(1);
      if (existing) ids.push(existing.id);
      else {
        const [row] = await store.write((tx) =>
          tx.insert(accounts).values({ username: `pledge-test-${i}`, displayName: `党员${i}`, passwordHash: 'x', role: 'party_member', partyMemberId: m.id, createdAt: NOW }).returning({ id: accounts.id }),
        );
        ids.push(row!.id);
      }
    }
    const [done, stalled, none, fresh] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0], (typeof members)[0]];
    const tenDaysAgo = new Date(NOW.getTime() - 10 * DAY);
    const me = (m: (typeof members)[0], accountId: number): PledgeActor => ({ id: accountId, role: 'party_member', scope: { paths: [grid.path] }, partyMemberId: m.id });
    const own = pledgeSchema.parse({ kind: 'own', title: '陪独居老人聊天一次', group: '民生服务类' });
    const a = await makePledge(store, shuji, done.id, own, tenDaysAgo);
    assert.ok(a.ok);
    assert.ok((await reportProgress(store, me(done, ids[0]!), { pledgeId: a.id, note: '已上门两次' }, new Date(NOW.getTime() - 2 * DAY))).ok);
    assert.ok((await makePledge(store, shuji, stalled.id, own, tenDaysAgo)).ok);
    assert.ok((await makePledge(store, shuji, fresh.id, own, new Date(NOW.getTime() - DAY))).ok);

    const check = await midMonthCheck(db, { paths: [grid.path] }, '2026-11', NOW);
    const byId = new Map(check.members.map((m) => [m.id, m]));
    assert.equal(byId.get(done.id)!.needsReminder, false, 'pledged and reported progress');
    assert.equal(byId.get(stalled.id)!.check.noProgress, 1, 'ten days without progress');
    assert.equal(byId.get(none.id)!.check.noPledge, true);
    assert.equal(byId.get(fresh.id)!.needsReminder, false, 'a pledge of yesterday is not yet "no progress"');
    const expected = check.members.filter((m) => m.needsReminder && m.accountId !== null).map((m) => m.accountId!).sort((x, y) => x - y);
    assert.ok(expected.includes(ids[1]!) && expected.includes(ids[2]!));

    const r = await remindMembers(store, shuji, { month: '2026-11', branchPath: grid.path }, NOW);
    assert.ok(r.ok, JSON.stringify(r));
    const sent = await db.select({ accountId: notifications.accountId, note: notifications.note, caseId: notifications.caseId }).from(notifications).where(eq(notifications.kind, 'pledge_reminder'));
    assert.deepEqual([...new Set(sent.map((n) => n.accountId))].sort((x, y) => x - y), expected, 'exactly the members without a pledge or progress');
    assert.equal(sent.length, expected.length);
    assert.ok(sent.every((n) => n.caseId === null));
    assert.match(sent.find((n) => n.accountId === ids[2])!.note!, /还没有晒诺/);
    assert.match(sent.find((n) => n.accountId === ids[1])!.note!, /1 项承诺尚无进展/);
    assert.equal(r.reminded, expected.length);
    const after = await midMonthCheck(db, { paths: [grid.path] }, '2026-11', NOW);
    assert.equal(after.members.find((m) => m.id === none.id)!.remindedAt?.getTime(), NOW.getTime(), 'the check shows when each was reminded');
    assert.equal(after.members.find((m) => m.id === done.id)!.remindedAt, null);

    const again = await remindMembers(store, shuji, { month: '2026-11', branchPath: grid.path }, NOW);
    assert.ok(again.ok && again.reminded === 0 && again.alreadyReminded === expected.length, 'not twice while unread');
    assert.equal((await unreadPledgeReminders(db, ids[2]!)).length, 1, 'the member sees it on their home page');
    assert.ok((await makePledge(store, me(none, ids[2]!), none.id, own, NOW)).ok);
    assert.equal((await unreadPledgeReminders(db, ids[2]!)).length, 0, 'pledging answers the reminder');

    assert.equal((await remindMembers(store, actor('fqshuji'), { month: '2026-11', branchPath: grid.path }, NOW)).ok, false, "another community's branch");
    assert.equal((await remindMembers(store, shuji, { month: '2026-10' }, NOW)).ok, false, 'only the running month');
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, 'remind_pledges'), inArray(auditLog.accountId, [shuji.id])));
    assert.equal(audit.length, 2);
  });
});
