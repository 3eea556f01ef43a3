// Tests of the notification reads: one unread count for badge and page, groups per case, read on opening. On the
// engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { registerTestStore } from '@/db/store-testing';
import type { Store } from '@/db/store';
import { accounts, cases, notifications } from '@/db/tables';
import { hasUnreadForCase, listNotificationGroups, markAllRead, markCaseRead, markNotificationRead, unreadCount } from './queries';

const storeFor = registerTestStore({ demo: true, cases: 20 });
const at = new Date('2026-04-01T02:00:00Z');

async function accountId(store: Store, username: string) {
  const [row] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).limit(1);
  return row!.id;
}

let fixture: Promise<{ wg01: number; a: number; b: number; submitted: number }> | undefined;

/** Three of the demo's requests: a, b (triaged since) and one still waiting, with wg01's notes about them. */
function setUp(store: Store) {
  fixture ??= (async () => {
    const wg01 = await accountId(store, 'wg01');
    const [a, b, submitted] = (await store.db.select({ id: cases.id }).from(cases).orderBy(asc(cases.id)).limit(3)).map((c) => c.id) as [number, number, number];
    await store.write(async (tx) => {
      await tx.update(cases).set({ status: 'accepted' }).where(eq(cases.id, b));
      await tx.update(cases).set({ status: 'submitted' }).where(eq(cases.id, submitted));
      await tx.delete(notifications).where(eq(notifications.accountId, wg01));
      await tx.insert(notifications).values([
        { accountId: wg01, caseId: a, kind: 'assigned', createdAt: at },
        { accountId: wg01, caseId: a, kind: 'supervised', note: '请尽快', createdAt: new Date(at.getTime() + 1000) },
        { accountId: wg01, caseId: b, kind: 'returned', createdAt: at },
        // A "new request" about a case someone has since triaged asks nothing any more.
        { accountId: wg01, caseId: b, kind: 'new_case', createdAt: at },
        { accountId: wg01, caseId: submitted, kind: 'new_case', createdAt: at },
      ]);
    });
    return { wg01, a, b, submitted };
  })();
  return fixture;
}

async function given(t: TestContext) {
  const store = storeFor(t);
  return store ? { store, ...(await setUp(store)) } : undefined;
}

test('the count and the groups agree: one row per case, the latest note first', async (t) => {
  const f = await given(t);
  if (!f) return;
  const { store, wg01, a, b, submitted } = f;
  assert.equal(await unreadCount(store.db, wg01), 4);
  const { items, total } = await listNotificationGroups(store.db, wg01, 1, 2);
  assert.equal(total, 3);
  assert.equal(items.length, 2, 'paged');
  const all = [...items, ...(await listNotificationGroups(store.db, wg01, 2, 2)).items];
  assert.deepEqual(all.map((g) => g.caseId), [submitted, b, a], 'newest activity first');
  const groupA = all.find((g) => g.caseId === a)!;
  assert.deepEqual([groupA.count, groupA.unread, groupA.kind], [2, 2, 'supervised']);
  assert.equal(all.find((g) => g.caseId === b)!.unread, 1, 'the new_case note of a triaged case is not unread');
  assert.equal(all.reduce((n, g) => n + g.unread, 0), await unreadCount(store.db, wg01));
});

test("opening a case reads its notifications, and only that reader's", async (t) => {
  const f = await given(t);
  if (!f) return;
  const { store, wg01, a } = f;
  const other = await accountId(store, 'wg02');
  await store.write((tx) => tx.insert(notifications).values({ accountId: other, caseId: a, kind: 'assigned', createdAt: at }));
  assert.equal(await hasUnreadForCase(store.db, wg01, a), true);
  assert.equal(await markCaseRead(store, wg01, a), 2);
  assert.equal(await hasUnreadForCase(store.db, wg01, a), false);
  assert.equal(await unreadCount(store.db, wg01), 2);
  const othersUnread = await store.db.select().from(notifications).where(and(eq(notifications.accountId, other), isNull(notifications.readAt)));
  assert.equal(othersUnread.length > 0, true);
});

test('the same case opened on two servers at once marks each note read once', async (t) => {
  const f = await given(t);
  if (!f) return;
  const { store, wg01, b } = f;
  await store.write((tx) => tx.insert(notifications).values([1, 2, 3].map((i) => ({ accountId: wg01, caseId: b, kind: 'supervised' as const, createdAt: new Date(at.getTime() + i) }))));
  const marked = await Promise.all(Array.from({ length: 8 }, () => markCaseRead(store, wg01, b)));
  // returned + new_case (whose read mark is still unset) + the three new ones, each counted by exactly one caller.
  assert.equal(marked.reduce((n, m) => n + m, 0), 5);
  assert.equal(await hasUnreadForCase(store.db, wg01, b), false);
});

test('marking all as read clears the badge, seen from a fresh read', async (t) => {
  const f = await given(t);
  if (!f) return;
  const { store, wg01 } = f;
  assert.ok((await unreadCount(store.db, wg01)) > 0);
  await markAllRead(store, wg01);
  assert.equal(await unreadCount(store.db, wg01), 0);
});

test('a notification about no case (a pledge reminder) is unread, a group of its own, read by its reader alone', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const dy01 = await accountId(store, 'dy01');
  const [c] = await store.db.select({ id: cases.id }).from(cases).orderBy(asc(cases.id)).limit(1);
  await store.write(async (tx) => {
    await tx.delete(notifications).where(eq(notifications.accountId, dy01));
    await tx.insert(notifications).values([
      { accountId: dy01, caseId: c!.id, kind: 'assigned', createdAt: at },
      { accountId: dy01, caseId: null, kind: 'pledge_reminder', note: '月中督诺（2026年4月）：您本月还没有晒诺', createdAt: new Date(at.getTime() + 1000) },
      { accountId: dy01, caseId: null, kind: 'pledge_reminder', note: '月中督诺（2026年4月）：第二次', createdAt: new Date(at.getTime() + 2000) },
    ]);
  });
  assert.equal(await unreadCount(store.db, dy01), 3);
  const { items, total } = await listNotificationGroups(store.db, dy01);
  assert.equal(total, 3, 'two reminders, two groups, beside the case');
  assert.deepEqual(
    items.map((g) => [g.kind, g.caseId, g.caseNumber === null, g.unread, g.count]),
    [
      ['pledge_reminder', null, true, 1, 1],
      ['pledge_reminder', null, true, 1, 1],
      ['assigned', c!.id, false, 1, 1],
    ],
  );
  assert.equal(items.reduce((n, g) => n + g.unread, 0), 3, 'the groups add up to the badge');
  const reminder = items[0]!;
  const other = await accountId(store, 'dy02');
  assert.equal(await markNotificationRead(store, other, reminder.id), 0, "another reader's reminder is not theirs to mark");
  assert.equal(await markNotificationRead(store, dy01, reminder.id), 1);
  assert.equal(await unreadCount(store.db, dy01), 2);
  await markAllRead(store, dy01);
  assert.equal(await unreadCount(store.db, dy01), 0);
});
