// Durations as histograms: the bucket of a duration, and median / p90 read from bucket counts.
import { sql, type SQL } from 'drizzle-orm';
import { interpolate } from './percentile';
import type { Percentiles } from './types';

// Buckets as precise as the page writes hours (lib/stats/format.ts): 0.1 hour below 48 hours
// (0 … 479), 0.1 day from there (480 …). The triggers of migrations 0013/0018 use the same numbers.
const HOUR_MS = 3_600_000;
const FINE_MS = 360_000;
const COARSE_MS = 8_640_000;
const COARSE_FROM_MS = 48 * HOUR_MS;
const FINE_BUCKETS = COARSE_FROM_MS / FINE_MS;

/** bucket → how many durations fell in it. */
export type HourBuckets = { accept: Map<number, number>; resolve: Map<number, number> };

/** SQL for the bucket of a duration in milliseconds (integer division, as in the triggers). */
export function bucketOf(ms: SQL): SQL {
  return sql`case when (${ms}) < ${sql.raw(String(COARSE_FROM_MS))} then (${ms}) / ${sql.raw(String(FINE_MS))} else ${sql.raw(String(FINE_BUCKETS))} + ((${ms}) - ${sql.raw(String(COARSE_FROM_MS))}) / ${sql.raw(String(COARSE_MS))} end`;
}

/** The same in TypeScript, for tests. */
export function bucketOfMs(ms: number): number {
  return ms < COARSE_FROM_MS ? Math.trunc(ms / FINE_MS) : FINE_BUCKETS + Math.trunc((ms - COARSE_FROM_MS) / COARSE_MS);
}

/** The middle of a bucket, in hours: what every duration in it counts as. */
export function bucketMiddleHours(bucket: number): number {
  return bucket < FINE_BUCKETS ? ((bucket + 0.5) * FINE_MS) / HOUR_MS : (COARSE_FROM_MS + (bucket - FINE_BUCKETS + 0.5) * COARSE_MS) / HOUR_MS;
}

/**
 * Median and p90 in hours. Each duration counts as the middle of its bucket, so every ranked
 * value is at most half a bucket from the true one (3 minutes below 48 hours, 1.2 hours above),
 * and so is the linear interpolation between two of them.
 */
export function hourPercentilesFromBuckets(buckets: ReadonlyMap<number, number>): Percentiles {
  const sorted = [...buckets.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const ends: number[] = [];
  let n = 0;
  for (const [, count] of sorted) ends.push((n += count));
  const valueAt = (i: number) => {
    if (i < 0 || i >= n) return undefined;
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! > i) hi = mid;
      else lo = mid + 1;
    }
    return bucketMiddleHours(sorted[lo]![0]);
  };
  return { count: n, median: interpolate(n, 0.5, valueAt), p90: interpolate(n, 0.9, valueAt) };
}
