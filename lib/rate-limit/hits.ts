// Per-key sliding-window counters on rate_limit_hits, for public endpoints that anyone can call.
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { rateLimitHits } from '@/db/schema';

/** Hits older than this say nothing about any window we use; they are pruned as new ones arrive. */
export const RETENTION_MS = 24 * 60 * 60 * 1000;

export type Limit = { limit: number; windowMs: number };

/**
 * Residents' submissions from QR codes per address and hour: generous for a family, tight for a
 * script. A place where many residents share one address (a service hall's Wi-Fi, the end-to-end
 * suite's one test machine) raises it with YINGHUO_SUBMITS_PER_HOUR.
 */
export const PUBLIC_SUBMIT_LIMIT: Limit = { limit: submitsPerHour(process.env.YINGHUO_SUBMITS_PER_HOUR), windowMs: 60 * 60 * 1000 };

export function submitsPerHour(setting: string | undefined): number {
  const n = Number(setting);
  return Number.isInteger(n) && n > 0 ? n : 10;
}
export const TOO_MANY_MESSAGE = '提交过于频繁，请稍后再试';

/** The key for one client address; clients whose address is unknown share one bucket. */
export function ipKey(scope: string, ip: string | null): string {
  return `${scope}:ip:${ip ?? 'unknown'}`;
}

export function hit(db: DB, key: string, now: Date): void {
  db.transaction((tx) => {
    tx.insert(rateLimitHits).values({ key, at: now }).run();
    tx.delete(rateLimitHits)
      .where(lt(rateLimitHits.at, new Date(now.getTime() - RETENTION_MS)))
      .run();
  }, { behavior: 'immediate' });
}

/** True when the key already has `limit` hits in the window that ends now. */
export function tooMany(db: DB, key: string, limit: number, windowMs: number, now: Date): boolean {
  if (windowMs > RETENTION_MS) throw new RangeError(`window ${windowMs} ms is longer than the retention of hits`);
  const since = new Date(now.getTime() - windowMs);
  const { n } = db
    .select({ n: count() })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.at, since)))
    .get()!;
  return n >= limit;
}

/**
 * Counts one hit unless the key is over its limit; false means "refuse". better-sqlite3 is
 * synchronous, so nothing runs between the check and the insert within this process.
 */
export function takeHit(db: DB, key: string, { limit, windowMs }: Limit, now: Date): boolean {
  if (tooMany(db, key, limit, windowMs, now)) return false;
  hit(db, key, now);
  return true;
}
