// A party member's own view: where they serve and the households their central household looks after.
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { ascNullsFirst } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import { centralHouseholdLinks, centralHouseholds, householdCareTags, households, orgNodes, partyMembers, persons } from '@/db/tables';
import { elderlyHouseholdIds, registerDay, withElderlyTag } from '@/lib/registry/elderly';

export async function getPartyMemberHome(db: AppDb, partyMemberId: number, today = registerDay()) {
  const [member] = await db
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
    .limit(1);
  if (!member) return null;
  const [central] = await db
    .select({ id: centralHouseholds.id, address: households.address })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .where(eq(centralHouseholds.partyMemberId, partyMemberId))
    .limit(1);
  if (!central) return { member, central: null };
  const linked = await db
    .select({ householdId: households.id, address: households.address, size: households.size })
    .from(centralHouseholdLinks)
    .innerJoin(households, eq(households.id, centralHouseholdLinks.householdId))
    .where(eq(centralHouseholdLinks.centralHouseholdId, central.id))
    .orderBy(ascNullsFirst(households.unit), ascNullsFirst(households.room), asc(households.id));
  const tagRows = await db
    .select({ householdId: householdCareTags.householdId, tag: householdCareTags.tag })
    .from(householdCareTags)
    .innerJoin(centralHouseholdLinks, eq(centralHouseholdLinks.householdId, householdCareTags.householdId))
    .where(eq(centralHouseholdLinks.centralHouseholdId, central.id));
  const tags = new Map<number, string[]>();
  for (const t of tagRows) tags.set(t.householdId, [...(tags.get(t.householdId) ?? []), t.tag]);
  // Whom to call in each household: the head when they have a phone, else the first who has one.
  const contacts = new Map<number, { name: string; phone: string }>();
  const ids = linked.map((h) => h.householdId);
  if (ids.length > 0) {
    const rows = await db
      .select({ householdId: persons.householdId, name: persons.name, phone: persons.phone })
      .from(persons)
      .where(and(inArray(persons.householdId, ids), isNotNull(persons.phone)))
      .orderBy(desc(sql`${persons.relation} = 'head'`), asc(persons.id));
    for (const r of rows) if (r.householdId !== null && r.phone && !contacts.has(r.householdId)) contacts.set(r.householdId, { name: r.name, phone: r.phone });
  }
  const elderly = await elderlyHouseholdIds(db, ids, today);
  // Those needing care first: they are who a central household checks on most.
  const looksAfter = linked
    .map((h) => ({ ...h, tags: withElderlyTag(tags.get(h.householdId) ?? [], elderly.has(h.householdId)), contact: contacts.get(h.householdId) ?? null }))
    .sort((a, b) => Number(b.tags.length > 0) - Number(a.tags.length > 0));
  return { member, central: { ...central, looksAfter } };
}
