// A handler's in-app notifications: new assignments, supervision marks, returns, reopenings.
import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { cases, notifications } from '@/db/schema';

export function unreadCount(db: DB, accountId: number): number {
  return db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)))
    .get()!.n;
}

export function listNotifications(db: DB, accountId: number, limit = 50) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      note: notifications.note,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
      caseNumber: cases.number,
      caseDescription: cases.description,
    })
    .from(notifications)
    .innerJoin(cases, eq(cases.id, notifications.caseId))
    .where(eq(notifications.accountId, accountId))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
}

/** Marking as read only ever touches the reader's own notifications. */
export function markAllRead(db: DB, accountId: number, now = new Date()): void {
  db.update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)))
    .run();
}
