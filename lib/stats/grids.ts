// The grids a scope covers, with their community and township: the rows of "by grid" and the choices of the grid picker.
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AppDb } from '@/db/store';
import { orgNodes } from '@/db/tables';
import { withinScope } from '@/lib/auth/scope-sql';
import type { Scope } from '@/lib/auth/scope';

export type GridChoice = { id: number; name: string; communityId: number; communityName: string; townshipId: number | null; townshipName: string | null };

const community = alias(orgNodes, 'community');
const township = alias(orgNodes, 'township');

/** In tree order: community by community, each in its own grid order. */
export async function gridsInScope(db: AppDb, scope: Scope, onlyGridId?: number): Promise<GridChoice[]> {
  const only: SQL | undefined = onlyGridId === undefined ? undefined : eq(orgNodes.id, onlyGridId);
  return await db
    .select({
      id: orgNodes.id,
      name: orgNodes.name,
      communityId: community.id,
      communityName: community.name,
      townshipId: township.id,
      townshipName: township.name,
    })
    .from(orgNodes)
    .innerJoin(community, eq(community.id, orgNodes.parentId))
    .leftJoin(township, and(eq(township.id, community.parentId), eq(township.kind, 'township')))
    .where(and(eq(orgNodes.kind, 'grid'), withinScope(orgNodes.path, scope), only))
    .orderBy(asc(community.sortOrder), asc(community.id), asc(orgNodes.sortOrder), asc(orgNodes.id));
}
