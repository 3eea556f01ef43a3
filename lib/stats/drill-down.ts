// Links from a statistic to the queue of the cases behind it (/desk/cases with the matching filters).
import { filtersToSearchParams, type QueueFilters } from '@/lib/desk/filters';
import { chinaDay, chinaStart, addMonths } from './period';

export type DrillScope = {
  /** The inclusive China-time days of the period. */
  firstDay: string;
  lastDay: string;
  gridId?: number;
};

export function queueHref(filters: Partial<QueueFilters>): string {
  const query = filtersToSearchParams(filters).toString();
  return query ? `/desk/cases?${query}` : '/desk/cases';
}

/** The received cases of the period (and grid), narrowed by `extra`. */
export function receivedHref(scope: DrillScope, extra: Partial<QueueFilters> = {}): string {
  return queueHref({ from: scope.firstDay, to: scope.lastDay, gridId: scope.gridId, ...extra });
}

/** Open cases past their deadline now, whenever they came in: the 超期 queue. */
export function overdueNowHref(gridId?: number): string {
  return queueHref({ overdue: true, gridId });
}

/** One month of the trend, clipped to the period (a custom period may start or end mid-month). */
export function monthHref(scope: DrillScope, month: string, extra: Partial<QueueFilters> = {}): string {
  const first = `${month}-01`;
  const last = chinaDay(new Date(chinaStart(addMonths(month, 1)).getTime() - 1));
  return receivedHref({ ...scope, firstDay: first > scope.firstDay ? first : scope.firstDay, lastDay: last < scope.lastDay ? last : scope.lastDay }, extra);
}
