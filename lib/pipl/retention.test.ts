// Tests of the retention purge: personal data of old finished cases goes, the statistics stay exactly as they were.
// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL); the index the
// job seeks is checked in retention-plan.test.ts (SQLite's query plan).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import { DEFAULT_DEMO_NOW } from '@/db/demo/generate';
import { accounts as legacyAccounts } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { activitySignups, auditLog, caseEvents, casePhotos, cases, orgNodes, volunteerActivities } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { computeStats } from '@/lib/stats';
import {
  countExpiredCases,
  countExpiredSignups,
  DEFAULT_RETENTION_MONTHS,
  expired,
  getRetentionMonths,
  PURGED_DESCRIPTION,
  purgeAllExpiredPersonalData,
  purgeExpiredPersonalData,
  purgeExpiredSignups,
  retentionCutoff,
  retentionSchema,
  setRetentionMonths,
} from './retention';

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-uploads-'));
process.env.UPLOADS_DIR = uploads;
after(() => fs.rmSync(uploads, { recursive: true, force: true }));

// A smaller demo year than the real one (20,000), enough for every status and a few photos' worth of cases; it
// ends at the demo's "now".
const storeFor = registerTestStore({ demo: true, cases: 3000 });
const now = DEFAULT_DEMO_NOW;
// Who the administrator is: the demo generated into SQLite, the same rows (and ids) as the store's demo.
const fixtures = openTestDatabase({ demo: true });
after(fixtures.close);
const admin = loadUserSync(fixtures.db, fixtures.db.select({ id: legacyAccounts.id }).from(legacyAccounts).where(eq(legacyAccounts.username, 'admin')).get()!.id)!;

/** Finished before the cutoff and still holding personal data: what `expired` selects. */
const finishedBefore = (cutoff: Date) => expired(cutoff);

/** What the statistics count, per case: every column but the personal data. */
async function statisticColumns(db: AppDb) {
  return db
    .select({
      id: cases.id, number: cases.number, categoryId: cases.categoryId, urgency: cases.urgency, source: cases.source, nodeId: cases.nodeId, gridId: cases.gridId,
      status: cases.status, handlerKind: cases.handlerKind, handlerAccountId: cases.handlerAccountId, rating: cases.rating, reopenCount: cases.reopenCount,
      closeReason: cases.closeReason, createdAt: cases.createdAt, acceptedAt: cases.acceptedAt, resolvedAt: cases.resolvedAt, ratedAt: cases.ratedAt,
      closedAt: cases.closedAt, updatedAt: cases.updatedAt, version: cases.version,
    })
    .from(cases)
    .orderBy(asc(cases.id));
}

test('the retention period defaults to 36 months, is set by the administrator within 6..120, and the change is audited', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  assert.equal(await getRetentionMonths(db), DEFAULT_RETENTION_MONTHS);
  assert.equal(await countExpiredCases(db, now), 0, 'the demo year is younger than 36 months');
  assert.equal(retentionSchema.safeParse({ months: 3 }).success, false);
  assert.equal(retentionSchema.safeParse({ months: 121 }).success, false);
  await setRetentionMonths(store, admin.id, 6, now);
  assert.equal(await getRetentionMonths(db), 6);
  const [row] = await db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  assert.deepEqual([row!.accountId, row!.action, JSON.parse(row!.detail!)], [admin.id, 'update_retention', { before: 36, after: 6 }]);
});

test('purging keeps every statistic and what they count, and removes names, phones, households, free text and photos', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  const cutoff = retentionCutoff(6, now);
  const old = finishedBefore(cutoff);
  const [target] = await db.select().from(cases).where(and(old, isNotNull(cases.residentPhone), isNotNull(cases.rating))).orderBy(asc(cases.id)).limit(1);
  assert.ok(target, 'the demo year has finished cases older than six months');
  const [young] = await db.select().from(cases).where(and(eq(cases.status, 'closed'), isNotNull(cases.residentName), gt(cases.closedAt, cutoff))).orderBy(asc(cases.id)).limit(1);
  assert.ok(young);
  // A photo on the old case, file and row.
  fs.writeFileSync(path.join(uploads, 'a'.repeat(32) + '.jpg'), 'jpeg');
  await store.write(async (tx) => {
    await tx.insert(casePhotos).values({ caseId: target.id, fileName: 'a'.repeat(32) + '.jpg', mime: 'image/jpeg', width: 1, height: 1, bytes: 4, createdAt: target.createdAt });
  });
  const eventsBefore = await db.select().from(caseEvents).where(eq(caseEvents.caseId, target.id)).orderBy(asc(caseEvents.id));

  // The statistics themselves, and every column they are computed from.
  const viewer = actorFromUser(admin);
  const period = { from: new Date(now.getTime() - 2 * 366 * 86_400_000), to: now };
  const stats = () => computeStats(db, viewer, period, now);
  const statsBefore = await stats();
  const columnsBefore = await statisticColumns(db);
  const expected = await countExpiredCases(db, now);
  assert.ok(expected > 1000, `many cases to purge (${expected})`);

  assert.equal(await purgeExpiredPersonalData(store, now, admin.id), expected);
  assert.deepEqual(await stats(), statsBefore, 'every figure, breakdown and median unchanged');
  assert.deepEqual(await statisticColumns(db), columnsBefore, 'every column the statistics count unchanged, for every case');

  const [afterPurge] = await db.select().from(cases).where(eq(cases.id, target.id));
  assert.deepEqual(
    { description: afterPurge!.description, place: afterPurge!.place, residentName: afterPurge!.residentName, residentPhone: afterPurge!.residentPhone, householdId: afterPurge!.householdId, ratingComment: afterPurge!.ratingComment },
    { description: PURGED_DESCRIPTION, place: null, residentName: null, residentPhone: null, householdId: null, ratingComment: null },
  );
  assert.equal(afterPurge!.personalDataPurgedAt?.getTime(), now.getTime());
  assert.equal((await db.select().from(casePhotos).where(eq(casePhotos.caseId, target.id))).length, 0);
  assert.equal(fs.existsSync(path.join(uploads, 'a'.repeat(32) + '.jpg')), false, 'the file is gone too');
  const eventsAfter = await db.select().from(caseEvents).where(eq(caseEvents.caseId, target.id)).orderBy(asc(caseEvents.id));
  assert.deepEqual(eventsAfter.map((e) => e.note), eventsBefore.map(() => null));
  assert.deepEqual(eventsAfter.map(({ note: _n, ...e }) => e), eventsBefore.map(({ note: _n, ...e }) => e), 'the timeline keeps its steps');

  const [youngAfter] = await db.select().from(cases).where(eq(cases.id, young.id));
  assert.equal(youngAfter!.residentName, young.residentName, 'a case inside the period keeps its data');
  const [left] = await db.select({ n: count() }).from(cases).where(and(old, isNull(cases.personalDataPurgedAt)));
  assert.equal(left!.n, 0);

  const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, 'purge_personal_data'), eq(auditLog.subject, 'cases')));
  assert.equal(audit.reduce((n, r) => n + (JSON.parse(r.detail!) as { cases: number }).cases, 0), expected);
  assert.ok(audit.every((r) => r.accountId === admin.id));

  assert.equal(await purgeExpiredPersonalData(store, now), 0, 'running again finds nothing');
  const [again] = await db.select().from(cases).where(inArray(cases.id, [target.id]));
  assert.equal(again!.personalDataPurgedAt?.getTime(), now.getTime());
});

test('two purges at once (the job and the button, or two processes) purge each case once', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  // Everything finished before the last month: the cases the previous test left, at a shorter period.
  await setRetentionMonths(store, admin.id, 6, now);
  const later = new Date(now.getTime() + 120 * 86_400_000);
  const expected = await countExpiredCases(db, later);
  assert.ok(expected > 0, 'cases become due as time passes');
  const done = await Promise.all([purgeExpiredPersonalData(store, later, admin.id), purgeExpiredPersonalData(store, later, admin.id)]);
  assert.equal(done[0] + done[1], expected, `each case counted once (${done.join(' + ')})`);
  const [purgedLater] = await db.select({ n: count() }).from(cases).where(eq(cases.personalDataPurgedAt, later));
  assert.equal(purgedLater!.n, expected);
  assert.equal(await countExpiredCases(db, later), 0);
});

// ---- volunteer activities' sign-ups ------------------------------------------------------------------------------

const DAY = 86_400_000;

/** An activity of the demo community starting `startDays` from `now` (negative: in the past), with sign-ups as given. */
async function activityWith(
  store: NonNullable<ReturnType<typeof storeFor>>,
  title: string,
  startDays: number,
  signups: { name: string | null; phone: string | null; householdId?: number | null }[],
  cancelledDays?: number,
): Promise<number[]> {
  return store.write(async (tx) => {
    const [community] = await tx.select({ id: orgNodes.id, path: orgNodes.path }).from(orgNodes).where(eq(orgNodes.kind, 'community')).orderBy(asc(orgNodes.id)).limit(1);
    const startsAt = new Date(now.getTime() + startDays * DAY);
    const [activity] = await tx
      .insert(volunteerActivities)
      .values({
        nodeId: community!.id, nodePath: community!.path, kind: 'environment', title, place: '党群服务站', startsAt, points: 5, capacity: 50,
        cancelledAt: cancelledDays === undefined ? null : new Date(now.getTime() + cancelledDays * DAY), createdByAccountId: admin.id, createdAt: new Date(startsAt.getTime() - 7 * DAY),
      })
      .returning({ id: volunteerActivities.id });
    const ids: number[] = [];
    for (const s of signups) {
      const [row] = await tx
        .insert(activitySignups)
        .values({ activityId: activity!.id, name: s.name, phone: s.phone, householdId: s.householdId ?? null, createdAt: new Date(startsAt.getTime() - DAY) })
        .returning({ id: activitySignups.id });
      ids.push(row!.id);
    }
    return ids;
  });
}

const signupRows = async (db: AppDb, ids: number[]) => db.select().from(activitySignups).where(inArray(activitySignups.id, ids)).orderBy(asc(activitySignups.id));

test("volunteer sign-ups lose their name and phone once their activity is past the retention period; the rest stays", async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  await setRetentionMonths(store, admin.id, 6, now);
  // Over eight months ago: a named sign-up (due) and a walk-in from the household's card (nothing to remove).
  const old = await activityWith(store, '八个月前的清扫活动', -240, [{ name: '留存测试甲', phone: '13900000001' }, { name: null, phone: null }]);
  // Cancelled eight months ago, for a date that had not come: over since its cancellation (due).
  const cancelled = await activityWith(store, '八个月前取消的活动', 400, [{ name: '留存测试乙', phone: '13900000002' }], -240);
  // Two months ago, and coming: inside the period.
  const recent = await activityWith(store, '两个月前的活动', -60, [{ name: '留存测试丙', phone: '13900000003' }]);
  const coming = await activityWith(store, '下周的活动', 7, [{ name: '留存测试丁', phone: '13900000004' }]);
  const before = await signupRows(db, [...old, ...cancelled, ...recent, ...coming]);

  assert.equal(await countExpiredSignups(db, now), 2);
  const purged = await purgeAllExpiredPersonalData(store, now, admin.id);
  assert.equal(purged.signups, 2);
  assert.equal(await countExpiredSignups(db, now), 0);

  const after = await signupRows(db, [...old, ...cancelled, ...recent, ...coming]);
  const byId = new Map(after.map((r) => [r.id, r]));
  for (const id of [old[0]!, cancelled[0]!]) {
    const row = byId.get(id)!;
    assert.deepEqual({ name: row.name, phone: row.phone, purgedAt: row.personalDataPurgedAt?.getTime() }, { name: null, phone: null, purgedAt: now.getTime() });
    // The sign-up itself stays: its activity, household, attendance and times (the points ledger rests on it).
    const was = before.find((r) => r.id === id)!;
    assert.deepEqual(
      { activityId: row.activityId, householdId: row.householdId, createdAt: row.createdAt, attendedAt: row.attendedAt },
      { activityId: was.activityId, householdId: was.householdId, createdAt: was.createdAt, attendedAt: was.attendedAt },
    );
  }
  assert.equal(byId.get(old[1]!)!.personalDataPurgedAt, null, 'a walk-in held no name or phone: nothing to purge');
  for (const id of [recent[0]!, coming[0]!]) {
    const row = byId.get(id)!;
    const was = before.find((r) => r.id === id)!;
    assert.deepEqual([row.name, row.phone, row.personalDataPurgedAt], [was.name, was.phone, null], 'inside the period: kept');
  }

  const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, 'purge_personal_data'), eq(auditLog.subject, 'activity_signups')));
  assert.deepEqual(audit.map((r) => [r.accountId, (JSON.parse(r.detail!) as { signups: number }).signups]), [[admin.id, 2]]);
  assert.equal(await purgeExpiredSignups(store, now), 0, 'running again finds nothing');

  // Time passes: the two-month-old activity's sign-up becomes due, by the background job (no account, no audit row).
  const later = new Date(now.getTime() + 150 * DAY);
  assert.equal(await countExpiredSignups(db, later), 1);
  assert.equal((await purgeAllExpiredPersonalData(store, later)).signups, 1);
  assert.equal((await signupRows(db, recent))[0]!.phone, null);
});

test('two purges of sign-ups at once (the job and the button) clear each sign-up once', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  await setRetentionMonths(store, admin.id, 6, now);
  const ids = await activityWith(
    store,
    '九个月前的义诊',
    -270,
    Array.from({ length: 12 }, (_, i) => ({ name: `并发测试${i}`, phone: `1370000${String(i).padStart(4, '0')}` })),
  );
  assert.equal(await countExpiredSignups(db, now), 12);
  const done = await Promise.all([purgeExpiredSignups(store, now, admin.id), purgeExpiredSignups(store, now, admin.id)]);
  assert.equal(done[0] + done[1], 12, `each sign-up counted once (${done.join(' + ')})`);
  assert.ok((await signupRows(db, ids)).every((r) => r.name === null && r.phone === null && r.personalDataPurgedAt?.getTime() === now.getTime()));
});
