// Tests of the retention purge: personal data of old finished cases goes, the statistics stay exactly as they were.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { accounts, auditLog, caseEvents, casePhotos, cases } from '@/db/schema';
import { seedDemoCases } from '@/db/demo/cases';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { computeStats } from '@/lib/stats';
import { countExpiredCases, DEFAULT_RETENTION_MONTHS, expired, getRetentionMonths, PURGED_DESCRIPTION, purgeExpiredPersonalData, retentionCutoff, retentionSchema, setRetentionMonths } from './retention';

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-uploads-'));
process.env.UPLOADS_DIR = uploads;
const { db, close } = openTestDatabase({ demo: true });
after(() => {
  close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const now = new Date();
// A smaller demo year than the real one (20,000), enough for every status and a few photos' worth of cases.
seedDemoCases(db, { now, count: 3000 });
const admin = loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'admin')).get()!.id)!;

test('the retention period defaults to 36 months, is set by the administrator within 6..120, and the change is audited', () => {
  assert.equal(getRetentionMonths(db), DEFAULT_RETENTION_MONTHS);
  assert.equal(countExpiredCases(db, now), 0, 'the demo year is younger than 36 months');
  assert.equal(retentionSchema.safeParse({ months: 3 }).success, false);
  assert.equal(retentionSchema.safeParse({ months: 121 }).success, false);
  setRetentionMonths(db, admin.id, 6, now);
  assert.equal(getRetentionMonths(db), 6);
  const row = db.select().from(auditLog).orderBy(desc(auditLog.id)).get()!;
  assert.deepEqual([row.accountId, row.action, JSON.parse(row.detail!)], [admin.id, 'update_retention', { before: 36, after: 6 }]);
});

test('purging keeps every statistic and what they count, and removes names, phones, households, free text and photos', async () => {
  const cutoff = retentionCutoff(6, now);
  const old = sql`${cases.status} in ('closed', 'rejected', 'duplicate') and coalesce(${cases.closedAt}, ${cases.updatedAt}) < ${cutoff.getTime()}`;
  const target = db.select().from(cases).where(and(old, isNotNull(cases.residentPhone), isNotNull(cases.rating))).get()!;
  assert.ok(target, 'the demo year has finished cases older than six months');
  const young = db.select().from(cases).where(and(eq(cases.status, 'closed'), isNotNull(cases.residentName), sql`${cases.closedAt} > ${cutoff.getTime()}`)).get()!;
  // A photo on the old case, file and row.
  fs.writeFileSync(path.join(uploads, 'a'.repeat(32) + '.jpg'), 'jpeg');
  db.insert(casePhotos).values({ caseId: target.id, fileName: 'a'.repeat(32) + '.jpg', mime: 'image/jpeg', width: 1, height: 1, bytes: 4, createdAt: target.createdAt }).run();
  const eventsBefore = db.select().from(caseEvents).where(eq(caseEvents.caseId, target.id)).all();

  const viewer = actorFromUser(admin);
  const period = { from: new Date(now.getTime() - 2 * 366 * 86_400_000), to: now };
  const statsBefore = computeStats(db, viewer, period, now);
  const expected = countExpiredCases(db, now);
  assert.ok(expected > 1000, `many cases to purge (${expected})`);

  assert.equal(await purgeExpiredPersonalData(db, now, admin.id), expected);
  assert.deepEqual(computeStats(db, viewer, period, now), statsBefore, 'every figure, breakdown and median unchanged');

  const after = db.select().from(cases).where(eq(cases.id, target.id)).get()!;
  const kept = ['number', 'categoryId', 'urgency', 'source', 'nodeId', 'gridId', 'status', 'handlerKind', 'handlerAccountId', 'rating', 'reopenCount', 'closeReason', 'createdAt', 'acceptedAt', 'resolvedAt', 'ratedAt', 'closedAt', 'updatedAt', 'version'] as const;
  for (const key of kept) assert.deepEqual(after[key], target[key], key);
  assert.deepEqual(
    { description: after.description, place: after.place, residentName: after.residentName, residentPhone: after.residentPhone, householdId: after.householdId, ratingComment: after.ratingComment },
    { description: PURGED_DESCRIPTION, place: null, residentName: null, residentPhone: null, householdId: null, ratingComment: null },
  );
  assert.equal(after.personalDataPurgedAt?.getTime(), now.getTime());
  assert.equal(db.select().from(casePhotos).where(eq(casePhotos.caseId, target.id)).all().length, 0);
  assert.equal(fs.existsSync(path.join(uploads, 'a'.repeat(32) + '.jpg')), false, 'the file is gone too');
  const eventsAfter = db.select().from(caseEvents).where(eq(caseEvents.caseId, target.id)).all();
  assert.deepEqual(eventsAfter.map((e) => e.note), eventsBefore.map(() => null));
  assert.deepEqual(eventsAfter.map(({ note: _n, ...e }) => e), eventsBefore.map(({ note: _n, ...e }) => e), 'the timeline keeps its steps');

  const youngAfter = db.select().from(cases).where(eq(cases.id, young.id)).get()!;
  assert.equal(youngAfter.residentName, young.residentName, 'a case inside the period keeps its data');
  assert.equal(db.select({ n: sql<number>`count(*)` }).from(cases).where(and(old, isNull(cases.personalDataPurgedAt))).get()!.n, 0);

  const audit = db.select().from(auditLog).where(eq(auditLog.action, 'purge_personal_data')).all();
  assert.equal(audit.reduce((n, r) => n + (JSON.parse(r.detail!) as { cases: number }).cases, 0), expected);
  assert.ok(audit.every((r) => r.accountId === admin.id));

  assert.equal(await purgeExpiredPersonalData(db, now), 0, 'running again finds nothing');
  assert.equal(db.select().from(cases).where(inArray(cases.id, [target.id])).get()!.personalDataPurgedAt?.getTime(), now.getTime());
});

test('the background job finds expired cases through their index, not by reading every case (a county holds a million)', () => {
  const query = db.select({ id: cases.id }).from(cases).where(expired(retentionCutoff(DEFAULT_RETENTION_MONTHS, now))).limit(500).toSQL();
  const client = (db as unknown as { $client: { prepare: (s: string) => { all: (...p: unknown[]) => { detail: string }[] } } }).$client;
  const plan = client.prepare(`explain query plan ${query.sql}`).all(...query.params).map((r) => r.detail);
  assert.ok(plan.some((d) => d.includes('USING INDEX cases_retention_idx')), plan.join('; '));
  assert.ok(!plan.some((d) => /^SCAN cases\b/.test(d)), plan.join('; '));
});
