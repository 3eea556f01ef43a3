// Visit intervals (走访周期): how many days may pass between two visits to a household, per care tag; the administrator edits them.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '@/db/client';
import { CARE_TAGS, type CareTag } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { settings } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { changedFields } from '@/lib/registry/audit';

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

const settingQuery = (db: AppDb) => db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTING_KEY)).limit(1);

export async function getVisitIntervals(db: AppDb): Promise<VisitIntervals> {
  const [row] = await settingQuery(db);
  return intervalsOf(row?.value);
}

// Synchronous on purpose, for db/demo/visits.ts: the demo's bulk generators (db/demo: seedCounty, seedDemoVisits,
// bench/seed.ts's prepareDatabase) write a SQLite file in one synchronous pass for speed (a county is millions of
// rows), and test fixtures are built that way at module load (openTestDatabase, then registerTestStore's source
// copies them to PostgreSQL).
export function getVisitIntervalsSync(db: DB): VisitIntervals {
  return intervalsOf(settingQuery(db).get()?.value);
}

function intervalsOf(value: string | undefined): VisitIntervals {
  if (value === undefined) return { ...DEFAULT_VISIT_INTERVALS };
  let stored: unknown;
  try {
    stored = JSON.parse(value);
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

/** Saves the intervals and records before → after in the same write. Returns whether anything changed. */
export async function setVisitIntervals(store: Store, accountId: number, next: VisitIntervals, now = new Date()): Promise<boolean> {
  return store.write(async (tx) => {
    // Two administrators saving at once: the second reads what the first wrote (the audit's before is true).
    await store.lockKey(tx, `setting:${SETTING_KEY}`);
    const before = await getVisitIntervals(tx);
    const after = Object.fromEntries(INTERVAL_KEYS.map((k) => [k, next[k]])) as VisitIntervals;
    const fields = changedFields(before, after);
    if (Object.keys(fields).length === 0) return false;
    await writeAudit(tx, { accountId, action: 'update_visit_intervals', subject: `setting:${SETTING_KEY}`, detail: JSON.stringify(fields) }, now);
    const value = JSON.stringify(after);
    await tx
      .insert(settings)
      .values({ key: SETTING_KEY, value, updatedAt: now, updatedByAccountId: accountId })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedByAccountId: accountId } });
    return true;
  });
}

/** A household is visited as often as its most demanding tag asks; without a tag, at the "other" interval. */
export function intervalFor(tags: readonly CareTag[], intervals: VisitIntervals): number {
  if (tags.length === 0) return intervals.other;
  return Math.min(...tags.map((t) => intervals[t]));
}
