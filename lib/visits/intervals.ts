// Visit intervals (走访周期): how many days may pass between two visits to a household, per care tag; the administrator edits them.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '@/db/client';
import { CARE_TAGS, settings, type CareTag } from '@/db/schema';
import { recordChange } from '@/lib/registry/audit';

/** One interval per care tag, and one for households without any tag ("其他住户"). */
export const INTERVAL_KEYS = [...CARE_TAGS, 'other'] as const;
export type IntervalKey = (typeof INTERVAL_KEYS)[number];
export type VisitIntervals = Record<IntervalKey, number>;

/** 独居 and 80岁以上 weekly, 特困 and 残疾 every two weeks, everyone else yearly. */
export const DEFAULT_VISIT_INTERVALS: VisitIntervals = {
  elderly_80: 7,
  living_alone: 7,
  hardship: 14,
  disabled: 14,
  left_behind_child: 365,
  migrant_child: 365,
  other: 365,
};

export const INTERVAL_LABELS: Record<IntervalKey, string> = {
  elderly_80: '80岁以上',
  living_alone: '独居',
  hardship: '特困',
  disabled: '残疾',
  left_behind_child: '留守儿童',
  migrant_child: '流动儿童',
  other: '其他住户',
};

const SETTING_KEY = 'visit_intervals';

const days = z.coerce
  .number({ error: '请填写天数' })
  .int('天数须为整数')
  .min(1, '走访周期至少 1 天')
  .max(730, '走访周期不超过 730 天');

export const visitIntervalsSchema = z.object(Object.fromEntries(INTERVAL_KEYS.map((k) => [k, days])) as Record<IntervalKey, typeof days>);

export function getVisitIntervals(db: Pick<DB, 'select'>): VisitIntervals {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING_KEY)).get();
  if (!row) return { ...DEFAULT_VISIT_INTERVALS };
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    stored = {};
  }
  // A key added after the setting was saved (or a damaged value) falls back to its default.
  const out = { ...DEFAULT_VISIT_INTERVALS };
  for (const k of INTERVAL_KEYS) {
    const v = days.safeParse((stored as Record<string, unknown>)?.[k]);
    if (v.success) out[k] = v.data;
  }
  return out;
}

/** Saves the intervals and records before → after in the same transaction. Returns whether anything changed. */
export function setVisitIntervals(db: DB, accountId: number, next: VisitIntervals, now = new Date()): boolean {
  return db.transaction((tx) => {
    const before = getVisitIntervals(tx);
    const after = Object.fromEntries(INTERVAL_KEYS.map((k) => [k, next[k]])) as VisitIntervals;
    const changed = recordChange(tx, { accountId, action: 'update_visit_intervals', subject: `setting:${SETTING_KEY}`, before, after }, now);
    if (!changed) return false;
    const value = JSON.stringify(after);
    tx.insert(settings)
      .values({ key: SETTING_KEY, value, updatedAt: now, updatedByAccountId: accountId })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedByAccountId: accountId } })
      .run();
    return true;
  }, { behavior: 'immediate' });
}

/** A household is visited as often as its most demanding tag asks; without a tag, at the "other" interval. */
export function intervalFor(tags: readonly CareTag[], intervals: VisitIntervals): number {
  if (tags.length === 0) return intervals.other;
  return Math.min(...tags.map((t) => intervals[t]));
}
