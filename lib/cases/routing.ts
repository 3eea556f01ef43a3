// Who a case can be handed to: the grid workers covering it, and the units serving its place.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accountScopes, accounts, categories, orgNodes, units } from '@/db/schema';

export type RoutingOptions = {
  gridWorkers: { id: number; name: string }[];
  coBuildingUnits: { id: number; name: string }[];
  departments: { id: number; name: string }[];
  categories: { id: number; name: string; group: string }[];
};

/** Options for the hand-over forms of one case; the lifecycle re-checks every target anyway. */
export function routingOptions(db: DB, nodePath: string): RoutingOptions {
  const gridWorkers = db
    .selectDistinct({ id: accounts.id, name: accounts.displayName })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true), sql`${nodePath} LIKE ${orgNodes.path} || '%'`))
    .orderBy(asc(accounts.username))
    .all();
  const serving = db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(and(eq(units.active, true), sql`${nodePath} LIKE ${units.nodePath} || '%'`))
    .orderBy(asc(units.kind), asc(units.id))
    .all();
  const activeCategories = db
    .select({ id: categories.id, name: categories.name, group: categories.group })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.id))
    .all();
  return {
    gridWorkers,
    coBuildingUnits: serving.filter((u) => u.kind === 'co_building').map(({ id, name }) => ({ id, name })),
    departments: serving.filter((u) => u.kind === 'department').map(({ id, name }) => ({ id, name })),
    categories: activeCategories,
  };
}
