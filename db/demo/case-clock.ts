// China-time arithmetic for the demo requests: days, hours, and when people are awake or at work.
import type { Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const CHINA_OFFSET = 8 * HOUR;

export interface ChinaParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hour: number;
}

export function chinaParts(t: number): ChinaParts {
  const d = new Date(t + CHINA_OFFSET);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay(), hour: d.getUTCHours() };
}

/** The instant of 00:00 China time on the day of `t`. */
export function chinaMidnight(t: number): number {
  return Math.floor((t + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
}

/** "20261101": the day part of a case number. */
export function chinaDayKey(t: number): string {
  return new Date(t + CHINA_OFFSET).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Moves a moment outside [from, to) China time into the next window, somewhere in its first
 * hours (what waited overnight is done in the morning, not all at the opening minute), so staff
 * act in working hours and residents while awake.
 */
export function within(t: number, rng: Random, from: number, to: number): number {
  const hour = chinaParts(t).hour;
  if (hour >= from && hour < to) return t;
  const midnight = chinaMidnight(t);
  const start = hour < from ? midnight + from * HOUR : midnight + DAY + from * HOUR;
  return start + rng.int(0, Math.min(5, to - from) * 60 - 1) * MINUTE;
}

export const staffTime = (t: number, rng: Random) => within(t, rng, 8, 21);
export const residentTime = (t: number, rng: Random) => within(t, rng, 7, 23);

/** The first given hour (China time) at or after `t`: when a nightly job runs. */
export function nextChinaHour(t: number, hour: number): number {
  const today = chinaMidnight(t) + hour * HOUR;
  return today >= t ? today : today + DAY;
}
