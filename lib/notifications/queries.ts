// A handler's in-app notifications: new assignments, supervision marks, returns, reopenings; a party member's pledge reminders.
// One rule decides what counts as unread, for the header badge and the notifications page alike.
// Notifications and their read marks are rows: every server of a cluster shows the same badge.
import { and, count, countDistinct, desc, eq, inArray, isNull, max, sql, type SQL } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { cases, notifications } from '@/db/tables';

/**
 * Unread, and still asking something of the reader: a "new request" note stops asking once the
 * case has been triaged by anyone, so a colleague's 受理 clears it for the whole grid.
 */
function unreadCondition(accountId: number): SQL {
  return and(
    eq(notifications.accountId, accountId),
    isNull(notifications.readAt),
    sql`not (${notifications.kind} = 'new_case' and exists (select 1 from ${cases} where ${cases.id} = ${notifications.caseId} and ${cases.status} <> 'submitted'))`,
  )!;
}

/** The unread count shown on the badge and on the page: the same query for both. */
export async function unreadCount(db: AppDb, accountId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(unreadCondition(accountId));
  return row!.n;
}

/** Whether one case still has something unread for this reader (the case page then marks it read). */
export async function hasUnreadForCase(db: AppDb, accountId: number, caseId: number): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(unreadCondition(accountId), eq(notifications.caseId, caseId)));
  return row!.n > 0;
}

export const NOTIFICATION_PAGE_SIZE = 20;

/**
 * One row per case, newest activity first: the latest note, how many there were, how many are unread. A
 * notification about no case (a pledge reminder) is a row of its own: its group key is its negated id.
 */
export async function listNotificationGroups(db: AppDb, accountId: number, page = 1, pageSize = NOTIFICATION_PAGE_SIZE) {
  const groupKey = sql<number>`coalesce(${notifications.caseId}, -${notifications.id})`.mapWith(Number);
  const [counted] = await db.select({ n: countDistinct(groupKey) }).from(notifications).where(eq(notifications.accountId, accountId));
  const total = counted!.n;
  const unreadPerGroup = db
    .select({ key: sql<number>`coalesce(${notifications.caseId}, -${notifications.id})`.as('key'), n: count().as('n') })
    .from(notifications)
    .where(unreadCondition(accountId))
    .groupBy(sql`coalesce(${notifications.caseId}, -${notifications.id})`)
    .as('unread_per_group');
  const groups = await db
    .select({ key: groupKey, lastId: max(notifications.id), total: count(), unread: sql<number>`coalesce(max(${unreadPerGroup.n}), 0)` })
    .from(notifications)
    .leftJoin(unreadPerGroup, eq(unreadPerGroup.key, sql`coalesce(${notifications.caseId}, -${notifications.id})`))
    .where(eq(notifications.accountId, accountId))
    .groupBy(sql`coalesce(${notifications.caseId}, -${notifications.id})`)
    .orderBy(desc(max(notifications.id)), sql`coalesce(${notifications.caseId}, -${notifications.id})`)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const lastIds = groups.map((g) => g.lastId!).filter(Boolean);
  const latest = new Map(
    (lastIds.length === 0
      ? []
      : await db
          .select({
            id: notifications.id,
            caseId: notifications.caseId,
            kind: notifications.kind,
            note: notifications.note,
            createdAt: notifications.createdAt,
            caseNumber: cases.number,
            caseDescription: cases.description,
            caseStatus: cases.status,
          })
          .from(notifications)
          .leftJoin(cases, eq(cases.id, notifications.caseId))
          .where(inArray(notifications.id, lastIds))
    ).map((n) => [n.id, n]),
  );
  const items = groups.flatMap((g) => {
    const n = latest.get(g.lastId!);
    return n ? [{ ...n, key: g.key, count: g.total, unread: Number(g.unread) }] : [];
  });
  return { items, total, page, pageSize };
}

/** Marks one notification about no case (a pledge reminder) read: only the reader's own. */
export async function markNotificationRead(store: Store, accountId: number, id: number, now = new Date()): Promise<number> {
  const marked = await store.write((tx) =>
    tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.accountId, accountId), eq(notifications.id, id), isNull(notifications.caseId), isNull(notifications.readAt)))
      .returning({ id: notifications.id }),
  );
  return marked.length;
}

/** Opening or acting on a case reads what it had to say to this reader. */
export async function markCaseRead(store: Store, accountId: number, caseId: number, now = new Date()): Promise<number> {
  const marked = await store.write((tx) =>
    tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.accountId, accountId), eq(notifications.caseId, caseId), isNull(notifications.readAt)))
      .returning({ id: notifications.id }),
  );
  return marked.length;
}

/** Marking as read only ever touches the reader's own notifications. */
export async function markAllRead(store: Store, accountId: number, now = new Date()): Promise<void> {
  await store.write((tx) =>
    tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt))),
  );
}
