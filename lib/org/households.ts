// Reads of one household record: its people, care tags and central-household ties.
import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { centralHouseholdLinks, centralHouseholds, householdCareTags, households, orgNodes, partyMembers, persons } from '@/db/schema';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { getAncestors } from './queries';

function centralOf(db: DB, centralId: number) {
  return db
    .select({ id: centralHouseholds.id, householdId: households.id, address: households.address, memberName: persons.name })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .innerJoin(partyMembers, eq(partyMembers.id, centralHouseholds.partyMemberId))
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(eq(centralHouseholds.id, centralId))
    .get();
}

/** One household the scope covers, or null (the caller answers "not found"). */
export function getHousehold(db: DB, scope: Scope, householdId: number) {
  const household = db
    .select()
    .from(households)
    .where(and(eq(households.id, householdId), withinScope(households.nodePath, scope)))
    .get();
  if (!household) return null;
  const node = db.select().from(orgNodes).where(eq(orgNodes.id, household.nodeId)).get()!;
  const members = db
    .select({
      id: persons.id,
      name: persons.name,
      phone: persons.phone,
      gender: persons.gender,
      birthDate: persons.birthDate,
      relation: persons.relation,
      partyMemberKind: partyMembers.kind,
    })
    .from(persons)
    .leftJoin(partyMembers, eq(partyMembers.personId, persons.id))
    .where(eq(persons.householdId, household.id))
    .orderBy(asc(persons.id))
    .all();
  const tags = db
    .select({ tag: householdCareTags.tag })
    .from(householdCareTags)
    .where(eq(householdCareTags.householdId, household.id))
    .all()
    .map((t) => t.tag);
  const link = db
    .select({ centralId: centralHouseholdLinks.centralHouseholdId })
    .from(centralHouseholdLinks)
    .where(eq(centralHouseholdLinks.householdId, household.id))
    .get();
  const ownCentral = db.select({ id: centralHouseholds.id }).from(centralHouseholds).where(eq(centralHouseholds.householdId, household.id)).get();
  const looksAfter = ownCentral
    ? db
        .select({ householdId: households.id, address: households.address })
        .from(centralHouseholdLinks)
        .innerJoin(households, eq(households.id, centralHouseholdLinks.householdId))
        .where(eq(centralHouseholdLinks.centralHouseholdId, ownCentral.id))
        .orderBy(asc(households.unit), asc(households.room))
        .all()
    : null;
  return {
    household,
    node,
    ancestors: getAncestors(db, node),
    members,
    tags,
    lookedAfterBy: link ? (centralOf(db, link.centralId) ?? null) : null,
    looksAfter,
  };
}
