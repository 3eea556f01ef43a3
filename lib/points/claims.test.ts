// The claim-points sweep on the engine of this test process: it reads party members' claims through their partial
// index (a county holds a million cases; walking every finished one took 3.9 s per run), and crediting in small
// batches credits exactly the claims a single pass over all of them finds, each once, dated when it was resolved.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { rawRows } from '@/db/dialect';
import { registerTestStore } from '@/db/store-testing';
import { accounts, cases, partyMembers, persons, pointEntries } from '@/db/tables';
import { creditResolvedClaims, dueClaimsQuery } from './claims';
import { getRules } from './rules';

const storeFor = registerTestStore({ demo: true, cases: 300 });
const NOW = new Date('2026-11-20T02:00:00Z');

describe('the claim-points sweep', () => {
  it('reads the claims through cases_claim_resolved_idx, not by walking the finished cases', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const since = new Date(NOW.getTime() - 7 * 86_400_000);
    // The first batch of a sweep, and a later one that goes on after the last claim of the one before.
    for (const query of [dueClaimsQuery(since, null, 100), dueClaimsQuery(since, { resolvedMs: NOW.getTime() - 86_400_000, caseId: 5 }, 100)]) {
      if (store.engine === 'sqlite') {
        const plan = (await rawRows<{ detail: string }>(store.db, sql`explain query plan ${query}`)).map((r) => r.detail);
        assert.ok(plan.some((d) => /^SEARCH cases USING INDEX cases_claim_resolved_idx \(resolved_at>\?\)/.test(d)), plan.join('\n'));
        assert.ok(!plan.some((d) => /^SCAN cases\b|cases_status/.test(d)), plan.join('\n'));
        // In the index's order: a batch stops after its rows instead of sorting the whole window's.
        assert.ok(!plan.some((d) => d.includes('TEMP B-TREE')), plan.join('\n'));
      } else {
        // The demo's tables are small enough for PostgreSQL to read whole; without that option left, the plan
        // shows that the query's form lets the partial index serve it (the query implies the index's condition).
        const plan = await store.write(async (tx) => {
          await rawRows(tx, sql`set local enable_seqscan = off`);
          return (await rawRows<{ 'QUERY PLAN': string }>(tx, sql`explain ${query}`)).map((r) => r['QUERY PLAN']);
        });
        assert.ok(plan.some((l) => /(Index|Index Only|Bitmap Index) Scan (using|on) cases_claim_resolved_idx/.test(l)), plan.join('\n'));
      }
    }
  });

  it('credits in batches exactly the claims one pass finds, once each, dated when they were resolved', async (t) => {
    const store = storeFor(t);
    if (!store) return;
    const db = store.db;
    // What the sweep must credit, by a plain query of its own: every party member's resolved or closed case whose
    // member's person has a household.
    const expected = await db
      .select({ caseId: cases.id, householdId: persons.householdId, resolvedAt: cases.resolvedAt, accountId: cases.handlerAccountId })
      .from(cases)
      .innerJoin(accounts, eq(accounts.id, cases.handlerAccountId))
      .innerJoin(partyMembers, eq(partyMembers.id, accounts.partyMemberId))
      .innerJoin(persons, eq(persons.id, partyMembers.personId))
      .where(and(eq(cases.handlerKind, 'party_member'), inArray(cases.status, ['resolved', 'closed']), isNotNull(cases.resolvedAt), isNotNull(persons.householdId)))
      .orderBy(asc(cases.id));
    assert.ok(expected.length >= 5, `the demo has resolved claims (${expected.length})`);
    const points = (await getRules(db)).claim;
    assert.ok(points > 0);

    // The window first: since the middle claim's resolution, only the claims resolved from then on.
    const middle = [...expected].sort((a, b) => a.resolvedAt!.getTime() - b.resolvedAt!.getTime())[Math.floor(expected.length / 2)]!.resolvedAt!;
    const recent = expected.filter((c) => c.resolvedAt!.getTime() >= middle.getTime());
    assert.ok(recent.length > 0 && recent.length < expected.length);
    assert.equal(await creditResolvedClaims(store, NOW, { since: middle, batch: 2 }), recent.length);

    // Then all of them, in batches of 2: many writes, the keyset carried from one to the next; the recent ones once.
    assert.equal(await creditResolvedClaims(store, NOW, { since: new Date(0), batch: 2 }), expected.length - recent.length);
    const entries = await db
      .select({ caseId: pointEntries.sourceId, householdId: pointEntries.householdId, points: pointEntries.points, createdAt: pointEntries.createdAt, accountId: pointEntries.accountId })
      .from(pointEntries)
      .where(eq(pointEntries.kind, 'claim'))
      .orderBy(asc(pointEntries.sourceId));
    assert.deepEqual(
      entries,
      expected.map((c) => ({ caseId: c.caseId, householdId: c.householdId, points, createdAt: c.resolvedAt, accountId: c.accountId })),
    );
    assert.equal(await creditResolvedClaims(store, NOW, { since: new Date(0), batch: 2 }), 0, 'once');
    // One batch as large as them all finds nothing more either.
    assert.equal(await creditResolvedClaims(store, NOW, { since: new Date(0), batch: 10_000 }), 0);
  });
});
