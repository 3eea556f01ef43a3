// Care tags (关爱标签) of a household: set by staff with since-when and a note; 80岁以上 is computed from dates of birth, never stored.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { CARE_TAGS, type CareTag } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { householdCareTags } from '@/db/tables';
import { writeChange } from '@/lib/registry/audit';
import { isRealDate } from '@/lib/registry/identity';

/** The tags a person sets; 80岁以上 follows from the residents' dates of birth. */
export const STORED_CARE_TAGS = CARE_TAGS.filter((t): t is Exclude<CareTag, 'elderly_80'> => t !== 'elderly_80');
export type StoredCareTag = (typeof STORED_CARE_TAGS)[number];

export const careTagInputSchema = z.object({
  tag: z.enum(STORED_CARE_TAGS as [StoredCareTag, ...StoredCareTag[]], { message: '未知的关爱标签' }),
  since: z
    .string()
    .trim()
    .refine((v) => v === '' || isRealDate(v), { message: '日期格式应为 2026-01-31' })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
  note: z
    .string()
    .trim()
    .max(200, { message: '备注不超过200字' })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null),
});
export type CareTagInput = z.infer<typeof careTagInputSchema>;

/** A household's stored tags, by tag. */
export async function readCareTags(db: AppDb, householdId: number): Promise<CareTagInput[]> {
  const rows = await db
    .select({ tag: householdCareTags.tag, since: householdCareTags.since, note: householdCareTags.note })
    .from(householdCareTags)
    .where(eq(householdCareTags.householdId, householdId))
    .orderBy(asc(householdCareTags.tag));
  return rows.filter((r): r is CareTagInput => r.tag !== 'elderly_80');
}

const normalised = (next: readonly CareTagInput[]) => [...new Map(next.map((t) => [t.tag, t])).values()].sort((a, b) => a.tag.localeCompare(b.tag));

/**
 * Replaces a household's stored tags with `next`, in the caller's store write `tx`, and records
 * before → after. The caller has already checked the household is within the actor's scope.
 * Returns whether anything changed.
 */
export async function writeCareTags(tx: AppDb, actor: { accountId: number }, householdId: number, next: readonly CareTagInput[], now = new Date()): Promise<boolean> {
  const before = await readCareTags(tx, householdId);
  const after = normalised(next);
  const changed = await writeChange(
    tx,
    { accountId: actor.accountId, action: 'update_care_tags', subject: `household:${householdId}`, before: { tags: before }, after: { tags: after } },
    now,
  );
  if (!changed) return false;
  await tx.delete(householdCareTags).where(eq(householdCareTags.householdId, householdId));
  if (after.length > 0) await tx.insert(householdCareTags).values(after.map((t) => ({ householdId, ...t })));
  return true;
}
