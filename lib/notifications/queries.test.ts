// Tests of the notification reads: one unread count for badge and page, groups per case, read on opening.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, cases, notifications, orgNodes } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync } from '@/lib/cases/commands';
import { hasUnreadForCase, listNotificationGroups, markCaseRead, unreadCount } from './queries';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const wg01 = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get()!.id;
const at = new Date('2026-04-01T02:00:00Z');
const shuji = actorFromUser(loadUser(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'shuji')).get()!.id)!);
const grid = db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.name, '龙盛华庭')).get()!.id;
const newCase = () => {
  const r = createCaseSync(db, shuji, { description: '测试通知', source: 'patrol', nodeId: grid, urgency: 'normal' }, [], at);
  assert.ok(r.ok);
  return { id: r.id };
};
const a = newCase();
const b = newCase();
const submitted = newCase();
// b has been triaged since.
db.update(cases).set({ status: 'accepted' }).where(eq(cases.id, b.id)).run();

db.delete(notifications).where(eq(notifications.accountId, wg01)).run();
db.insert(notifications)
  .values([
    { accountId: wg01, caseId: a.id, kind: 'assigned', createdAt: at },
    { accountId: wg01, caseId: a.id, kind: 'supervised', note: '请尽快', createdAt: new Date(at.getTime() + 1000) },
    { accountId: wg01, caseId: b.id, kind: 'returned', createdAt: at },
    // A "new request" about a case someone has since triaged asks nothing any more.
    { accountId: wg01, caseId: b.id, kind: 'new_case', createdAt: at },
    { accountId: wg01, caseId: submitted.id, kind: 'new_case', createdAt: at },
  ])
  .run();

test('the count and the groups agree: one row per case, the latest note first', () => {
  assert.equal(unreadCount(db, wg01), 4);
  const { items, total } = listNotificationGroups(db, wg01, 1, 2);
  assert.equal(total, 3);
  assert.equal(items.length, 2, 'paged');
  const all = [...items, ...listNotificationGroups(db, wg01, 2, 2).items];
  assert.deepEqual(all.map((g) => g.caseId), [submitted.id, b.id, a.id], 'newest activity first');
  const groupA = all.find((g) => g.caseId === a.id)!;
  assert.deepEqual([groupA.count, groupA.unread, groupA.kind], [2, 2, 'supervised']);
  assert.equal(all.find((g) => g.caseId === b.id)!.unread, 1, 'the new_case note of a triaged case is not unread');
  assert.equal(all.reduce((n, g) => n + g.unread, 0), unreadCount(db, wg01));
});

test("opening a case reads its notifications, and only that reader's", () => {
  const other = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg02')).get()!.id;
  db.insert(notifications).values({ accountId: other, caseId: a.id, kind: 'assigned', createdAt: at }).run();
  assert.equal(hasUnreadForCase(db, wg01, a.id), true);
  assert.equal(markCaseRead(db, wg01, a.id), 2);
  assert.equal(hasUnreadForCase(db, wg01, a.id), false);
  assert.equal(unreadCount(db, wg01), 2);
  assert.equal(db.select().from(notifications).where(and(eq(notifications.accountId, other), isNull(notifications.readAt))).all().length > 0, true);
});
