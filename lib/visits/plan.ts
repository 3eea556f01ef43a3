// 今日走访: the households a grid worker should visit today, nearest building first, with the ones already visited today ticked.
import { and, desc, eq } from 'drizzle-orm';
import type { AppDb } from '@/db/store';
import { households, visits } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { householdVisitStates, placesInScope, type HouseholdVisitState } from './due';
import { getVisitIntervals } from './intervals';

export type PlanPlace = {
  nodeId: number;
  name: string;
  gridName: string;
  /** The building of the worker's latest visit: where they are most likely standing. */
  isAnchor: boolean;
  households: HouseholdVisitState[];
};

export type VisitPlan = {
  due: number;
  visitedToday: number;
  anchor: { nodeId: number; name: string } | null;
  places: PlanPlace[];
};

const roomOrder = new Intl.Collator('zh-CN', { numeric: true });

/**
 * "Nearest" with the data there is: no coordinates are stored, so distance is counted in the
 * buildings' order within their grid (1号楼, 2号楼 … as the compound numbers them, usually
 * walking order) from the building of the worker's latest visit; buildings of the worker's
 * other grids follow in grid order. Without any visit yet, it is simply the building order.
 */
export async function visitPlan(db: AppDb, worker: { id: number; scope: Scope }, now = new Date()): Promise<VisitPlan> {
  const states = await householdVisitStates(db, worker.scope, await getVisitIntervals(db), now);
  const places = await placesInScope(db, worker.scope);
  const [latest] = await db
    .select({ nodeId: households.nodeId })
    .from(visits)
    .innerJoin(households, eq(households.id, visits.householdId))
    .where(and(eq(visits.accountId, worker.id), withinScope(households.nodePath, worker.scope)))
    .orderBy(desc(visits.visitedAt), desc(visits.id))
    .limit(1);
  const anchor = latest ? places.get(latest.nodeId) : undefined;

  const byPlace = new Map<number, HouseholdVisitState[]>();
  let due = 0;
  let visitedToday = 0;
  for (const s of states) {
    if (s.due) due++;
    if (s.visitedToday) visitedToday++;
    if (!s.due && !s.visitedToday) continue;
    const list = byPlace.get(s.nodeId);
    if (list) list.push(s);
    else byPlace.set(s.nodeId, [s]);
  }

  const rank = (nodeId: number): [number, number, number, number] => {
    const p = places.get(nodeId);
    if (!p) return [2, 0, 0, nodeId];
    if (anchor && p.gridId === anchor.gridId) return [0, Math.abs(p.sortOrder - anchor.sortOrder), p.sortOrder, nodeId];
    return [1, p.gridSortOrder, p.sortOrder, nodeId];
  };
  const compare = (a: number[], b: number[]) => a.reduce((d, v, i) => d || v - b[i]!, 0);

  const ordered = [...byPlace.keys()].sort((a, b) => compare(rank(a), rank(b)));
  return {
    due,
    visitedToday,
    anchor: anchor ? { nodeId: anchor.id, name: anchor.name } : null,
    places: ordered.map((nodeId) => {
      const p = places.get(nodeId);
      const list = byPlace.get(nodeId)!;
      // Within a building: unit, then room, the way one walks the stairs.
      list.sort((a, b) => roomOrder.compare(a.unit ?? '', b.unit ?? '') || roomOrder.compare(a.room ?? a.address, b.room ?? b.address));
      return { nodeId, name: p?.name ?? '', gridName: p?.gridName ?? '', isAnchor: anchor?.id === nodeId, households: list };
    }),
  };
}
