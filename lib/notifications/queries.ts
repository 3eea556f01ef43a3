// A handler's in-app notifications: new assignments, supervision marks, returns, reopenings.
// One rule decides what counts as unread, for the header badge and the notifications page alike.
import { and, count, countDistinct, desc, eq, inArray, isNull, max, sql, type SQL } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { cases, notifications } from '@/db/schema';

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
export function unreadCount(db: DB, accountId: number): number {
  return db.select({ n: count() }).from(notifications).where(unreadCondition(accountId)).get()!.n;
}

/** Whether one case still has something unread for this reader (the case page then marks it read). */
export function hasUnreadForCase(db: DB, accountId: number, caseId: number): boolean {
  return db.select({ n: count() }).from(notifications).where(and(unreadCondition(accountId), eq(notifications.caseId, caseId))).get()!.n > 0;
}

export const NOTIFICATION_PAGE_SIZE = 20;

/** One row per case, newest activity first: the latest note, how many there were, how many are unread. */
export function listNotificationGroups(db: DB, accountId: number, page = 1, pageSize = NOTIFICATION_PAGE_SIZE) {
  const total = db.select({ n: countDistinct(notifications.caseId) }).from(notifications).where(eq(notifications.accountId, accountId)).get()!.n;
  const unreadPerCase = db
    .select({ caseId: notifications.caseId, n: count().as('n') })
    .from(notifications)
    .where(unreadCondition(accountId))
    .groupBy(notifications.caseId)
    .as('unread_per_case');
  const groups = db
    .select({ caseId: notifications.caseId, lastId: max(notifications.id), total: count(), unread: sql<number>`coalesce(max(${unreadPerCase.n}), 0)` })
    .from(notifications)
    .leftJoin(unreadPerCase, eq(unreadPerCase.caseId, notifications.caseId))
    .where(eq(notifications.accountId, accountId))
    .groupBy(notifications.caseId)
    .orderBy(desc(max(notifications.id)))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const lastIds = groups.map((g) => g.lastId!).filter(Boolean);
  const latest = new Map(
    (lastIds.length === 0
      ? []
      : db
          .select({
            id: notifications.id,
            kind: notifications.kind,
            note: notifications.note,
            createdAt: notifications.createdAt,
            caseNumber: cases.number,
            caseDescription: cases.description,
            caseStatus: cases.status,
          })
          .from(notifications)
          .innerJoin(cases, eq(cases.id, notifications.caseId))
          .where(inArray(notifications.id, lastIds))
          .all()
    ).map((n) => [n.id, n]),
  );
  const items = groups.flatMap((g) => {
    const n = latest.get(g.lastId!);
    return n ? [{ ...n, caseId: g.caseId, count: g.total, unread: Number(g.unread) }] : [];
  });
  return { items, total, page, pageSize };
}

/** Opening or acting on a case reads what it had to say to this reader. */
export function markCaseRead(db: DB, accountId: number, caseId: number, now = new Date()): number {
  return db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.accountId, accountId), eq(notifications.caseId, caseId), isNull(notifications.readAt)))
    .run().changes;
}

/** Marking as read only ever touches the reader's own notifications. */
export function markAllRead(db: DB, accountId: number, now = new Date()): void {
  db.update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)))
    .run();
}
