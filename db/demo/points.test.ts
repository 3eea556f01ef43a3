// The demo's year of volunteer points: deterministic, and a ledger that could have happened (no balance ever below
// zero, stock never below zero, one entry per attendance, a masked ranking for this month).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { asc, count, eq, sql } from 'drizzle-orm';
import * as s from '../schema';
import { openTestDatabase } from '../testing';
import { seedDemoPoints } from './points';

const NOW = new Date('2026-11-20T02:00:00Z');
const first = openTestDatabase({ demo: true, cases: 200 });
const second = openTestDatabase({ demo: true, cases: 200 });
after(() => {
  first.close();
  second.close();
});

test('a year of activities, attendance, points and redemptions, the same every time', () => {
  const a = seedDemoPoints(first.db, { now: NOW });
  const b = seedDemoPoints(second.db, { now: NOW });
  assert.deepEqual(a, b);
  assert.ok(a.activities >= 100, `activities: ${a.activities}`);
  assert.ok(a.attended >= 1000 && a.redemptions >= 100 && a.cards >= 100, JSON.stringify(a));
  const rows = (db: typeof first.db) => db.select().from(s.pointEntries).orderBy(asc(s.pointEntries.id)).all();
  assert.deepEqual(rows(first.db), rows(second.db));
  assert.throws(() => seedDemoPoints(first.db, { now: NOW }), /already has/);
});

test('no household ever spends more than it has; stock never goes below zero; one entry per attendance', () => {
  const db = first.db;
  const entries = db.select().from(s.pointEntries).orderBy(asc(s.pointEntries.createdAt), asc(s.pointEntries.id)).all();
  const balance = new Map<number, number>();
  for (const e of entries) {
    const after = (balance.get(e.householdId) ?? 0) + e.points;
    assert.ok(after >= 0, `household ${e.householdId} at ${e.createdAt.toISOString()}: ${after}`);
    balance.set(e.householdId, after);
  }
  const negativeStock = db.select({ n: count() }).from(s.marketGoods).where(sql`${s.marketGoods.stock} < 0`).get()!.n;
  assert.equal(negativeStock, 0);
  // The counter restocks what runs out: on the demo's day most goods of each community can be redeemed.
  const goods = db.select({ path: s.marketGoods.nodePath, stock: s.marketGoods.stock }).from(s.marketGoods).all();
  for (const path of new Set(goods.map((g) => g.path))) {
    const own = goods.filter((g) => g.path === path);
    assert.ok(own.filter((g) => g.stock > 0).length * 2 > own.length, `${path}: ${own.map((g) => g.stock).join(', ')}`);
  }
  const attended = db.select({ n: count() }).from(s.activitySignups).where(sql`${s.activitySignups.attendedAt} is not null`).get()!.n;
  assert.equal(db.select({ n: count() }).from(s.pointEntries).where(eq(s.pointEntries.kind, 'activity')).get()!.n, attended);
  assert.equal(db.select({ n: count() }).from(s.pointEntries).where(eq(s.pointEntries.kind, 'redemption')).get()!.n, db.select({ n: count() }).from(s.redemptions).get()!.n);
  const ahead = db.select({ n: count() }).from(s.volunteerActivities).where(sql`${s.volunteerActivities.startsAt} > ${NOW.getTime()}`).get()!.n;
  assert.ok(ahead >= 2, 'some activities still take sign-ups');
  assert.ok(db.select({ n: count() }).from(s.pointEntries).where(eq(s.pointEntries.kind, 'claim')).get()!.n > 0, 'claims are credited');
});
