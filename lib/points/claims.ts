// Points for party members' resolved claims (党员认领办结): when the rules give them, the member's household is credited
// once per case. A background job (lib/jobs/scheduler.ts) sweeps recently resolved claims, so the case commands stay
// untouched and a claim is credited within minutes; the ledger's unique source keeps it to once.
import { and, asc, eq, gte, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Store } from '@/db/store';
import { accounts, cases, partyMembers, persons, pointEntries } from '@/db/tables';
import { getRules } from './rules';

/** How far back a sweep looks: a server that was down for days still credits what was resolved meanwhile. */
export const CLAIM_SWEEP_WINDOW_MS = 7 * 24 * 3_600_000;

/** Credits the claims resolved since `since` (default: the window before `now`) that have no entry yet; returns how many. */
export async function creditResolvedClaims(store: Store, now = new Date(), { since, limit = 1000 }: { since?: Date; limit?: number } = {}): Promise<number> {
  return store.write(async (tx) => {
    const points = (await getRules(tx)).claim;
    if (points <= 0) return 0;
    const due = await tx
      .select({ caseId: cases.id, number: cases.number, accountId: cases.handlerAccountId, householdId: persons.householdId, resolvedAt: cases.resolvedAt })
      .from(cases)
      .innerJoin(accounts, eq(accounts.id, cases.handlerAccountId))
      .innerJoin(partyMembers, eq(partyMembers.id, accounts.partyMemberId))
      .innerJoin(persons, eq(persons.id, partyMembers.personId))
      .leftJoin(pointEntries, and(eq(pointEntries.kind, 'claim'), eq(pointEntries.sourceId, cases.id)))
      .where(
        and(
          eq(cases.handlerKind, 'party_member'),
          inArray(cases.status, ['resolved', 'closed']),
          gte(cases.resolvedAt, since ?? new Date(now.getTime() - CLAIM_SWEEP_WINDOW_MS)),
          isNotNull(persons.householdId),
          isNull(pointEntries.id),
        ),
      )
      .orderBy(asc(cases.id))
      .limit(limit);
    let credited = 0;
    for (const c of due) {
      const inserted = await tx
        .insert(pointEntries)
        .values({ householdId: c.householdId!, kind: 'claim', sourceId: c.caseId, points, reason: `认领事项 ${c.number} 已办结`, accountId: c.accountId!, createdAt: c.resolvedAt ?? now })
        .onConflictDoNothing()
        .returning({ id: pointEntries.id });
      credited += inserted.length;
    }
    return credited;
  });
}
