// Dates at the boundary: every day, month or instant a user or system sends must fall in 2000-01-01..2100-12-31.
import { z } from 'zod';

// Far enough either side of any real request; beyond them, month arithmetic and toISOString
// break (year 10000 has no ISO form, year 0 sorts before every index), so they never reach a query.
export const MIN_DAY = '2000-01-01';
export const MAX_DAY = '2100-12-31';
export const MIN_MONTH = MIN_DAY.slice(0, 7);
export const MAX_MONTH = MAX_DAY.slice(0, 7);

export const DAY_RANGE_MESSAGE = `日期须在 ${MIN_DAY} 至 ${MAX_DAY} 之间`;
export const MONTH_RANGE_MESSAGE = `月份须在 ${MIN_MONTH} 至 ${MAX_MONTH} 之间`;
export const TIME_RANGE_MESSAGE = `时间须在 ${MIN_DAY} 至 ${MAX_DAY} 之间`;

/** The first instant of MIN_DAY and the last of MAX_DAY, China time. */
const FIRST_INSTANT = Date.parse(`${MIN_DAY}T00:00:00+08:00`);
const LAST_INSTANT = Date.parse(`${MAX_DAY}T23:59:59.999+08:00`);

/** A calendar day "YYYY-MM-DD" that exists and lies within the bounds. */
export const daySchema = z
  .string({ error: '日期格式应为 YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, '日期不存在')
  // String order is date order for four-digit years.
  .refine((s) => s >= MIN_DAY && s <= MAX_DAY, DAY_RANGE_MESSAGE);

/** An instant: a datetime-local value ("2026-11-24T18:00") is China time, a full ISO string passes as it is; blank is absent. */
export const chinaDateTimeSchema = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? undefined : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00+08:00` : v),
  z.coerce
    .date({ error: '时间格式无效' })
    .refine((d) => d.getTime() >= FIRST_INSTANT && d.getTime() <= LAST_INSTANT, TIME_RANGE_MESSAGE)
    .optional(),
);
