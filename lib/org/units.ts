// A co-building unit's or department's own view: itself and its members registered in communities.
import { asc, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { orgNodes, partyMembers, persons, units } from '@/db/schema';

export function getUnitHome(db: DB, unitId: number) {
  const unit = db
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
    .get();
  if (!unit) return null;
  const members = db
    .select({ id: partyMembers.id, name: persons.name, servesAt: orgNodes.name })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .innerJoin(orgNodes, eq(orgNodes.id, partyMembers.nodeId))
    .where(eq(partyMembers.unitId, unitId))
    .orderBy(asc(persons.name))
    .all();
  return { unit, members };
}
