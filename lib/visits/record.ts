// Recording a visit (入户走访): the visit row, the care tags changed on the spot, and its audit row, in one transaction.
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDb, Store } from '@/db/store';
import { households, persons, visits } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import type { StoredPhoto } from '@/lib/cases/commands';
import { writeAudit } from '@/lib/audit/log';
import { changedFields } from '@/lib/registry/audit';
import { readCareTags, STORED_CARE_TAGS, writeCareTags, type CareTagInput, type StoredCareTag } from '@/lib/registry/care-tags';
import { isoDate } from '@/lib/registry/identity';
import { chinaDateTimeSchema } from '@/lib/validation/dates';
import { textSchema } from '@/lib/validation/text';

/** A visit may be recorded afterwards (back at the office), but not weeks later and never ahead of time. */
export const MAX_BACKDATE_DAYS = 30;
/** A phone's clock a little ahead of the server's is not "the future". */
const CLOCK_SKEW_MS = 10 * 60_000;

const optional = (max: number, message: string) =>
  textSchema()
    .trim()
    .max(max, message)
    .transform((s) => s || null)
    .optional()
    .transform((s) => s ?? null);

const id = z.coerce.number({ error: '编号无效' }).int('编号无效').positive('编号无效').max(2_147_483_647, '编号无效');

export const visitInputSchema = z.object({
  householdId: id,
  /** Blank: now. */
  visitedAt: chinaDateTimeSchema,
  met: optional(50, '见到的人不超过 50 字'),
  notes: textSchema({ error: '请填写走访情况' }).trim().min(2, '请填写走访情况（至少 2 个字）').max(1000, '走访情况不超过 1000 字'),
  observations: optional(1000, '发现的问题不超过 1000 字'),
  /** The household's care tags after the visit (checked boxes); 80岁以上 is computed and never sent. */
  careTags: z
    .array(z.enum(STORED_CARE_TAGS as [StoredCareTag, ...StoredCareTag[]], { error: '未知的关爱标签' }))
    .max(STORED_CARE_TAGS.length)
    .default([]),
});
export type VisitInput = z.infer<typeof visitInputSchema>;

export type RecordVisitResult =
  | { ok: true; visitId: number; tagsChanged: boolean }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'invalid_input'; message: string; fieldErrors: Record<string, string[]> };

/** The household when `scope` covers it, else null: out of scope and missing look the same. */
export async function householdInScope(db: AppDb, scope: Scope, householdId: number) {
  const [row] = await db
    .select({ id: households.id, nodeId: households.nodeId, nodePath: households.nodePath, address: households.address, status: households.status })
    .from(households)
    .where(and(eq(households.id, householdId), withinScope(households.nodePath, scope)))
    .limit(1);
  return row ?? null;
}

/** The names of the people living in the household, for "whom they met" in one tap. */
export async function householdMemberNames(db: AppDb, householdId: number): Promise<string[]> {
  const rows = await db
    .select({ name: persons.name })
    .from(persons)
    .where(and(eq(persons.householdId, householdId), eq(persons.status, 'present')))
    .orderBy(persons.id);
  return rows.map((p) => p.name);
}

/**
 * Records the visit and sets the household's stored care tags to the ones ticked: a tag kept
 * keeps its since-date and note, a new one starts on the day of the visit. The caller has
 * stored the photo already (and deletes it again when this refuses or throws).
 */
export async function recordVisit(store: Store, actor: { id: number; scope: Scope }, input: VisitInput, photo: StoredPhoto | null, now = new Date()): Promise<RecordVisitResult> {
  const visitedAt = input.visitedAt ?? now;
  if (visitedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return { ok: false, code: 'invalid_input', message: '走访时间不能晚于现在', fieldErrors: { visitedAt: ['走访时间不能晚于现在'] } };
  }
  if (visitedAt.getTime() < now.getTime() - MAX_BACKDATE_DAYS * 86_400_000) {
    const message = `只能补记 ${MAX_BACKDATE_DAYS} 天内的走访`;
    return { ok: false, code: 'invalid_input', message, fieldErrors: { visitedAt: [message] } };
  }
  return store.write(async (tx): Promise<RecordVisitResult> => {
    // Two visits to one household at once (two workers, or a retry): their tag changes one after the other, each
    // audited against what the other left.
    await store.lockKey(tx, `household:${input.householdId}`);
    const household = await householdInScope(tx, actor.scope, input.householdId);
    if (!household) return { ok: false, code: 'not_found' };
    if (household.status !== 'occupied') {
      const message = '该户已空置或迁出，不能记录走访';
      return { ok: false, code: 'invalid_input', message, fieldErrors: { householdId: [message] } };
    }
    const [visit] = await tx
      .insert(visits)
      .values({
        householdId: household.id,
        nodePath: household.nodePath,
        accountId: actor.id,
        visitedAt,
        met: input.met,
        notes: input.notes,
        observations: input.observations,
        photoFileName: photo?.fileName ?? null,
        createdAt: now,
      })
      .returning({ id: visits.id });
    const after = { visit: visit!.id, visitedAt: visitedAt.toISOString(), photo: photo !== null };
    await writeAudit(
      tx,
      { accountId: actor.id, action: 'record_visit', subject: `household:${household.id}`, detail: JSON.stringify(changedFields(null, after)) },
      now,
    );
    const current = new Map((await readCareTags(tx, household.id)).map((t) => [t.tag, t]));
    const next: CareTagInput[] = input.careTags.map((tag) => current.get(tag) ?? { tag, since: isoDate(visitedAt), note: '入户走访时登记' });
    const tagsChanged = await writeCareTags(tx, { accountId: actor.id }, household.id, next, now);
    return { ok: true, visitId: visit!.id, tagsChanged };
  });
}
