// The choices offered by the queue's filter bar and bulk actions, limited to the viewer's scope.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accountScopes, accounts, categories, orgNodes, units } from '@/db/schema';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';

export type QueueOptions = {
  grids: { id: number; name: string; communityName: string | null }[];
  buildings: { id: number; name: string; gridId: number }[];
  handlers: { id: number; name: string; role: 'grid_worker' | 'party_member' }[];
  /** Grid workers with the ids of the grids they cover, for "派给网格员". */
  gridWorkers: { id: number; name: string; gridIds: number[] }[];
  units: { id: number; name: string; kind: 'co_building' | 'department' }[];
  categories: { id: number; name: string; active: boolean }[];
};

export function queueOptions(db: DB, scope: Scope): QueueOptions {
  const nodes = db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, parentId: orgNodes.parentId, path: orgNodes.path })
    .from(orgNodes)
    .where(and(inArray(orgNodes.kind, ['community', 'grid', 'building']), withinScope(orgNodes.path, scope)))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id))
    .all();
  const communityName = new Map(nodes.filter((n) => n.kind === 'community').map((n) => [n.id, n.name]));
  const grids = nodes.filter((n) => n.kind === 'grid').map((g) => ({ id: g.id, name: g.name, communityName: communityName.get(g.parentId ?? 0) ?? null }));
  const buildings = nodes.filter((n) => n.kind === 'building' && n.parentId !== null).map((b) => ({ id: b.id, name: b.name, gridId: b.parentId! }));

  // Accounts that work inside the scope: the node they act for lies within it.
  const staff = db
    .select({ id: accounts.id, name: accounts.displayName, role: accounts.role, nodeId: orgNodes.id, nodeKind: orgNodes.kind, nodePath: orgNodes.path })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(inArray(accounts.role, ['grid_worker', 'party_member']), eq(accounts.active, true), withinScope(orgNodes.path, scope)))
    .orderBy(asc(accounts.role), asc(accounts.username))
    .all();
  const pathOf = new Map(nodes.map((n) => [n.id, n.path]));
  const handlers = new Map<number, QueueOptions['handlers'][number]>();
  const workers = new Map<number, QueueOptions['gridWorkers'][number]>();
  for (const s of staff) {
    handlers.set(s.id, { id: s.id, name: s.name, role: s.role as 'grid_worker' | 'party_member' });
    if (s.role !== 'grid_worker') continue;
    const w = workers.get(s.id) ?? { id: s.id, name: s.name, gridIds: [] };
    // A worker covering a whole community covers each of its grids.
    for (const g of grids) if (pathOf.get(g.id)!.startsWith(s.nodePath)) w.gridIds.push(g.id);
    workers.set(s.id, w);
  }

  // Units serving the scope (a department serves the county above) or placed inside it.
  const paths = scope.paths;
  const unitRows =
    paths.length === 0
      ? []
      : db
          .select({ id: units.id, name: units.name, kind: units.kind })
          .from(units)
          .where(or(...paths.map((p) => sql`(${p} LIKE ${units.nodePath} || '%' OR ${units.nodePath} LIKE ${p} || '%')`)))
          .orderBy(asc(units.kind), asc(units.id))
          .all();

  const categoryRows = db
    .select({ id: categories.id, name: categories.name, active: categories.active })
    .from(categories)
    .orderBy(asc(categories.sortOrder), asc(categories.id))
    .all();

  return { grids, buildings, handlers: [...handlers.values()], gridWorkers: [...workers.values()], units: unitRows, categories: categoryRows };
}
