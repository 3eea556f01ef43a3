// Statistics periods in China time: the presets of the stats page, their URL form, and the months they span.
import { z } from 'zod';
import { daySchema } from '@/lib/validation/dates';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export const PERIOD_PRESETS = ['this_month', 'last_month', 'this_year', 'last_12_months', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  this_month: '本月',
  last_month: '上月',
  this_year: '今年',
  last_12_months: '近 12 个月',
  custom: '自定义',
};

/**
 * What the page opens on: the last full month, as the monthly report does. On the 2nd of a
 * month "本月" holds one day of requests, all still open, and every rate looks bad.
 */
export const DEFAULT_PERIOD: PeriodPreset = 'last_month';

/** A custom period may span at most this many days, so the monthly trend stays readable. */
export const MAX_CUSTOM_DAYS = 3 * 366;

/** "2026-11-24", the China-time calendar day of an instant. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-11", the China-time month of an instant. */
export function chinaMonth(at: Date): string {
  return chinaDay(at).slice(0, 7);
}

/** Midnight China time at the start of a YYYY-MM-DD day, or of a YYYY-MM month. */
export function chinaStart(dayOrMonth: string): Date {
  const day = dayOrMonth.length === 7 ? `${dayOrMonth}-01` : dayOrMonth;
  return new Date(Date.parse(`${day}T00:00:00+08:00`));
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month the span [from, to) touches, in order. */
export function monthsOf(from: Date, to: Date): string[] {
  if (to <= from) return [];
  const last = chinaMonth(new Date(to.getTime() - 1));
  const months: string[] = [];
  for (let m = chinaMonth(from); m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** "2026年11月" */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${y}年${m}月`;
}

// URL values arrive as string | string[] | undefined; a blank form field means "not set".
const single = (v: unknown) => {
  const first = Array.isArray(v) ? v[0] : v;
  return first === '' || first === null ? undefined : first;
};

const day = daySchema;

/**
 * The long breakdowns (a county has hundreds of grids and thousands of handlers): the page lists a breakdown whole up to
 * BREAKDOWN_WHOLE_UP_TO rows (a community's grids and grid workers, a township's communities), and past that the
 * busiest BREAKDOWN_TOP, "前 10", with the whole list one tap away (`?show=`, one of them opened in full). Ten rows
 * read at a glance on a phone, where each row is a card; the county's four ranked lists of 30 made the page ~130 rows
 * that nobody reads down, and its cost grew with them.
 */
export const FULL_BREAKDOWNS = ['community', 'grid', 'grid_worker', 'party_member'] as const;
export type FullBreakdown = (typeof FULL_BREAKDOWNS)[number];
export const BREAKDOWN_TOP = 10;
export const BREAKDOWN_WHOLE_UP_TO = 20;
/** Whether a breakdown of `total` rows is listed whole by default. */
export const listedWhole = (total: number) => total <= BREAKDOWN_WHOLE_UP_TO;

/** The stats page's URL: `?period=last_month&gridId=5`, or `?period=custom&from=2026-01-01&to=2026-03-31`, optionally `&show=grid`. */
export const statsQuerySchema = z
  .object({
    period: z.preprocess(single, z.enum(PERIOD_PRESETS, { error: '未知的统计时段' }).default(DEFAULT_PERIOD)),
    from: z.preprocess(single, day.optional()),
    to: z.preprocess(single, day.optional()),
    gridId: z.preprocess(single, z.coerce.number({ error: '网格编号无效' }).int('网格编号无效').positive('网格编号无效').max(2_147_483_647).optional()),
    show: z.preprocess(single, z.enum(FULL_BREAKDOWNS, { error: '未知的明细表' }).optional()),
  })
  .superRefine((q, ctx) => {
    if (q.period !== 'custom') return;
    if (!q.from) ctx.addIssue({ code: 'custom', path: ['from'], message: '请选择开始日期' });
    if (!q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '请选择结束日期' });
    if (!q.from || !q.to) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
    else if ((Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1 > MAX_CUSTOM_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '自定义时段最长 3 年' });
    }
  });

export type StatsQuery = z.infer<typeof statsQuerySchema>;

export type ResolvedPeriod = {
  /** The preset this is; a custom range that equals a preset's days counts as that preset. */
  preset: PeriodPreset;
  from: Date;
  /** Exclusive. */
  to: Date;
  /** The inclusive China-time days, for the queue's `from`/`to` filters and for display. */
  firstDay: string;
  lastDay: string;
  label: string;
};

function span(preset: PeriodPreset, from: Date, to: Date, label: string): ResolvedPeriod {
  return { preset, from, to, firstDay: chinaDay(from), lastDay: chinaDay(new Date(to.getTime() - 1)), label };
}

/** The instants a preset (or a custom day range) covers, relative to `now`. */
export function resolvePeriod(query: Pick<StatsQuery, 'period' | 'from' | 'to'>, now: Date): ResolvedPeriod {
  const month = chinaMonth(now);
  const year = month.slice(0, 4);
  switch (query.period) {
    case 'this_month':
      return span('this_month', chinaStart(month), chinaStart(addMonths(month, 1)), `本月（${monthName(month)}，至今）`);
    case 'last_month': {
      const last = addMonths(month, -1);
      return span('last_month', chinaStart(last), chinaStart(month), `上月（${monthName(last)}）`);
    }
    case 'this_year':
      return span('this_year', chinaStart(`${year}-01`), chinaStart(`${Number(year) + 1}-01`), `${year}年`);
    case 'last_12_months': {
      const first = addMonths(month, -11);
      return span('last_12_months', chinaStart(first), chinaStart(addMonths(month, 1)), `${monthName(first)}—${monthName(month)}`);
    }
    case 'custom': {
      // The schema guarantees both days for a custom period; fall back to the default if called without.
      if (!query.from || !query.to) return resolvePeriod({ period: DEFAULT_PERIOD }, now);
      const { from, to } = query;
      const same = PERIOD_PRESETS.filter((p) => p !== 'custom')
        .map((p) => resolvePeriod({ period: p }, now))
        .find((p) => p.firstDay === from && p.lastDay === to);
      return same ?? span('custom', chinaStart(from), new Date(chinaStart(to).getTime() + DAY_MS), '自定义时段');
    }
  }
}
