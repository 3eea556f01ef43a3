// Percentiles interpolated linearly between neighbouring values (as Excel's PERCENTILE.INC).
import type { Percentiles } from './types';

/**
 * The p-th percentile (p in [0, 1]) of n sorted values, reading only the two values it falls
 * between, so SQL can hand over just those. Null when there are no values.
 */
export function interpolate(n: number, p: number, valueAt: (index: number) => number | undefined): number | null {
  if (n === 0) return null;
  const pos = (n - 1) * p;
  const lower = Math.floor(pos);
  const a = valueAt(lower);
  if (a === undefined) return null;
  if (pos === lower) return a;
  const b = valueAt(lower + 1) ?? a;
  return a + (b - a) * (pos - lower);
}

export function percentile(sorted: readonly number[], p: number): number | null {
  return interpolate(sorted.length, p, (i) => sorted[i]);
}

/** Median and p90 of n durations in milliseconds, given the values at the ranks they need, as hours. */
export function hourPercentiles(n: number, msAtRank: ReadonlyMap<number, number>): Percentiles {
  const hours = (p: number) => {
    const ms = interpolate(n, p, (i) => msAtRank.get(i));
    return ms === null ? null : ms / 3_600_000;
  };
  return { count: n, median: hours(0.5), p90: hours(0.9) };
}
