// 走访覆盖: per grid and per grid worker, how many households were visited within their interval, out of those to visit.
import { and, eq, gte } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accountScopes, accounts, orgNodes, visits } from '@/db/schema';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { householdVisitStates, placesInScope, type HouseholdVisitState } from './due';
import { getVisitIntervals } from './intervals';

export type CoverageRow = {
  id: number;
  name: string;
  /** Occupied households to visit. */
  households: number;
  /** Visited within their interval (not due). */
  covered: number;
  /** Due now: never visited, or the interval has run out. */
  due: number;
  /** covered / households, or null without households. */
  rate: number | null;
  /** Visits recorded in the last 30 days (per worker: by them; per grid: by anyone). */
  visits30d: number;
};

export type VisitCoverage = { total: CoverageRow; grids: CoverageRow[]; workers: CoverageRow[] };

function row(id: number, name: string, states: readonly HouseholdVisitState[], visits30d: number): CoverageRow {
  const covered = states.filter((s) => !s.due).length;
  return { id, name, households: states.length, covered, due: states.length - covered, rate: states.length ? covered / states.length : null, visits30d };
}

const DAY_MS = 86_400_000;

export function visitCoverage(db: DB, scope: Scope, now = new Date()): VisitCoverage {
  const states = householdVisitStates(db, scope, getVisitIntervals(db), now);
  const places = placesInScope(db, scope);
  const since = new Date(now.getTime() - 30 * DAY_MS);

  const byGrid = new Map<number, HouseholdVisitState[]>();
  for (const s of states) {
    const gridId = places.get(s.nodeId)?.gridId;
    if (gridId !== undefined) byGrid.set(gridId, [...(byGrid.get(gridId) ?? []), s]);
  }
  const gridPaths = new Map(
    db
      .select({ id: orgNodes.id, path: orgNodes.path })
      .from(orgNodes)
      .where(and(eq(orgNodes.kind, 'grid'), withinScope(orgNodes.path, scope)))
      .all()
      .map((g) => [g.id, g.path]),
  );
  const recentByGrid = new Map<number, number>();
  const recentByAccount = new Map<number, number>();
  for (const v of db
    .select({ path: visits.nodePath, accountId: visits.accountId })
    .from(visits)
    .where(and(withinScope(visits.nodePath, scope), gte(visits.visitedAt, since)))
    .all()) {
    recentByAccount.set(v.accountId, (recentByAccount.get(v.accountId) ?? 0) + 1);
    for (const [id, path] of gridPaths) if (v.path.startsWith(path)) recentByGrid.set(id, (recentByGrid.get(id) ?? 0) + 1);
  }

  const grids = [...byGrid.keys()]
    .map((id) => places.get(id)!)
    .sort((a, b) => a.gridSortOrder - b.gridSortOrder || a.id - b.id)
    .map((g) => row(g.id, g.name, byGrid.get(g.id)!, recentByGrid.get(g.id) ?? 0));

  // The grid workers acting inside this scope, each with the households of the nodes they act for.
  const scopes = db
    .select({ accountId: accounts.id, name: accounts.displayName, path: orgNodes.path })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true), withinScope(orgNodes.path, scope)))
    .orderBy(orgNodes.sortOrder, accounts.id)
    .all();
  const workers = new Map<number, { name: string; paths: string[] }>();
  for (const s of scopes) {
    const w = workers.get(s.accountId) ?? { name: s.name, paths: [] };
    w.paths.push(s.path);
    workers.set(s.accountId, w);
  }
  return {
    total: row(0, '合计', states, recentByAccount.size ? [...recentByAccount.values()].reduce((a, b) => a + b, 0) : 0),
    grids,
    workers: [...workers].map(([id, w]) =>
      row(
        id,
        w.name,
        states.filter((s) => w.paths.some((p) => s.nodePath.startsWith(p))),
        recentByAccount.get(id) ?? 0,
      ),
    ),
  };
}

