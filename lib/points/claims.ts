// Points for party members' resolved claims (党员认领办结): when the rules give them, the member's household is credited
// once per case. A background job (lib/jobs/scheduler.ts) sweeps recently resolved claims, so the case commands stay
// untouched and a claim is credited within minutes; the ledger's unique source keeps it to once.
import { and, gte, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { atMs, epochMs, indexedBy, rawRows } from '@/db/dialect';
import type { Store } from '@/db/store';
import { accounts, cases, partyMembers, persons, pointEntries } from '@/db/tables';
import { nextTurn } from '@/lib/jobs/yield';
import { getRules } from './rules';

/** How far back a sweep looks: a server that was down for days still credits what was resolved meanwhile. */
export const CLAIM_SWEEP_WINDOW_MS = 7 * 24 * 3_600_000;

/** Claims credited per write: one batch is a short synchronous slice of the event loop on SQLite. */
const BATCH = 100;

/**
 * Party members' cases, the very condition of cases_claim_resolved_idx (db/schema.ts): a literal, not a bound
 * parameter, so that SQLite and PostgreSQL see that the partial index covers the query.
 */
export const PARTY_MEMBER_HANDLED = sql`${cases.handlerKind} = 'party_member'`;

/**
 * The cases table read through that index: SQLite's planner otherwise walks every resolved and closed case of the
 * database by cases_status_path_idx (a county's million, 3.9 s) to find the last days' claims.
 */
const CLAIM_CASES = indexedBy(cases, 'cases_claim_resolved_idx');

type DueClaim = { caseId: number; number: string; accountId: number; householdId: number; resolvedMs: number | string };

/** Where a sweep goes on: after the claim resolved at `resolvedMs` with id `caseId` (the index's order). */
type Place = { resolvedMs: number; caseId: number };

/**
 * One batch of resolved claims without an entry yet, from `since` (or after `after`), in the order of the index
 * (when resolved, then the id), so a batch reads its own stretch of the index and stops. Hand-written around the
 * hint (drizzle's select builder takes no index hint), of drizzle's own columns and conditions.
 */
export function dueClaimsQuery(since: Date, after: Place | null, limit: number): SQL {
  const from = after ? sql`${cases.resolvedAt} >= ${atMs(after.resolvedMs)} and (${cases.resolvedAt} > ${atMs(after.resolvedMs)} or ${cases.id} > ${after.caseId})` : gte(cases.resolvedAt, since);
  // Not yet credited: checked on the case itself, before its member is looked up (a sweep's window is mostly
  // claims credited by the runs before).
  const uncredited = sql`not exists (select 1 from ${pointEntries} where ${pointEntries.kind} = 'claim' and ${pointEntries.sourceId} = ${cases.id})`;
  const where = and(PARTY_MEMBER_HANDLED, from, inArray(cases.status, ['resolved', 'closed']), uncredited, isNotNull(persons.householdId));
  return sql`select ${cases.id} as "caseId", ${cases.number} as "number", ${cases.handlerAccountId} as "accountId", ${persons.householdId} as "householdId", ${epochMs(cases.resolvedAt)} as "resolvedMs"
    from ${CLAIM_CASES}
    inner join ${accounts} on ${accounts.id} = ${cases.handlerAccountId}
    inner join ${partyMembers} on ${partyMembers.id} = ${accounts.partyMemberId}
    inner join ${persons} on ${persons.id} = ${partyMembers.personId}
    where ${where}
    order by ${cases.resolvedAt}, ${cases.id}
    limit ${limit}`;
}

/**
 * Credits the claims resolved since `since` (default: the window before `now`) that have no entry yet; returns how
 * many. In batches of `batch` claims, one write each, with the event loop given back between them.
 */
export async function creditResolvedClaims(store: Store, now = new Date(), { since, batch = BATCH }: { since?: Date; batch?: number } = {}): Promise<number> {
  const from = since ?? new Date(now.getTime() - CLAIM_SWEEP_WINDOW_MS);
  let credited = 0;
  let after: Place | null = null;
  for (;;) {
    const { count, last, more } = await store.write(async (tx) => {
      const points = (await getRules(tx)).claim;
      if (points <= 0) return { count: 0, last: null, more: false };
      const due = await rawRows<DueClaim>(tx, dueClaimsQuery(from, after, batch));
      // One statement for the batch; a claim credited meanwhile (the unique source) is skipped, not counted.
      const inserted =
        due.length === 0
          ? []
          : await tx
              .insert(pointEntries)
              .values(due.map((c) => ({ householdId: Number(c.householdId), kind: 'claim' as const, sourceId: Number(c.caseId), points, reason: `认领事项 ${c.number} 已办结`, accountId: Number(c.accountId), createdAt: new Date(Number(c.resolvedMs)) })))
              .onConflictDoNothing()
              .returning({ id: pointEntries.id });
      const end = due.at(-1);
      return { count: inserted.length, last: end ? { resolvedMs: Number(end.resolvedMs), caseId: Number(end.caseId) } : null, more: due.length === batch };
    });
    credited += count;
    if (!more || !last) return credited;
    after = last;
    await nextTurn();
  }
}
