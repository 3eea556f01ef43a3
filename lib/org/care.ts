// Households needing care (关爱对象), counted by tag within a scope.
import { countDistinct, eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { CARE_TAGS, householdCareTags, households, type CareTag } from '@/db/schema';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';

export function careTagCounts(db: DB, scope: Scope): Record<CareTag, number> {
  const rows = db
    .select({ tag: householdCareTags.tag, value: countDistinct(householdCareTags.householdId) })
    .from(householdCareTags)
    .innerJoin(households, eq(households.id, householdCareTags.householdId))
    .where(withinScope(households.nodePath, scope))
    .groupBy(householdCareTags.tag)
    .all();
  const result = Object.fromEntries(CARE_TAGS.map((t) => [t, 0])) as Record<CareTag, number>;
  for (const r of rows) result[r.tag] = r.value;
  return result;
}
