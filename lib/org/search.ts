// Finding a household in scope by address (building/unit/room) or by a resident's name or phone.
import { and, asc, eq, like, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ascNullsFirst } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import { households, persons } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';

export const householdSearchSchema = z.object({
  q: z
    .string()
    .trim()
    .min(1, '请输入楼栋房号、姓名或手机号')
    .max(40, '搜索内容不超过 40 个字')
    // LIKE wildcards typed by a user are taken literally by escaping below; other text is fine.
    .transform((s) => s.replace(/\s+/g, ' ')),
});

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export type HouseholdSearchHit = { id: number; address: string; size: number; matchedName: string | null };

/** At most `limit` households; every space-separated term must match the address or a resident. */
export async function searchHouseholds(db: AppDb, scope: Scope, q: string, limit = 20): Promise<HouseholdSearchHit[]> {
  const terms = q.split(' ').filter(Boolean).slice(0, 4);
  const termConditions = terms.map((term) => {
    const pattern = `%${escapeLike(term)}%`;
    return or(
      sql`${households.address} LIKE ${pattern} ESCAPE '\\'`,
      sql`${persons.name} LIKE ${pattern} ESCAPE '\\'`,
      /^\d{4,11}$/.test(term) ? like(persons.phone, `%${term}`) : undefined,
    );
  });
  // matchedName: one of the residents the terms matched (when they matched a name; any resident when only the address
  // matched), as an aggregate so that the grouping is valid SQL on PostgreSQL too.
  return await db
    .select({ id: households.id, address: households.address, size: households.size, matchedName: sql<string | null>`min(${persons.name})` })
    .from(households)
    .leftJoin(persons, eq(persons.householdId, households.id))
    .where(and(withinScope(households.nodePath, scope), ...termConditions))
    .groupBy(households.id, households.address, households.size, households.nodeId, households.unit, households.room)
    .orderBy(asc(households.nodeId), ascNullsFirst(households.unit), ascNullsFirst(households.room), asc(households.id))
    .limit(limit);
}
