// A party member's own view: where they serve and the households their central household looks after.
import { asc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { centralHouseholdLinks, centralHouseholds, householdCareTags, households, orgNodes, partyMembers, persons } from '@/db/schema';

export function getPartyMemberHome(db: DB, partyMemberId: number) {
  const member = db
    .select({
      id: partyMembers.id,
      name: persons.name,
      kind: partyMembers.kind,
      workplace: partyMembers.workplace,
      registeredOn: partyMembers.registeredOn,
      nodeName: orgNodes.name,
      nodePath: orgNodes.path,
    })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .innerJoin(orgNodes, eq(orgNodes.id, partyMembers.nodeId))
    .where(eq(partyMembers.id, partyMemberId))
    .get();
  if (!member) return null;
  const central = db
    .select({ id: centralHouseholds.id, address: households.address })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .where(eq(centralHouseholds.partyMemberId, partyMemberId))
    .get();
  if (!central) return { member, central: null };
  const linked = db
    .select({ householdId: households.id, address: households.address, size: households.size })
    .from(centralHouseholdLinks)
    .innerJoin(households, eq(households.id, centralHouseholdLinks.householdId))
    .where(eq(centralHouseholdLinks.centralHouseholdId, central.id))
    .orderBy(asc(households.unit), asc(households.room))
    .all();
  const tagRows = db
    .select({ householdId: householdCareTags.householdId, tag: householdCareTags.tag })
    .from(householdCareTags)
    .innerJoin(centralHouseholdLinks, eq(centralHouseholdLinks.householdId, householdCareTags.householdId))
    .where(eq(centralHouseholdLinks.centralHouseholdId, central.id))
    .all();
  const tags = new Map<number, string[]>();
  for (const t of tagRows) tags.set(t.householdId, [...(tags.get(t.householdId) ?? []), t.tag]);
  return { member, central: { ...central, looksAfter: linked.map((h) => ({ ...h, tags: tags.get(h.householdId) ?? [] })) } };
}
