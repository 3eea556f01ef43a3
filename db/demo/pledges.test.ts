// The demo's year of pledges keeps the cycle's rules and the seeds' proportions: most members pledge every month,
// fewer finish; every claim is a pledge; nothing lies after the clock; the last month is left unevaluated in a few
// branches for the page to flag; the same seed builds the same rows.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, asc, eq, sql } from 'drizzle-orm';
import { accounts, caseEvents, orgNodes, partyMembers, pledges } from '@/db/schema';
import { openTestDatabase } from '@/db/testing';
import { DEFAULT_DEMO_NOW } from './generate';
import { seedDemoPledges } from './pledges';

const withCases = openTestDatabase({ demo: true, cases: 1500 });
after(withCases.close);
const NOW = DEFAULT_DEMO_NOW;

test('twelve months: most members pledge each month, fewer finish, claims are pledges, the last month partly unevaluated', () => {
  const { db } = withCases;
  const summary = seedDemoPledges(db, { now: NOW });
  const all = db.select().from(pledges).orderBy(asc(pledges.id)).all();
  assert.equal(all.length, summary.pledges);
  const months = [...new Set(all.map((p) => p.month))].sort();
  assert.equal(months.length, 12, months.join(','));
  assert.equal(months[11], '2026-11');
  assert.ok(all.every((p) => p.createdAt.getTime() <= NOW.getTime()), 'nothing after the clock');
  assert.ok(all.every((p) => !p.evaluatedAt || p.evaluatedAt.getTime() <= NOW.getTime()));

  const registered = db.select({ registeredOn: partyMembers.registeredOn }).from(partyMembers).where(eq(partyMembers.status, 'active')).all();
  for (const month of months.slice(0, 11)) {
    const members = registered.filter((m) => m.registeredOn.slice(0, 7) <= month).length;
    const pledged = new Set(all.filter((p) => p.month === month && p.status !== 'rejected').map((p) => p.partyMemberId)).size;
    assert.ok(pledged >= members * 0.8 && pledged < members, `${month}: ${pledged} of ${members} members pledged`);
  }
  const evaluated = all.filter((p) => p.evaluation !== null);
  const done = evaluated.filter((p) => p.evaluation === 'done').length;
  assert.ok(done < evaluated.length * 0.7 && done > evaluated.length * 0.3, `fewer finish: ${done} of ${evaluated.length}`);
  assert.ok(evaluated.every((p) => p.status === 'approved' && p.evaluatedByAccountId !== null));

  const claims = db
    .select({ caseId: caseEvents.caseId, partyMemberId: accounts.partyMemberId, at: caseEvents.at })
    .from(caseEvents)
    .innerJoin(accounts, eq(accounts.id, caseEvents.actorAccountId))
    .where(and(eq(caseEvents.action, 'claim'), sql`${accounts.partyMemberId} is not null`))
    .all()
    // The claims of the twelve months (the requests' year may begin a few days earlier).
    .filter((c) => c.at.getTime() >= Date.parse(`${months[0]}-01T00:00:00+08:00`));
  assert.ok(claims.length > 0);
  const casePledges = new Set(all.filter((p) => p.kind === 'case').map((p) => `${p.caseId}:${p.partyMemberId}`));
  assert.ok(claims.every((c) => casePledges.has(`${c.caseId}:${c.partyMemberId}`)), 'every claim is a pledge');
  assert.ok(all.filter((p) => p.kind === 'case').every((p) => !/\d{11}/.test(p.title)), 'no phone number in a title');

  const october = all.filter((p) => p.month === '2026-10' && p.status === 'approved');
  const open = october.filter((p) => p.evaluation === null);
  assert.ok(open.length > 0 && open.length < october.length / 2, `a few branches left October unevaluated (${open.length} of ${october.length})`);
  const openBranches = new Set(open.map((p) => p.nodePath.split('/').slice(0, 5).join('/')));
  assert.equal(openBranches.size, 2);
  assert.ok(all.some((p) => p.recordedByAccountId !== null), 'some recorded by the secretary');
  assert.ok(all.every((p) => db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.id, p.nodeId)).get()), 'node ids exist');
});

test('the same seed and clock build the same pledges', () => {
  const a = openTestDatabase({ demo: true });
  const b = openTestDatabase({ demo: true });
  try {
    seedDemoPledges(a.db, { now: NOW });
    seedDemoPledges(b.db, { now: NOW });
    const rows = (db: typeof a.db) => JSON.stringify(db.select().from(pledges).orderBy(asc(pledges.id)).all());
    assert.equal(rows(a.db), rows(b.db));
  } finally {
    a.close();
    b.close();
  }
});
