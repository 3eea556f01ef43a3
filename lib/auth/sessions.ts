// Server-side sessions: created at sign-in, checked on every request, ended by sign-out, password change or an admin.
// They live in the database only (no cache in the process), so every server of a cluster sees a sign-out at once.
import crypto from 'node:crypto';
import { and, count, desc, eq, gte, lt, max, ne, or } from 'drizzle-orm';
import { SQLiteTransaction } from 'drizzle-orm/sqlite-core';
import type { Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts, sessions } from '@/db/tables';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_SECONDS } from './auth.config';

const SESSION_IDLE_MS = SESSION_IDLE_SECONDS * 1000;
/** Last-seen is written at most this often, so a busy page does not write on every request. */
export const TOUCH_EVERY_MS = 5 * 60 * 1000;

type Client = { ip: string | null; userAgent: string | null };

function newSessionRow(accountId: number, client: Client, now: Date) {
  const id = crypto.randomBytes(32).toString('base64url');
  return { id, accountId, createdAt: now, lastSeenAt: now, ip: client.ip, userAgent: client.userAgent?.slice(0, 200) ?? null };
}

function expired(table: typeof sessions, now: Date) {
  return or(lt(table.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)), lt(table.createdAt, new Date(now.getTime() - SESSION_ABSOLUTE_MS)));
}

export async function createSession(store: Store, accountId: number, client: Client, now = new Date()): Promise<string> {
  const row = newSessionRow(accountId, client, now);
  await store.write(async (tx) => {
    await tx.insert(sessions).values(row);
    // Expired rows of anyone are useless; sign-ins are rare enough to sweep them here.
    await tx.delete(sessions).where(expired(sessions, now));
  });
  return row.id;
}

/**
 * True while the session exists, belongs to the account and has not run out. This is the
 * one write a GET may cause: last-seen, at most every few minutes, for the idle limit.
 * Read afresh on every request: a session ended by another server is refused by the next request here.
 */
export async function isSessionLive(store: Store, sessionId: string, accountId: number, now = new Date()): Promise<boolean> {
  const [row] = await store.db.select().from(sessions).where(eq(sessions.id, sessionId)).limit(1);
  if (!row || row.accountId !== accountId) return false;
  const idle = now.getTime() - row.lastSeenAt.getTime();
  if (idle > SESSION_IDLE_MS || now.getTime() - row.createdAt.getTime() > SESSION_ABSOLUTE_MS) {
    await store.write((tx) => tx.delete(sessions).where(eq(sessions.id, sessionId)));
    return false;
  }
  if (idle <= TOUCH_EVERY_MS) return true;
  // The touch is also the check: a session ended since the read above (sign-out elsewhere, an admin) touches no row.
  const touched = await store.write((tx) =>
    tx
      .update(sessions)
      .set({ lastSeenAt: now })
      .where(and(eq(sessions.id, sessionId), eq(sessions.accountId, accountId)))
      .returning({ id: sessions.id }),
  );
  return touched.length > 0;
}

export async function endSession(store: Store, sessionId: string): Promise<void> {
  await store.write((tx) => tx.delete(sessions).where(eq(sessions.id, sessionId)));
}

/**
 * Every browser of the account is signed out, except `keep` (the one changing its password).
 * Takes the write of the change that calls for it, so both commit together.
 */
export async function endAccountSessions(tx: AppDb, accountId: number, keep?: string): Promise<number> {
  // A legacy synchronous transaction type-checks as AppDb, but its delete would run after it commits (or rolls back).
  if (tx instanceof SQLiteTransaction) throw new Error('endAccountSessions inside a synchronous db.transaction: its delete would run after that transaction; end sessions inside store.write');
  const where = keep ? and(eq(sessions.accountId, accountId), ne(sessions.id, keep)) : eq(sessions.accountId, accountId);
  const ended = await tx.delete(sessions).where(where).returning({ id: sessions.id });
  return ended.length;
}

/** The administrator's "sign out everywhere": every browser of the account, on every server, at its next request. */
export async function signOutEverywhere(store: Store, accountId: number): Promise<number> {
  return store.write((tx) => endAccountSessions(tx, accountId));
}

export type AccountWithSessions = { accountId: number; username: string; displayName: string; role: Role; sessions: number; lastSeenAt: Date };

/** Accounts signed in somewhere right now, most recently active first. */
export async function listAccountsWithSessions(db: AppDb, now = new Date()): Promise<AccountWithSessions[]> {
  const lastSeen = max(sessions.lastSeenAt);
  const rows = await db
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
    .groupBy(accounts.id, accounts.username, accounts.displayName, accounts.role)
    .orderBy(desc(lastSeen), desc(accounts.id));
  return rows.map((r) => ({ ...r, lastSeenAt: r.lastSeenAt ?? now }));
}
