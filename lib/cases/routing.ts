// Who a case can be handed to: the grid workers covering it, and the units serving its place.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { accountScopes, accounts, categories, orgNodes, units } from '@/db/tables';

export type RoutingOptions = {
  gridWorkers: { id: number; name: string }[];
  coBuildingUnits: { id: number; name: string }[];
  departments: { id: number; name: string }[];
  categories: { id: number; name: string; group: string }[];
};

/** Options for the hand-over forms of one case; the lifecycle re-checks every target anyway. */
export async function routingOptions(db: AppDb, nodePath: string): Promise<RoutingOptions> {
  // The order's columns are selected too: PostgreSQL sorts a DISTINCT only by what it returns.
  const workers = await db
    .selectDistinct({ id: accounts.id, name: accounts.displayName, username: accounts.username })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true), sql`${nodePath} LIKE ${orgNodes.path} || '%'`))
    .orderBy(asc(accounts.username), asc(accounts.id));
  const serving = await db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(and(eq(units.active, true), sql`${nodePath} LIKE ${units.nodePath} || '%'`))
    .orderBy(asc(units.kind), asc(units.id));
  const activeCategories = await db
    .select({ id: categories.id, name: categories.name, group: categories.group })
    .from(categories)
    .where(eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.id));
  return {
    gridWorkers: workers.map(({ id, name }) => ({ id, name })),
    coBuildingUnits: serving.filter((u) => u.kind === 'co_building').map(({ id, name }) => ({ id, name })),
    departments: serving.filter((u) => u.kind === 'department').map(({ id, name }) => ({ id, name })),
    categories: activeCategories,
  };
}
