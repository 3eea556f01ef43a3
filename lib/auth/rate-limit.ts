// Sign-in throttling: a growing lock per account and client address, and a cap on failures per address.
// Attempts are rows in sign_in_attempts (no counter in the process), so every server of a cluster shares one budget.
import { and, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { signInAttempts } from '@/db/tables';

/** Failures allowed in a row for one account from one address before the first lock. */
export const FREE_FAILURES = 5;
/** Each further failure after a lock locks for longer: 1, 5, 15, then 60 minutes. */
export const LOCK_STEPS_MS = [1, 5, 15, 60].map((minutes) => minutes * 60_000);
/** Against password spraying: failures from one address over any accounts within the window. */
export const ADDRESS_MAX_FAILURES = 30;
export const ADDRESS_WINDOW_MS = 15 * 60_000;
/** Attempts older than this are pruned; the longest lock is shorter. */
const RETENTION_MS = 24 * 60 * 60_000;

/**
 * Who is being signed in to: the account, whichever of its name or phone was typed, or for
 * an unknown login its normalised text, so guessing at unknown names is throttled alike.
 */
export type Subject = { accountId: number } | { login: string };

export function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

export type AttemptKeys = { pair: string; address: string };

/**
 * The lock is per account AND address: someone elsewhere who guesses at a grid worker's
 * password locks only themselves out, not the worker on their own phone.
 */
export function attemptKeys(subject: Subject, ip: string | null): AttemptKeys {
  const who = 'accountId' in subject ? `account:${subject.accountId}` : `login:${normaliseLogin(subject.login)}`;
  const address = `ip:${ip ?? 'unknown'}`;
  return { pair: `${who}|${address}`, address };
}

/** How long the lock lasts after this many failures in a row (0: no lock yet). */
export function lockDurationMs(failuresInARow: number): number {
  if (failuresInARow < FREE_FAILURES) return 0;
  return LOCK_STEPS_MS[Math.min(failuresInARow - FREE_FAILURES, LOCK_STEPS_MS.length - 1)]!;
}

async function pairLockedUntil(db: AppDb, key: string, now: Date): Promise<number> {
  const recent = await db
    .select({ at: signInAttempts.at, succeeded: signInAttempts.succeeded })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.key, key), gt(signInAttempts.at, new Date(now.getTime() - RETENTION_MS))))
    .orderBy(desc(signInAttempts.at), desc(signInAttempts.id))
    .limit(FREE_FAILURES + LOCK_STEPS_MS.length + 1);
  return pairLockFrom(recent);
}

function pairLockFrom(recent: { at: Date; succeeded: boolean }[]): number {
  let failures = 0;
  while (failures < recent.length && !recent[failures]!.succeeded) failures++;
  if (failures === 0) return 0;
  return recent[0]!.at.getTime() + lockDurationMs(failures);
}

async function addressLockedUntil(db: AppDb, key: string, now: Date): Promise<number> {
  const failures = await db
    .select({ at: signInAttempts.at })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.key, key), eq(signInAttempts.succeeded, false), gt(signInAttempts.at, new Date(now.getTime() - ADDRESS_WINDOW_MS))))
    .orderBy(signInAttempts.at, signInAttempts.id);
  return addressLockFrom(failures);
}

function addressLockFrom(failures: { at: Date }[]): number {
  if (failures.length < ADDRESS_MAX_FAILURES) return 0;
  // The lock lifts when enough of the oldest failures have left the window.
  return failures[failures.length - ADDRESS_MAX_FAILURES]!.at.getTime() + ADDRESS_WINDOW_MS;
}

/** When the attempt may be made again, or null when it may be made now. */
export async function throttledUntil(db: AppDb, keys: AttemptKeys, now: Date): Promise<Date | null> {
  const until = Math.max(await pairLockedUntil(db, keys.pair, now), await addressLockedUntil(db, keys.address, now));
  return until > now.getTime() ? new Date(until) : null;
}

/** An attempt that has taken its place in the budget, counted as a failure until `settleAttempt` says otherwise. */
export type Reservation = { ok: true; ids: number[] } | { ok: false; until: Date };

/**
 * The check and the count are one step: under a lock on the client's address, either the attempt is throttled or
 * it is recorded (as a failure) before its password is even looked at. Twenty parallel guesses therefore get
 * exactly the budget, on any number of servers; a correct password then turns its rows into a success.
 * The address lock covers the pair key as well (the pair names the address), so one lock suffices.
 */
export async function reserveAttempt(store: Store, keys: AttemptKeys, now: Date): Promise<Reservation> {
  return store.write(async (tx) => {
    await store.lockKey(tx, `sign-in:${keys.address}`);
    const until = await throttledUntil(tx, keys, now);
    if (until) return { ok: false as const, until };
    const rows = await tx
      .insert(signInAttempts)
      .values([keys.pair, keys.address].map((key) => ({ key, at: now, succeeded: false })))
      .returning({ id: signInAttempts.id });
    await tx.delete(signInAttempts).where(lt(signInAttempts.at, new Date(now.getTime() - RETENTION_MS)));
    return { ok: true as const, ids: rows.map((r) => r.id) };
  });
}

/** A reserved attempt whose password was right: a success, which resets the account's count. */
export async function settleAttempt(store: Store, reservation: { ids: number[] }, succeeded: boolean): Promise<void> {
  if (!succeeded) return;
  await store.write((tx) => tx.update(signInAttempts).set({ succeeded: true }).where(inArray(signInAttempts.id, reservation.ids)));
}

/** Whole minutes to wait, rounded up, at least one. */
export function minutesToWait(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

export function throttledMessage(minutes: number): string {
  return `登录失败次数过多，请 ${minutes} 分钟后再试。`;
}
