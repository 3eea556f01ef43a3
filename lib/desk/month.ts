// The report's and the ledger's month (?month=YYYY-MM): parsing it and the days and instants it spans, China time.
// Month arithmetic itself lives with the statistics periods (lib/stats/period.ts).
import { z } from 'zod';
import { addMonths, chinaDay, chinaMonth, chinaStart } from '@/lib/stats/period';
import { MAX_MONTH, MIN_MONTH, MONTH_RANGE_MESSAGE } from '@/lib/validation/dates';

/** ?month=YYYY-MM within the bounds every date keeps; beyond them month arithmetic yields invalid dates. */
export const monthSchema = z
  .string({ error: '月份格式应为 YYYY-MM' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  // String order is month order for four-digit years.
  .refine((s) => s >= MIN_MONTH && s <= MAX_MONTH, MONTH_RANGE_MESSAGE);

/** First and last day of the month as YYYY-MM-DD, the inclusive day range the queue filters take. */
export function monthDays(month: string): { first: string; last: string } {
  const { from, to } = monthSpan(month);
  return { first: chinaDay(from), last: chinaDay(new Date(to.getTime() - 1)) };
}

/** The instants the month spans: `from` inclusive, `to` exclusive (the next month's first instant). */
export function monthSpan(month: string): { from: Date; to: Date } {
  return { from: chinaStart(month), to: chinaStart(addMonths(month, 1)) };
}

/** "2026年11月24日", the China-time day an instant falls on. */
export function dayLabel(d: Date): string {
  const [y, m, day] = chinaDay(d).split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${day}日`;
}

/** "2026年11月1日 至 2026年11月30日" for a span whose `to` is exclusive. */
export function spanLabel(span: { from: Date; to: Date }): string {
  return `${dayLabel(span.from)} 至 ${dayLabel(new Date(span.to.getTime() - 1))}`;
}

/** The months a picker offers: this month and the `count - 1` before it, newest first. */
export function recentMonths(now: Date, count = 24): string[] {
  const current = chinaMonth(now);
  return Array.from({ length: count }, (_, i) => addMonths(current, -i));
}
