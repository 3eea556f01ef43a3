// Editing the time limits (限时办理) per category and urgency; admin only, checked by the caller.
import { z } from 'zod';
import type { DB } from '@/db/client';
import { and, eq } from 'drizzle-orm';
import { categories, timeLimits, URGENCIES } from '@/db/schema';
import { recordAudit } from '@/lib/audit/log';

const hours = (label: string) =>
  z.coerce.number({ error: `${label}须为数字` }).int(`${label}须为整数小时`).min(1, `${label}至少 1 小时`).max(24 * 90, `${label}不超过 2160 小时`);

export const timeLimitSchema = z
  .object({
    categoryId: z.coerce.number().int().positive(),
    urgency: z.enum(URGENCIES),
    acceptHours: hours('受理时限'),
    resolveHours: hours('办结时限'),
  })
  .refine((v) => v.resolveHours >= v.acceptHours, { message: '办结时限不能短于受理时限', path: ['resolveHours'] });

export type TimeLimitInput = z.infer<typeof timeLimitSchema>;

/** Sets one limit; new deadlines use it from the next step on, running deadlines stay as they were. */
export function saveTimeLimit(db: DB, accountId: number, input: TimeLimitInput, now = new Date()): { ok: true } | { ok: false; message: string } {
  const category = db.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.id, input.categoryId)).get();
  if (!category) return { ok: false, message: '分类不存在。' };
  db.transaction((tx) => {
    const before = tx
      .select({ acceptHours: timeLimits.acceptHours, resolveHours: timeLimits.resolveHours })
      .from(timeLimits)
      .where(and(eq(timeLimits.categoryId, input.categoryId), eq(timeLimits.urgency, input.urgency)))
      .get();
    tx.insert(timeLimits)
      .values(input)
      .onConflictDoUpdate({ target: [timeLimits.categoryId, timeLimits.urgency], set: { acceptHours: input.acceptHours, resolveHours: input.resolveHours } })
      .run();
    const detail = { category: category.name, before: before ?? null, after: { acceptHours: input.acceptHours, resolveHours: input.resolveHours } };
    recordAudit(tx, { accountId, action: 'update_time_limit', subject: `time_limit:${input.categoryId}:${input.urgency}`, detail: JSON.stringify(detail) }, now);
  });
  return { ok: true };
}
