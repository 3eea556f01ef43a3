// How statistics read aloud: percentages, hours and counts, the same on the page, in the ledger and in the report.
import type { Rate } from './types';

/** "97.4%", or "—" when there was nothing to measure. */
export function formatRate(rate: Rate): string {
  return rate.value === null ? '—' : `${(rate.value * 100).toFixed(1)}%`;
}

/** "18,759 / 19,256" */
export function formatFraction(rate: Rate): string {
  return `${formatCount(rate.numerator)} / ${formatCount(rate.denominator)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

/** "18 分钟", "5.5 小时", "2.1 天", or "—": the unit a secretary would say aloud. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} 分钟`;
  if (hours < 48) return `${hours.toFixed(1)} 小时`;
  return `${(hours / 24).toFixed(1)} 天`;
}
