// Which cases a viewer may see, as one SQL condition every case query applies.
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { NOTHING } from '@/db/dialect';
import { cases } from '@/db/tables';
import { isWithinScope } from '@/lib/auth/scope';
import { withinScopeRange } from '@/lib/auth/scope-sql';
import type { Actor } from './lifecycle';

export type Viewer = Extract<Actor, { kind: 'account' } | { kind: 'integration' }>;

/**
 * Grid staff and secretaries see the cases located in their scope. A party member sees the
 * claim board of their scope and what they claimed; a unit liaison sees what was ever handed to
 * their unit. Both "ever" rules read the append-only timeline, so handing on keeps access to history.
 * `seekScope: false` keeps the same rows but tells SQLite not to look them up by path: a list that
 * walks an index in its own order (the desk queue) then stops after one page instead of sorting the scope.
 */
export function visibleCases(viewer: Viewer, { seekScope = true } = {}): SQL {
  const scope = withinScopeRange(cases.nodePath, viewer.scope, { seek: seekScope });
  if (viewer.kind === 'integration') return scope;
  switch (viewer.role) {
    case 'admin':
    case 'secretary':
    case 'grid_worker':
      return scope;
    case 'party_member':
      return or(
        eq(cases.handlerAccountId, viewer.id),
        and(eq(cases.handlerKind, 'board'), eq(cases.status, 'assigned'), withinScopeRange(cases.nodePath, viewer.scope)),
        // Uncorrelated: the member's own events are read once, not once per case row.
        sql`${cases.id} in (select e.case_id from case_events e where e.target_account_id = ${viewer.id})`,
      )!;
    case 'unit_liaison':
      if (viewer.unitId === null) return NOTHING;
      return or(
        eq(cases.handlerUnitId, viewer.unitId),
        // Uncorrelated, through case_events_unit_idx once: as a correlated EXISTS the planner walked
        // the unit's whole history for every case row (seconds on a year of requests).
        sql`${cases.id} in (select e.case_id from case_events e where e.target_unit_id = ${viewer.unitId})`,
      )!;
  }
}

/**
 * `visibleCases` for counting: where visibility is the scope alone, as path ranges (withinScopeRange),
 * so a count searches the path index instead of testing every case. Same cases, not for ordered pages.
 */
export function visibleCasesForCount(viewer: Viewer): SQL {
  return seesScopeOnly(viewer) ? withinScopeRange(cases.nodePath, viewer.scope) : visibleCases(viewer);
}

/** Whether the viewer's visibility is its scope alone (no claim board, no unit history): `visibleCases` is then `withinScopeRange`. */
export function seesScopeOnly(viewer: Viewer): boolean {
  return viewer.kind === 'integration' || viewer.role === 'admin' || viewer.role === 'secretary' || viewer.role === 'grid_worker';
}

/**
 * Cases that were once on the claim board of a party member's scope. When one of them is no
 * longer visible, somebody else took it since the board was loaded: the member may learn that
 * much (it was on their board), and nothing else of it.
 */
export function onceOnBoardFor(viewer: Viewer): SQL {
  return and(
    withinScopeRange(cases.nodePath, viewer.scope),
    sql`exists (select 1 from case_events e where e.case_id = ${cases.id} and e.action = 'post_to_board')`,
  )!;
}

/**
 * Full phone numbers for secretaries, the current handler, and the grid workers of the case's
 * grid at any state (they call the resident before accepting); everyone else sees 138****5678.
 * The page that shows a full number records the view in the audit log.
 */
export function maySeeFullPhone(
  viewer: Viewer,
  c: { handlerKind: string | null; handlerAccountId: number | null; handlerUnitId: number | null; nodePath?: string },
): boolean {
  if (viewer.kind !== 'account') return false;
  if (viewer.role === 'secretary') return true;
  if (viewer.role === 'grid_worker' && c.nodePath !== undefined && isWithinScope(viewer.scope, c.nodePath)) return true;
  if (c.handlerKind === 'unit') return viewer.role === 'unit_liaison' && viewer.unitId === c.handlerUnitId;
  return c.handlerAccountId === viewer.id;
}
