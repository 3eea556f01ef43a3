// Durations as 0.1-hour histograms: the bucket of a duration, and median / p90 read from bucket counts.
import { sql, type SQL } from 'drizzle-orm';
import { interpolate } from './percentile';
import type { Percentiles } from './types';

/** Width of one bucket: 0.1 hour. The migration's triggers use the same number (360000 ms). */
export const BUCKET_MS = 360_000;
const BUCKET_HOURS = BUCKET_MS / 3_600_000;

/** bucket → how many durations fell in it. */
export type HourBuckets = { accept: Map<number, number>; resolve: Map<number, number> };

/** SQL for the bucket of a duration in milliseconds (integer division, as in the triggers). */
export function bucketOf(ms: SQL): SQL {
  return sql`(${ms}) / ${sql.raw(String(BUCKET_MS))}`;
}

/**
 * Median and p90 in hours. Each duration counts as the middle of its 0.1-hour bucket, so every
 * ranked value is at most 0.05 hours (3 minutes) from the true one, and so is the linear
 * interpolation between two of them.
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
    return (sorted[lo]![0] + 0.5) * BUCKET_HOURS;
  };
  return { count: n, median: interpolate(n, 0.5, valueAt), p90: interpolate(n, 0.9, valueAt) };
}
