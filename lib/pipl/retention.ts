// PIPL retention: how long a finished case keeps the resident's personal data, and purging it once that time has passed.
import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '@/db/client';
import { caseEvents, casePhotos, cases, notifications, settings } from '@/db/schema';
import { recordAudit } from '@/lib/audit/log';
import { FINAL_STATUSES } from '@/lib/cases/lifecycle';
import { deletePhotos } from '@/lib/cases/photos';

const RETENTION_KEY = 'retention_months';
export const DEFAULT_RETENTION_MONTHS = 36;

export const retentionSchema = z.object({
  months: z.coerce
    .number({ error: '请填写保存期限（月）' })
    .int('保存期限须为整数个月')
    .min(6, '保存期限至少 6 个月')
    .max(120, '保存期限不超过 120 个月'),
});

/** What stands in for the request text once it is purged: the text itself may name the resident. */
export const PURGED_DESCRIPTION = '（居民个人信息已按保存期限清除）';

export function getRetentionMonths(db: DB): number {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_KEY)).get();
  const months = row ? Number(row.value) : NaN;
  return Number.isInteger(months) && months > 0 ? months : DEFAULT_RETENTION_MONTHS;
}

export function setRetentionMonths(db: DB, accountId: number, months: number, now = new Date()): void {
  db.transaction((tx) => {
    const before = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_KEY)).get();
    tx.insert(settings)
      .values({ key: RETENTION_KEY, value: String(months), updatedAt: now, updatedByAccountId: accountId })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(months), updatedAt: now, updatedByAccountId: accountId } })
      .run();
    recordAudit(tx, { accountId, action: 'update_retention', subject: `setting:${RETENTION_KEY}`, detail: JSON.stringify({ before: before ? Number(before.value) : DEFAULT_RETENTION_MONTHS, after: months }) }, now);
  }, { behavior: 'immediate' });
}

/** The instant before which a finished case has outlived the retention period. */
export function retentionCutoff(months: number, now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Finished cases whose personal data is past the retention period and still held (seeks cases_retention_idx). */
export function expired(cutoff: Date) {
  return and(inArray(cases.status, [...FINAL_STATUSES]), isNull(cases.personalDataPurgedAt), lt(sql`coalesce(${cases.closedAt}, ${cases.updatedAt})`, cutoff.getTime()))!;
}

export function countExpiredCases(db: DB, now = new Date()): number {
  return db.select({ n: sql<number>`count(*)` }).from(cases).where(expired(retentionCutoff(getRetentionMonths(db), now))).get()!.n;
}

const BATCH = 500;

/**
 * Removes the personal data of every finished case past the retention period: the resident's
 * name, phone and household link, and every free text (the request, the place, the rating
 * comment, notes of the timeline, supervision and extension notes, notification notes), since
 * any of them may name or locate the resident; photos go, files and rows. What the statistics
 * count stays exactly as it was: category, grid, source, urgency, status, handler, rating and
 * every date. Timeline rows keep their actions, actors and data; only their notes are blanked.
 * `accountId` is the administrator who pressed the button; the background job passes none.
 */
export async function purgeExpiredPersonalData(db: DB, now = new Date(), accountId?: number): Promise<number> {
  const months = getRetentionMonths(db);
  const cutoff = retentionCutoff(months, now);
  let purged = 0;
  for (;;) {
    const photos: { fileName: string }[] = [];
    const ids = db.transaction((tx) => {
      const batch = tx.select({ id: cases.id }).from(cases).where(expired(cutoff)).limit(BATCH).all().map((r) => r.id);
      if (batch.length === 0) return batch;
      photos.push(...tx.select({ fileName: casePhotos.fileName }).from(casePhotos).where(inArray(casePhotos.caseId, batch)).all());
      tx.delete(casePhotos).where(inArray(casePhotos.caseId, batch)).run();
      tx.update(caseEvents).set({ note: null }).where(inArray(caseEvents.caseId, batch)).run();
      tx.update(notifications).set({ note: null }).where(inArray(notifications.caseId, batch)).run();
      tx.update(cases)
        .set({
          description: PURGED_DESCRIPTION,
          place: null,
          residentName: null,
          residentPhone: null,
          householdId: null,
          ratingComment: null,
          supervisionNote: null,
          extensionReason: null,
          personalDataPurgedAt: now,
        })
        .where(inArray(cases.id, batch))
        .run();
      if (accountId !== undefined) {
        recordAudit(tx, { accountId, action: 'purge_personal_data', subject: 'cases', detail: JSON.stringify({ cases: batch.length, retentionMonths: months, before: cutoff.toISOString() }) }, now);
      }
      return batch;
    }, { behavior: 'immediate' });
    // Files go after the commit: a failed transaction must not leave rows pointing at deleted files.
    await deletePhotos(photos);
    purged += ids.length;
    if (ids.length < BATCH) return purged;
  }
}
