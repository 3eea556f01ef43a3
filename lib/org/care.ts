// Households needing care (关爱对象), counted by tag within a scope; 80岁以上 is computed from dates of birth on the day asked.
import { and, count, countDistinct, eq } from 'drizzle-orm';
import { CARE_TAGS, type CareTag } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { householdCareTags, households, persons } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScopeRange } from '@/lib/auth/scope-sql';
import { countedHousehold, ELDERLY_TAG, isElderlyResident, registerDay } from '@/lib/registry/elderly';

/** The households of each care tag within `scope`. */
export async function countCareTags(db: AppDb, scope: Scope, today = registerDay()): Promise<Record<CareTag, number>> {
  const rows = await db
    .select({ tag: householdCareTags.tag, value: count() })
    .from(householdCareTags)
    .innerJoin(households, eq(households.id, householdCareTags.householdId))
    .where(and(withinScopeRange(households.nodePath, scope), countedHousehold()))
    .groupBy(householdCareTags.tag);
  const result = Object.fromEntries(CARE_TAGS.map((t) => [t, 0])) as Record<CareTag, number>;
  for (const r of rows) if (r.tag !== ELDERLY_TAG) result[r.tag] = r.value;
  const [elderly] = await db
    .select({ value: countDistinct(persons.householdId) })
    .from(persons)
    .innerJoin(households, eq(households.id, persons.householdId))
    .where(and(withinScopeRange(households.nodePath, scope), countedHousehold(), isElderlyResident(today)));
  result[ELDERLY_TAG] = elderly?.value ?? 0;
  return result;
}
