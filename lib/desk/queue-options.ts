// The choices offered by the queue's filter bar and bulk actions, limited to the viewer's scope.
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { EVERYTHING, NOTHING } from '@/db/dialect';
import type { AppDb } from '@/db/store';
import { accountScopes, accounts, categories, orgNodes, units } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { prefixEnd, withinScopeRange } from '@/lib/auth/scope-sql';

export type QueueOptions = {
  grids: { id: number; name: string; communityName: string | null }[];
  buildings: { id: number; name: string; gridId: number }[];
  handlers: { id: number; name: string; role: 'grid_worker' | 'party_member' }[];
  /**
   * True when the scope has more buildings (or handlers) than a list can usefully offer (a county has ~1,600
   * buildings and ~3,400 party members and grid workers): they are listed only for the chosen grid.
   */
  buildingsNeedGrid: boolean;
  handlersNeedGrid: boolean;
  /** Grid workers with the ids of the grids they cover, for "派给网格员". */
  gridWorkers: { id: number; name: string; gridIds: number[] }[];
  units: { id: number; name: string; kind: 'co_building' | 'department' }[];
  categories: { id: number; name: string; active: boolean }[];
};

/** Longer lists than this are offered grid by grid: a select of thousands helps nobody and weighs the page. */
export const LONG_LIST = 300;
/** The same limit on a phone, where a long select is hard to use and weighs a page on a slow device. */
export const PHONE_LONG_LIST = 40;

/** What the filter bar has chosen already: the grid narrows long lists, a chosen building or handler is always offered. */
export type QueueOptionChoices = { gridId?: number; buildingId?: number; handlerId?: number };

export async function queueOptions(db: AppDb, scope: Scope, chosen: QueueOptionChoices = {}, longList: number = LONG_LIST): Promise<QueueOptions> {
  const areas = await db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, parentId: orgNodes.parentId, path: orgNodes.path })
    .from(orgNodes)
    .where(and(inArray(orgNodes.kind, ['community', 'grid']), withinScopeRange(orgNodes.path, scope)))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id));
  const communityName = new Map(areas.filter((n) => n.kind === 'community').map((n) => [n.id, n.name]));
  const gridRows = areas.filter((n) => n.kind === 'grid');
  const grids = gridRows.map((g) => ({ id: g.id, name: g.name, communityName: communityName.get(g.parentId ?? 0) ?? null }));
  const chosenGrid = chosen.gridId === undefined ? undefined : gridRows.find((g) => g.id === chosen.gridId);

  const buildingQuery = (where: SQL) =>
    db
      .select({ id: orgNodes.id, name: orgNodes.name, gridId: orgNodes.parentId })
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'building'), withinScopeRange(orgNodes.path, scope), where))
      .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id));
  const [buildingCount] = await db.select({ n: count() }).from(orgNodes).where(and(eq(orgNodes.kind, 'building'), withinScopeRange(orgNodes.path, scope)));
  const buildingsNeedGrid = (buildingCount?.n ?? 0) > longList;
  const buildingRows = !buildingsNeedGrid
    ? await buildingQuery(EVERYTHING)
    : await buildingQuery(
        or(
          chosenGrid ? eq(orgNodes.parentId, chosenGrid.id) : NOTHING,
          chosen.buildingId !== undefined ? eq(orgNodes.id, chosen.buildingId) : NOTHING,
        )!,
      );
  const buildings = buildingRows.filter((b) => b.gridId !== null).map((b) => ({ id: b.id, name: b.name, gridId: b.gridId! }));

  // Accounts that work inside the scope: the node they act for lies within it. Grid workers are all read (派给网格员
  // lists them); party members, most of a county's staff (~3,000), only when the list is short enough to offer them
  // all, or else those of the chosen grid and the chosen handler: their count alone decides, and stops past the limit.
  const staffQuery = (role: 'grid_worker' | 'party_member', where: SQL) =>
    db
      .select({ id: accounts.id, name: accounts.displayName, role: accounts.role, nodeId: orgNodes.id, nodeKind: orgNodes.kind, nodePath: orgNodes.path })
      .from(accounts)
      .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
      .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
      .where(and(eq(accounts.role, role), eq(accounts.active, true), withinScopeRange(orgNodes.path, scope), where))
      .orderBy(asc(accounts.username), asc(accounts.id), asc(orgNodes.id));
  const workerRows = await staffQuery('grid_worker', EVERYTHING);
  const pathOf = new Map(gridRows.map((n) => [n.id, n.path]));
  const handlers = new Map<number, QueueOptions['handlers'][number] & { nodePath: string }>();
  const workers = new Map<number, QueueOptions['gridWorkers'][number]>();
  for (const s of workerRows) {
    handlers.set(s.id, { id: s.id, name: s.name, role: 'grid_worker', nodePath: s.nodePath });
    const w = workers.get(s.id) ?? { id: s.id, name: s.name, gridIds: [] };
    // A worker covering a whole community covers each of its grids; a grid's worker covers that grid.
    if (s.nodeKind === 'grid' && pathOf.has(s.nodeId)) w.gridIds.push(s.nodeId);
    else for (const g of gridRows) if (pathOf.get(g.id)!.startsWith(s.nodePath)) w.gridIds.push(g.id);
    workers.set(s.id, w);
  }
  const room = Math.max(0, longList - handlers.size);
  const [party] = await db
    .select({ n: count() })
    .from(
      db
        .selectDistinct({ id: accounts.id })
        .from(accounts)
        .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
        .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
        .where(and(eq(accounts.role, 'party_member'), eq(accounts.active, true), withinScopeRange(orgNodes.path, scope)))
        .limit(room + 1)
        .as('party'),
    );
  const partyInScope = party?.n ?? 0;
  const handlersNeedGrid = handlers.size + partyInScope > longList;
  // For a chosen grid: who works in it, and who covers it from above (a community's grid worker).
  const related = (path: string) => chosenGrid !== undefined && (path.startsWith(chosenGrid.path) || chosenGrid.path.startsWith(path));
  const partyRows = !handlersNeedGrid
    ? await staffQuery('party_member', EVERYTHING)
    : await staffQuery(
        'party_member',
        or(
          chosen.handlerId !== undefined ? eq(accounts.id, chosen.handlerId) : NOTHING,
          chosenGrid
            ? sql`((${orgNodes.path} >= ${chosenGrid.path} and ${orgNodes.path} < ${prefixEnd(chosenGrid.path)}) or substr(${chosenGrid.path}, 1, length(${orgNodes.path})) = ${orgNodes.path})`
            : NOTHING,
        )!,
      );
  for (const s of partyRows) {
    const known = handlers.get(s.id);
    // An account of several nodes is offered for the chosen grid when any of them relates to it.
    if (!known || (!related(known.nodePath) && related(s.nodePath))) handlers.set(s.id, { id: s.id, name: s.name, role: 'party_member', nodePath: s.nodePath });
  }
  const offered = (h: { id: number; nodePath: string }) => !handlersNeedGrid || h.id === chosen.handlerId || related(h.nodePath);

  // Units serving the scope (a department serves the county above) or placed inside it.
  const paths = scope.paths;
  const unitRows =
    paths.length === 0
      ? []
      : await db
          .select({ id: units.id, name: units.name, kind: units.kind })
          .from(units)
          .where(or(...paths.map((p) => sql`(${p} LIKE ${units.nodePath} || '%' OR ${units.nodePath} LIKE ${p} || '%')`)))
          .orderBy(asc(units.kind), asc(units.id));

  const categoryRows = await db
    .select({ id: categories.id, name: categories.name, active: categories.active })
    .from(categories)
    .orderBy(asc(categories.sortOrder), asc(categories.id));

  return {
    grids,
    buildings,
    buildingsNeedGrid,
    handlers: [...handlers.values()].filter(offered).map(({ id, name, role }) => ({ id, name, role })),
    handlersNeedGrid,
    gridWorkers: [...workers.values()],
    units: unitRows,
    categories: categoryRows,
  };
}
