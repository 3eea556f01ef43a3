// The demo's year of visits keeps the rules: each gap within the interval in force, every household seen within the year, a realistic few due today.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, eq, sql } from 'drizzle-orm';
import { accountScopes, accounts, orgNodes, visits } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { householdVisitStatesSync } from '@/lib/visits/due';
import { DEFAULT_VISIT_INTERVALS, intervalFor } from '@/lib/visits/intervals';
import { bornOnOrBefore, isoDate } from '@/lib/registry/identity';
import { persons } from '@/db/schema';
import { seedDemoVisits } from './visits';

const { db, close } = openTestDatabase({ demo: true });
after(close);

const NOW = new Date('2026-12-02T10:00:00+08:00');
const DAY = 86_400_000;

test('a year of visits (the latest one a little older for a late yearly household) by each household’s own grid worker, spaced as its care tags ask at the time', () => {
  const summary = seedDemoVisits(db, { now: NOW });
  const all = db.select().from(visits).orderBy(asc(visits.householdId), asc(visits.visitedAt)).all();
  assert.equal(all.length, summary.visits);
  assert.ok(summary.visits > 20_000, `a year of weekly visits to the elderly and those living alone (${summary.visits})`);

  const workerPaths = db
    .select({ id: accounts.id, path: orgNodes.path })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(eq(accounts.role, 'grid_worker'))
    .all();
  const states = householdVisitStatesSync(db, { paths: workerPaths.map((w) => w.path) }, DEFAULT_VISIT_INTERVALS, NOW);
  assert.equal(states.length, summary.households);
  const births = new Map<number, string[]>();
  for (const p of db.select({ h: persons.householdId, b: persons.birthDate }).from(persons).where(eq(persons.status, 'present')).all())
    if (p.h !== null && p.b) births.set(p.h, [...(births.get(p.h) ?? []), p.b]);

  const byHousehold = new Map<number, typeof all>();
  for (const v of all) byHousehold.set(v.householdId, [...(byHousehold.get(v.householdId) ?? []), v]);
  for (const h of states) {
    const list = byHousehold.get(h.householdId) ?? [];
    assert.ok(list.length >= 1, `household ${h.householdId} was visited within the year`);
    for (const v of list) {
      assert.ok(v.visitedAt.getTime() <= NOW.getTime() && v.visitedAt.getTime() >= NOW.getTime() - (365 + 11) * DAY);
      assert.ok(workerPaths.some((w) => w.id === v.accountId && h.nodePath.startsWith(w.path)), 'visited by a worker of its grid');
    }
    for (let i = 1; i < list.length; i++) {
      // The interval in force the day before the later visit: 80+ by the dates of birth on that day.
      const dayBefore = isoDate(new Date(list[i]!.visitedAt.getTime() - DAY));
      const eighty = (births.get(h.householdId) ?? []).some((b) => b <= bornOnOrBefore(80, dayBefore));
      const tags = [...h.tags.filter((t) => t !== 'elderly_80'), ...(eighty ? (['elderly_80'] as const) : [])];
      const gapDays = Math.round((Date.parse(isoDate(list[i]!.visitedAt)) - Date.parse(isoDate(list[i - 1]!.visitedAt))) / DAY);
      assert.ok(gapDays <= intervalFor(tags, DEFAULT_VISIT_INTERVALS), `household ${h.householdId}: ${gapDays} days between visits`);
    }
  }
  const due = states.filter((s) => s.due).length;
  assert.equal(due, summary.dueNow);
  assert.ok(due > 0 && due < states.length * 0.15, `a working morning's worth due today (${due})`);
  assert.ok(db.select({ n: sql<number>`count(*)` }).from(visits).where(sql`${visits.observations} is not null`).get()!.n > 0);
});
