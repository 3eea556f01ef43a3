// PIPL retention: how long a finished case (and a volunteer activity's sign-up) keeps the resident's personal data, and
// purging it once that time has passed.
import { and, count, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDb, Store } from '@/db/store';
import { activitySignups, caseEvents, casePhotos, cases, caseSupports, notifications, settings, volunteerActivities } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import { FINAL_STATUSES } from '@/lib/cases/lifecycle';
import { deletePhotos } from '@/lib/cases/photos';
import { nextTurn } from '@/lib/jobs/yield';

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

export async function getRetentionMonths(db: AppDb): Promise<number> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_KEY)).limit(1);
  const months = row ? Number(row.value) : NaN;
  return Number.isInteger(months) && months > 0 ? months : DEFAULT_RETENTION_MONTHS;
}

export async function setRetentionMonths(store: Store, accountId: number, months: number, now = new Date()): Promise<void> {
  await store.write(async (tx) => {
    // Two saves at once: the second's audit row says what the first left.
    await store.lockKey(tx, `setting:${RETENTION_KEY}`);
    const [before] = await tx.select({ value: settings.value }).from(settings).where(eq(settings.key, RETENTION_KEY)).limit(1);
    await tx
      .insert(settings)
      .values({ key: RETENTION_KEY, value: String(months), updatedAt: now, updatedByAccountId: accountId })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(months), updatedAt: now, updatedByAccountId: accountId } });
    await writeAudit(tx, { accountId, action: 'update_retention', subject: `setting:${RETENTION_KEY}`, detail: JSON.stringify({ before: before ? Number(before.value) : DEFAULT_RETENTION_MONTHS, after: months }) }, now);
  });
}

/** The instant before which a finished case has outlived the retention period. */
export function retentionCutoff(months: number, now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/** Finished cases whose personal data is past the retention period and still held (seeks cases_retention_idx). */
export function expired(cutoff: Date) {
  // The cutoff bound as the column stores an instant (milliseconds on SQLite, a timestamp on PostgreSQL); the
  // expression is the one the index is on.
  return and(
    // Written out as literals, as the partial index's WHERE says it: a planner takes a partial index only for a query
    // whose WHERE implies the index's, and bound parameters prove nothing when the statement is prepared.
    sql`${cases.status} in (${sql.raw(FINAL_STATUSES.map((s) => `'${s}'`).join(', '))})`,
    isNull(cases.personalDataPurgedAt),
    sql`coalesce(${cases.closedAt}, ${cases.updatedAt}) < ${sql.param(cutoff, cases.updatedAt)}`,
  )!;
}

export async function countExpiredCases(db: AppDb, now = new Date()): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cases).where(expired(retentionCutoff(await getRetentionMonths(db), now)));
  return row!.n;
}

/**
 * Cases (or sign-ups) purged per write. On SQLite a write runs synchronously, so a batch holds every request of the
 * process meanwhile: 500 cases took ~70 ms of CPU on a county, 100 ~23 (bench/jobs.ts, with reading their old pages).
 */
const BATCH = 50;

/**
 * Removes the personal data of every finished case past the retention period: the resident's
 * name, phone and household link, and every free text (the request, the place, the rating
 * comment, notes of the timeline, supervision and extension notes, notification notes), since
 * any of them may name or locate the resident; photos go, files and rows. What the statistics
 * count stays exactly as it was: category, grid, source, urgency, status, handler, rating and
 * every date. Timeline rows keep their actions, actors and data; only their notes are blanked.
 * `accountId` is the administrator who pressed the button; the background job passes none.
 */
export async function purgeExpiredPersonalData(store: Store, now = new Date(), accountId?: number): Promise<number> {
  const months = await getRetentionMonths(store.db);
  const cutoff = retentionCutoff(months, now);
  let purged = 0;
  for (;;) {
    const photos: { fileName: string }[] = [];
    const ids = await store.write(async (tx) => {
      // One purge at a time (the job and the administrator's button, or two processes): the batch read after the
      // lock does not include cases another purge has just done.
      await store.lockKey(tx, 'retention:purge');
      // Any BATCH of them, in the order of cases_retention_idx (an ORDER BY would trade the index seek for a scan).
      const batch = (await tx.select({ id: cases.id }).from(cases).where(expired(cutoff)).limit(BATCH)).map((r) => r.id);
      if (batch.length === 0) return batch;
      photos.push(...(await tx.select({ fileName: casePhotos.fileName }).from(casePhotos).where(inArray(casePhotos.caseId, batch))));
      await tx.delete(casePhotos).where(inArray(casePhotos.caseId, batch));
      await tx.update(caseEvents).set({ note: null }).where(inArray(caseEvents.caseId, batch));
      await tx.update(notifications).set({ note: null }).where(inArray(notifications.caseId, batch));
      // 附议: the phone numbers supporters left to be told of the result go with the case's personal data.
      await tx.update(caseSupports).set({ phone: null }).where(inArray(caseSupports.caseId, batch));
      await tx
        .update(cases)
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
        .where(inArray(cases.id, batch));
      if (accountId !== undefined) {
        await writeAudit(tx, { accountId, action: 'purge_personal_data', subject: 'cases', detail: JSON.stringify({ cases: batch.length, retentionMonths: months, before: cutoff.toISOString() }) }, now);
      }
      return batch;
    });
    // Files go after the commit: a failed write must not leave rows pointing at deleted files.
    await deletePhotos(photos);
    purged += ids.length;
    if (ids.length < BATCH) return purged;
    await nextTurn();
  }
}

// ---- volunteer activities' sign-ups (lib/points/activities.ts) --------------------------------------------------

/** When an activity was over, for retention: its start, or its cancellation when that came first. */
const activityEnded = sql`case when ${volunteerActivities.cancelledAt} is not null and ${volunteerActivities.cancelledAt} < ${volunteerActivities.startsAt} then ${volunteerActivities.cancelledAt} else ${volunteerActivities.startsAt} end`;

/**
 * Sign-ups whose activity was over before the cutoff and that still hold a name or phone (a walk-in recorded from the
 * household's card holds neither): the same period as a finished case's, counted from the activity's end.
 */
export function expiredSignups(cutoff: Date) {
  return and(
    isNull(activitySignups.personalDataPurgedAt),
    or(isNotNull(activitySignups.name), isNotNull(activitySignups.phone)),
    sql`${activityEnded} < ${sql.param(cutoff, volunteerActivities.startsAt)}`,
  )!;
}

export async function countExpiredSignups(db: AppDb, now = new Date()): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(activitySignups)
    .innerJoin(volunteerActivities, eq(volunteerActivities.id, activitySignups.activityId))
    .where(expiredSignups(retentionCutoff(await getRetentionMonths(db), now)));
  return row!.n;
}

/**
 * Removes the name and phone residents gave when signing up for an activity that is past the retention period. The
 * sign-up stays, with its household, attendance and times: the household's points ledger (append-only) is built on
 * it, and the activity's counts stay as they were. Audited like the cases' purge when an administrator pressed the
 * button. Under the same lock as the cases' purge, so two purges at once clear each sign-up once.
 */
export async function purgeExpiredSignups(store: Store, now = new Date(), accountId?: number): Promise<number> {
  const months = await getRetentionMonths(store.db);
  const cutoff = retentionCutoff(months, now);
  let purged = 0;
  for (;;) {
    const ids = await store.write(async (tx) => {
      await store.lockKey(tx, 'retention:purge');
      const batch = (
        await tx
          .select({ id: activitySignups.id })
          .from(activitySignups)
          .innerJoin(volunteerActivities, eq(volunteerActivities.id, activitySignups.activityId))
          .where(expiredSignups(cutoff))
          .limit(BATCH)
      ).map((r) => r.id);
      if (batch.length === 0) return batch;
      await tx.update(activitySignups).set({ name: null, phone: null, personalDataPurgedAt: now }).where(inArray(activitySignups.id, batch));
      if (accountId !== undefined) {
        await writeAudit(tx, { accountId, action: 'purge_personal_data', subject: 'activity_signups', detail: JSON.stringify({ signups: batch.length, retentionMonths: months, before: cutoff.toISOString() }) }, now);
      }
      return batch;
    });
    purged += ids.length;
    if (ids.length < BATCH) return purged;
    await nextTurn();
  }
}

/** Everything past the retention period, as the background job and the administrator's button purge it. */
export async function purgeAllExpiredPersonalData(store: Store, now = new Date(), accountId?: number): Promise<{ cases: number; signups: number }> {
  const purgedCases = await purgeExpiredPersonalData(store, now, accountId);
  const signups = await purgeExpiredSignups(store, now, accountId);
  return { cases: purgedCases, signups };
}
