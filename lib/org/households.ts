// Reads of one household record: its people, care tags and central-household ties.
import { and, asc, eq } from 'drizzle-orm';
import { ascNullsFirst } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import { centralHouseholdLinks, centralHouseholds, householdCareTags, households, orgNodes, partyMembers, persons } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { elderlyHouseholdIds, ELDERLY_TAG, registerDay } from '@/lib/registry/elderly';
import { maskIdNumber } from '@/lib/registry/identity';
import { getAncestors } from './queries';

async function centralOf(db: AppDb, centralId: number) {
  const [central] = await db
    .select({ id: centralHouseholds.id, householdId: households.id, address: households.address, memberName: persons.name })
    .from(centralHouseholds)
    .innerJoin(households, eq(households.id, centralHouseholds.householdId))
    .innerJoin(partyMembers, eq(partyMembers.id, centralHouseholds.partyMemberId))
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(eq(centralHouseholds.id, centralId))
    .limit(1);
  return central;
}

/**
 * One household the scope covers, or null (the caller answers "not found"). ID numbers leave
 * this function masked unless `revealIdNumbers` (the administrator), so a full number never
 * reaches another role's page. Tags carry 80岁以上 when a resident is 80 or more on `today`.
 */
export async function getHousehold(db: AppDb, scope: Scope, householdId: number, opts: { revealIdNumbers?: boolean; today?: string } = {}) {
  const [household] = await db
    .select()
    .from(households)
    .where(and(eq(households.id, householdId), withinScope(households.nodePath, scope)))
    .limit(1);
  if (!household) return null;
  const [node] = await db.select().from(orgNodes).where(eq(orgNodes.id, household.nodeId)).limit(1);
  const members = (
    await db
    .select({
      id: persons.id,
      name: persons.name,
      phone: persons.phone,
      gender: persons.gender,
      birthDate: persons.birthDate,
      idNumber: persons.idNumber,
      relation: persons.relation,
      status: persons.status,
      movedInOn: persons.movedInOn,
      statusSince: persons.statusSince,
      partyMemberId: partyMembers.id,
      partyMemberKind: partyMembers.kind,
      partyMemberStatus: partyMembers.status,
    })
    .from(persons)
    .leftJoin(partyMembers, eq(partyMembers.personId, persons.id))
    .where(eq(persons.householdId, household.id))
    .orderBy(asc(persons.id))
  ).map((m) => ({ ...m, idNumber: m.idNumber && !opts.revealIdNumbers ? maskIdNumber(m.idNumber) : m.idNumber }));
  const careTags = (
    await db
      .select({ tag: householdCareTags.tag, since: householdCareTags.since, note: householdCareTags.note })
      .from(householdCareTags)
      .where(eq(householdCareTags.householdId, household.id))
      .orderBy(asc(householdCareTags.tag))
  ).filter((t) => t.tag !== ELDERLY_TAG);
  const elderly = (await elderlyHouseholdIds(db, [household.id], opts.today ?? registerDay())).has(household.id);
  const tags = [...(elderly ? [ELDERLY_TAG] : []), ...careTags.map((t) => t.tag)];
  const [link] = await db
    .select({ centralId: centralHouseholdLinks.centralHouseholdId })
    .from(centralHouseholdLinks)
    .where(eq(centralHouseholdLinks.householdId, household.id))
    .limit(1);
  const [ownCentral] = await db.select({ id: centralHouseholds.id }).from(centralHouseholds).where(eq(centralHouseholds.householdId, household.id)).limit(1);
  const looksAfter = ownCentral
    ? await db
        .select({ householdId: households.id, address: households.address })
        .from(centralHouseholdLinks)
        .innerJoin(households, eq(households.id, centralHouseholdLinks.householdId))
        .where(eq(centralHouseholdLinks.centralHouseholdId, ownCentral.id))
        .orderBy(ascNullsFirst(households.unit), ascNullsFirst(households.room), asc(households.id))
    : null;
  return {
    household,
    node: node!,
    ancestors: await getAncestors(db, node!),
    members,
    tags,
    careTags,
    lookedAfterBy: link ? ((await centralOf(db, link.centralId)) ?? null) : null,
    looksAfter,
  };
}
