// Sign-in throttling: at most MAX_FAILURES failed attempts per account and per IP in a window.
import { and, count, eq, gte, inArray, lt } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { signInAttempts } from '@/db/schema';

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60 * 1000;

export function attemptKeys(login: string, ip: string | null): string[] {
  const keys = [`login:${login.toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/** True when any of the keys has used up its failures in the current window. */
export function isThrottled(db: DB, keys: string[], now: Date): boolean {
  const since = new Date(now.getTime() - WINDOW_MS);
  const rows = db
    .select({ key: signInAttempts.key, failures: count() })
    .from(signInAttempts)
    .where(and(inArray(signInAttempts.key, keys), gte(signInAttempts.at, since), eq(signInAttempts.succeeded, false)))
    .groupBy(signInAttempts.key)
    .all();
  return rows.some((r) => r.failures >= MAX_FAILURES);
}

export function recordAttempt(db: DB, keys: string[], succeeded: boolean, now: Date): void {
  db.transaction((tx) => {
    tx.insert(signInAttempts)
      .values(keys.map((key) => ({ key, at: now, succeeded })))
      .run();
    // Old rows say nothing about the current window; keep the table small.
    tx.delete(signInAttempts)
      .where(lt(signInAttempts.at, new Date(now.getTime() - 24 * 60 * 60 * 1000)))
      .run();
  });
}
