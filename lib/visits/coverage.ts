// 走访覆盖: per grid and per grid worker, how many households were visited within their interval, out of those to visit.
import { and, count, eq, gte, inArray } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { accountScopes, accounts, orgNodes, visits } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScopeRange } from '@/lib/auth/scope-sql';
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

export async function visitCoverage(db: AppDb, scope: Scope, now = new Date()): Promise<VisitCoverage> {
  const states = await householdVisitStates(db, scope, await getVisitIntervals(db), now);
  const places = await placesInScope(db, scope);
  const since = new Date(now.getTime() - 30 * DAY_MS);

  const byGrid = new Map<number, HouseholdVisitState[]>();
  for (const s of states) {
    const gridId = places.get(s.nodeId)?.gridId;
    if (gridId === undefined) continue;
    const list = byGrid.get(gridId);
    if (list) list.push(s);
    else byGrid.set(gridId, [s]);
  }
  // Visits carry their household's node path (a building, or a rural grid), so counting them
  // per place is one index seek per place on (node_path, visited_at), not a scan of the year.
  const gridOfPath = new Map([...places.values()].map((p) => [p.path, p.gridId]));
  const recentByGrid = new Map<number, number>();
  const recentByAccount = new Map<number, number>();
  let recentTotal = 0;
  const paths = [...gridOfPath.keys()];
  for (let i = 0; i < paths.length; i += 500) {
    for (const r of await db
      .select({ path: visits.nodePath, accountId: visits.accountId, n: count() })
      .from(visits)
      .where(and(inArray(visits.nodePath, paths.slice(i, i + 500)), gte(visits.visitedAt, since)))
      .groupBy(visits.nodePath, visits.accountId)) {
      const gridId = gridOfPath.get(r.path)!;
      recentByGrid.set(gridId, (recentByGrid.get(gridId) ?? 0) + r.n);
      recentByAccount.set(r.accountId, (recentByAccount.get(r.accountId) ?? 0) + r.n);
      recentTotal += r.n;
    }
  }

  const grids = [...byGrid.keys()]
    .map((id) => places.get(id)!)
    .sort((a, b) => a.gridSortOrder - b.gridSortOrder || a.id - b.id)
    .map((g) => row(g.id, g.name, byGrid.get(g.id)!, recentByGrid.get(g.id) ?? 0));

  // The grid workers acting inside this scope, each with the households of the nodes they act for.
  const scopes = await db
    .select({ accountId: accounts.id, name: accounts.displayName, path: orgNodes.path, nodeName: orgNodes.name })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.role, 'grid_worker'), eq(accounts.active, true), withinScopeRange(orgNodes.path, scope)))
    .orderBy(orgNodes.sortOrder, accounts.id, orgNodes.id);
  const workers = new Map<number, { name: string; paths: string[]; places: string[] }>();
  for (const s of scopes) {
    const w = workers.get(s.accountId) ?? { name: s.name, paths: [], places: [] };
    w.paths.push(s.path);
    w.places.push(s.nodeName);
    workers.set(s.accountId, w);
  }
  return {
    total: row(0, '合计', states, recentTotal),
    grids,
    workers: [...workers].map(([id, w]) =>
      row(
        id,
        `${w.name}（${w.places.join('、')}）`,
        states.filter((s) => w.paths.some((p) => s.nodePath.startsWith(p))),
        recentByAccount.get(id) ?? 0,
      ),
    ),
  };
}

