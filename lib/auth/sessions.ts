// Server-side sessions: created at sign-in, checked on every request, ended by sign-out, password change or an admin.
import crypto from 'node:crypto';
import { and, count, desc, eq, gte, lt, max, ne, or } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accounts, sessions, type Role } from '@/db/schema';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_SECONDS } from './auth.config';

const SESSION_IDLE_MS = SESSION_IDLE_SECONDS * 1000;
/** Last-seen is written at most this often, so a busy page does not write on every request. */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;

export function createSession(db: DB, accountId: number, client: { ip: string | null; userAgent: string | null }, now = new Date()): string {
  const id = crypto.randomBytes(32).toString('base64url');
  db.transaction((tx) => {
    tx.insert(sessions)
      .values({ id, accountId, createdAt: now, lastSeenAt: now, ip: client.ip, userAgent: client.userAgent?.slice(0, 200) ?? null })
      .run();
    // Expired rows of anyone are useless; sign-ins are rare enough to sweep them here.
    tx.delete(sessions)
      .where(or(lt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)), lt(sessions.createdAt, new Date(now.getTime() - SESSION_ABSOLUTE_MS))))
      .run();
  }, { behavior: 'immediate' });
  return id;
}

/**
 * True while the session exists, belongs to the account and has not run out. This is the
 * one write a GET may cause: last-seen, at most every few minutes, for the idle limit.
 */
export function isSessionLive(db: DB, sessionId: string, accountId: number, now = new Date()): boolean {
  const row = db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
  if (!row || row.accountId !== accountId) return false;
  const idle = now.getTime() - row.lastSeenAt.getTime();
  if (idle > SESSION_IDLE_MS || now.getTime() - row.createdAt.getTime() > SESSION_ABSOLUTE_MS) {
    db.delete(sessions).where(eq(sessions.id, sessionId)).run();
    return false;
  }
  if (idle > TOUCH_EVERY_MS) db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId)).run();
  return true;
}

export function endSession(db: DB, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/**
 * Every browser of the account is signed out, except `keep` (the one changing its password).
 * Takes a transaction too, so it can commit together with the change that calls for it.
 */
export function endAccountSessions(db: Pick<DB, 'delete'>, accountId: number, keep?: string): number {
  const where = keep ? and(eq(sessions.accountId, accountId), ne(sessions.id, keep)) : eq(sessions.accountId, accountId);
  return db.delete(sessions).where(where).run().changes;
}

export type AccountWithSessions = { accountId: number; username: string; displayName: string; role: Role; sessions: number; lastSeenAt: Date };

/** Accounts signed in somewhere right now, most recently active first. */
export function listAccountsWithSessions(db: DB, now = new Date()): AccountWithSessions[] {
  const lastSeen = max(sessions.lastSeenAt);
  return db
    .select({ accountId: accounts.id, username: accounts.username, displayName: accounts.displayName, role: accounts.role, sessions: count(), lastSeenAt: lastSeen })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(
      and(
        eq(accounts.active, true),
        // Rows past their limits are swept lazily; they are not live sessions.
        gte(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
        gte(sessions.createdAt, new Date(now.getTime() - SESSION_ABSOLUTE_MS)),
      ),
    )
    .groupBy(accounts.id)
    .orderBy(desc(lastSeen))
    .all()
    .map((r) => ({ ...r, lastSeenAt: r.lastSeenAt ?? now }));
}
