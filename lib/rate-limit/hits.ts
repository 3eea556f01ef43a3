// Per-key sliding-window counters on rate_limit_hits, for public endpoints that anyone can call. The hits are rows
// (no counter in the process), so all servers of a cluster count against one limit.
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { rateLimitHits } from '@/db/tables';

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

export async function hit(store: Store, key: string, now: Date): Promise<void> {
  await store.write((tx) => insertHit(tx, key, now));
}

async function insertHit(tx: AppDb, key: string, now: Date): Promise<void> {
  await tx.insert(rateLimitHits).values({ key, at: now });
  await tx.delete(rateLimitHits).where(lt(rateLimitHits.at, new Date(now.getTime() - RETENTION_MS)));
}

/** True when the key already has `limit` hits in the window that ends now. */
export async function tooMany(db: AppDb, key: string, limit: number, windowMs: number, now: Date): Promise<boolean> {
  if (windowMs > RETENTION_MS) throw new RangeError(`window ${windowMs} ms is longer than the retention of hits`);
  const since = new Date(now.getTime() - windowMs);
  const [row] = await db
    .select({ n: count() })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), gt(rateLimitHits.at, since)));
  return row!.n >= limit;
}

/**
 * Counts one hit unless the key is over its limit; false means "refuse". The check and the insert are one write
 * under a lock on the key, so concurrent callers (on any server) never count more than the limit.
 */
export async function takeHit(store: Store, key: string, limit: Limit, now: Date): Promise<boolean> {
  return store.write((tx) => takeHitIn(store, tx, key, limit, now));
}

/** The same inside the caller's write, for a public command that throttles and writes in one transaction (one commit). */
export async function takeHitIn(store: Store, tx: AppDb, key: string, { limit, windowMs }: Limit, now: Date): Promise<boolean> {
  await store.lockKey(tx, `rate-limit:${key}`);
  if (await tooMany(tx, key, limit, windowMs, now)) return false;
  await insertHit(tx, key, now);
  return true;
}
