// A co-building unit's or department's own view: itself and its members registered in communities.
import { asc, eq } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { orgNodes, partyMembers, persons, units } from '@/db/tables';

export async function getUnitHome(db: AppDb, unitId: number) {
  const [unit] = await db
    .select({
      id: units.id,
      kind: units.kind,
      name: units.name,
      partyOrgName: units.partyOrgName,
      contactName: units.contactName,
      nodeName: orgNodes.name,
    })
    .from(units)
    .innerJoin(orgNodes, eq(orgNodes.id, units.nodeId))
    .where(eq(units.id, unitId))
    .limit(1);
  if (!unit) return null;
  const members = await db
    .select({ id: partyMembers.id, name: persons.name, servesAt: orgNodes.name })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .innerJoin(orgNodes, eq(orgNodes.id, partyMembers.nodeId))
    .where(eq(partyMembers.unitId, unitId))
    // By name, then id: the same order on both engines when two members share a name.
    .orderBy(asc(persons.name), asc(partyMembers.id));
  return { unit, members };
}
