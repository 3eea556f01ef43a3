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
  units: { id: number; name: string; kind: 'co_building' | 'department' }[];
  categories: { id: number; name: string; active: boolean }[];
};

type StaffRole = 'grid_worker' | 'party_member';

/** Active accounts of `role` that work inside the scope: the node they act for lies within it. */
function staffWhere(scope: Scope, role: StaffRole): SQL {
  return and(eq(accounts.role, role), eq(accounts.active, true), withinScopeRange(orgNodes.path, scope))!;
}

/** Those accounts, one row per node they act for, that also meet `where`. */
function staffRows(db: AppDb, scope: Scope, role: StaffRole, where: SQL) {
  return db
    .select({ id: accounts.id, name: accounts.displayName, role: accounts.role, nodeId: orgNodes.id, nodeKind: orgNodes.kind, nodePath: orgNodes.path })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(staffWhere(scope, role), where))
    .orderBy(asc(accounts.username), asc(accounts.id), asc(orgNodes.id));
}

/** Longer lists than this are offered grid by grid: a select of thousands helps nobody and weighs the page. */
export const LONG_LIST = 300;
/** The same limit on a phone, where a long select is hard to use and weighs a page on a slow device. */
export const PHONE_LONG_LIST = 40;

/** What the filter bar has chosen already: the grid narrows long lists, a chosen building or handler is always offered. */
export type QueueOptionChoices = { gridId?: number; buildingId?: number; handlerId?: number };

export async function queueOptions(db: AppDb, scope: Scope, chosen: QueueOptionChoices = {}, longList: number = LONG_LIST): Promise<QueueOptions> {
  const buildingQuery = (where: SQL) =>
    db
      .select({ id: orgNodes.id, name: orgNodes.name, gridId: orgNodes.parentId })
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'building'), withinScopeRange(orgNodes.path, scope), where))
      .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id));
  // Grid workers and party members (a county has ~430 and ~3,000) are all offered when there are few enough, or else
  // only those of the chosen grid and the chosen handler: their counts alone decide, each stopping past the limit.
  const staffCount = async (role: StaffRole) => {
    const [row] = await db
      .select({ n: count() })
      .from(
        db
          .selectDistinct({ id: accounts.id })
          .from(accounts)
          .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
          .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
          .where(staffWhere(scope, role))
          .limit(longList + 1)
          .as('staff'),
      );
    return row?.n ?? 0;
  };
  // Units serving the scope (a department serves the county above) or placed inside it.
  const paths = scope.paths;
  const unitQuery = async () =>
    paths.length === 0
      ? []
      : db
          .select({ id: units.id, name: units.name, kind: units.kind })
          .from(units)
          .where(or(...paths.map((p) => sql`(${p} LIKE ${units.nodePath} || '%' OR ${units.nodePath} LIKE ${p} || '%')`)))
          .orderBy(asc(units.kind), asc(units.id));

  // Two rounds of reads, each side by side (on PostgreSQL each on a connection of its own; SQLite runs them in turn):
  // what decides the lists, then the lists that depend on it.
  const [areas, [buildingCount], workersInScope, membersInScope, unitRows, categoryRows] = await Promise.all([
    db
      .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, parentId: orgNodes.parentId, path: orgNodes.path })
      .from(orgNodes)
      .where(and(inArray(orgNodes.kind, ['community', 'grid']), withinScopeRange(orgNodes.path, scope)))
      .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id)),
    db.select({ n: count() }).from(orgNodes).where(and(eq(orgNodes.kind, 'building'), withinScopeRange(orgNodes.path, scope))),
    staffCount('grid_worker'),
    staffCount('party_member'),
    unitQuery(),
    db.select({ id: categories.id, name: categories.name, active: categories.active }).from(categories).orderBy(asc(categories.sortOrder), asc(categories.id)),
  ]);
  const communityName = new Map(areas.filter((n) => n.kind === 'community').map((n) => [n.id, n.name]));
  const gridRows = areas.filter((n) => n.kind === 'grid');
  const grids = gridRows.map((g) => ({ id: g.id, name: g.name, communityName: communityName.get(g.parentId ?? 0) ?? null }));
  const chosenGrid = chosen.gridId === undefined ? undefined : gridRows.find((g) => g.id === chosen.gridId);

  const buildingsNeedGrid = (buildingCount?.n ?? 0) > longList;
  const handlersNeedGrid = workersInScope + membersInScope > longList;
  // For a chosen grid: who works in it, and who covers it from above (a community's grid worker).
  const related = (path: string) => chosenGrid !== undefined && (path.startsWith(chosenGrid.path) || chosenGrid.path.startsWith(path));
  const nearChoice = !handlersNeedGrid
    ? EVERYTHING
    : or(
        chosen.handlerId !== undefined ? eq(accounts.id, chosen.handlerId) : NOTHING,
        chosenGrid
          ? sql`((${orgNodes.path} >= ${chosenGrid.path} and ${orgNodes.path} < ${prefixEnd(chosenGrid.path)}) or substr(${chosenGrid.path}, 1, length(${orgNodes.path})) = ${orgNodes.path})`
          : NOTHING,
      )!;
  const [buildingRows, workerRows, memberRows] = await Promise.all([
    buildingQuery(
      !buildingsNeedGrid
        ? EVERYTHING
        : or(chosenGrid ? eq(orgNodes.parentId, chosenGrid.id) : NOTHING, chosen.buildingId !== undefined ? eq(orgNodes.id, chosen.buildingId) : NOTHING)!,
    ),
    staffRows(db, scope, 'grid_worker', nearChoice),
    staffRows(db, scope, 'party_member', nearChoice),
  ]);
  const buildings = buildingRows.filter((b) => b.gridId !== null).map((b) => ({ id: b.id, name: b.name, gridId: b.gridId! }));
  const handlers = new Map<number, QueueOptions['handlers'][number] & { nodePath: string }>();
  for (const s of [...workerRows, ...memberRows]) {
    const known = handlers.get(s.id);
    // An account of several nodes is offered for the chosen grid when any of them relates to it.
    if (!known || (!related(known.nodePath) && related(s.nodePath))) handlers.set(s.id, { id: s.id, name: s.name, role: s.role as StaffRole, nodePath: s.nodePath });
  }
  const offered = (h: { id: number; nodePath: string }) => !handlersNeedGrid || h.id === chosen.handlerId || related(h.nodePath);

  return {
    grids,
    buildings,
    buildingsNeedGrid,
    handlers: [...handlers.values()].filter(offered).map(({ id, name, role }) => ({ id, name, role })),
    handlersNeedGrid,
    units: unitRows,
    categories: categoryRows,
  };
}

/** A grid worker 派给网格员 offers, with the grids they cover in words. */
export type BulkAssignee = { id: number; name: string; grids: string };

/**
 * The grid workers the queue's 派给网格员 offers: every active one within the scope, with the grids they cover (a
 * community's worker covers each of its grids). Read when the secretary chooses that action, not with every queue
 * page: a county has ~430 of them, a sixth of the page's weight.
 */
export async function bulkAssignees(db: AppDb, scope: Scope): Promise<BulkAssignee[]> {
  const [gridRows, rows] = await Promise.all([
    db
      .select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path })
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'grid'), withinScopeRange(orgNodes.path, scope)))
      .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id)),
    staffRows(db, scope, 'grid_worker', EVERYTHING),
  ]);
  const gridName = new Map(gridRows.map((g) => [g.id, g.name]));
  const workers = new Map<number, { id: number; name: string; gridIds: number[] }>();
  for (const s of rows) {
    const w = workers.get(s.id) ?? { id: s.id, name: s.name, gridIds: [] };
    if (s.nodeKind === 'grid' && gridName.has(s.nodeId)) w.gridIds.push(s.nodeId);
    else for (const g of gridRows) if (g.path.startsWith(s.nodePath)) w.gridIds.push(g.id);
    workers.set(s.id, w);
  }
  return [...workers.values()].map((w) => ({ id: w.id, name: w.name, grids: w.gridIds.map((id) => gridName.get(id) ?? '').join('、') || '未分配网格' }));
}
