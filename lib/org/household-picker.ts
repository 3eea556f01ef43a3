// Choosing the household a request is about: a short list of matches with residents' names and masked phones.
import { asc, inArray } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { households, persons } from '@/db/tables';
import { maskPhone, type Scope } from '@/lib/auth/scope';
import { searchHouseholds } from './search';

export type HouseholdChoice = {
  id: number;
  /** The building (or rural grid) it is in: picking the household fills in the place too. */
  nodeId: number;
  address: string;
  residents: { name: string; phone: string }[];
};

/** Residents shown per household: enough to recognise it, not a register of the family. */
const RESIDENTS_SHOWN = 4;

/**
 * Matches in `scope` (narrowed by the caller to one building when one is chosen). Phones are
 * masked here, on the server, so full numbers never reach a list on a phone's screen.
 */
export async function pickHouseholds(db: AppDb, scope: Scope, q: string, limit = 8): Promise<HouseholdChoice[]> {
  const hits = await searchHouseholds(db, scope, q, limit);
  if (hits.length === 0) return [];
  const ids = hits.map((h) => h.id);
  const nodes = new Map(
    (await db.select({ id: households.id, nodeId: households.nodeId }).from(households).where(inArray(households.id, ids))).map((r) => [r.id, r.nodeId]),
  );
  const people = await db
    .select({ householdId: persons.householdId, name: persons.name, phone: persons.phone, relation: persons.relation })
    .from(persons)
    .where(inArray(persons.householdId, ids))
    .orderBy(asc(persons.id));
  const byHousehold = new Map<number, typeof people>();
  for (const p of people) if (p.householdId !== null) byHousehold.set(p.householdId, [...(byHousehold.get(p.householdId) ?? []), p]);
  return hits.map((h) => {
    // The person the search matched first, then the head of the household: the names a slip most often gives.
    const rank = (p: (typeof people)[number]) => (p.name === h.matchedName ? 0 : p.relation === 'head' ? 1 : 2);
    const residents = [...(byHousehold.get(h.id) ?? [])].sort((a, b) => rank(a) - rank(b)).slice(0, RESIDENTS_SHOWN);
    return { id: h.id, nodeId: nodes.get(h.id)!, address: h.address, residents: residents.map((p) => ({ name: p.name, phone: maskPhone(p.phone) })) };
  });
}
