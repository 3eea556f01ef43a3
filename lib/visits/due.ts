// The due rule of 走访: every household in a scope with its care tags (80岁以上 from dates of birth), its interval, its last visit and whether a visit is due today.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DB } from '@/db/client';
import type { CareTag } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { householdCareTags, households, orgNodes, persons, visits } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScopeRange } from '@/lib/auth/scope-sql';
import { isElderlyResident, registerDay } from '@/lib/registry/elderly';
import { intervalFor, type VisitIntervals } from './intervals';

export type HouseholdVisitState = {
  householdId: number;
  address: string;
  unit: string | null;
  room: string | null;
  /** Where it is: its building, or the rural grid itself. */
  nodeId: number;
  nodePath: string;
  tags: CareTag[];
  intervalDays: number;
  lastVisitedAt: Date | null;
  /** Whole China-calendar days since the last visit; null when never visited. */
  daysSince: number | null;
  /** Due: never visited, or its interval has run out (days since the last visit ≥ interval). */
  due: boolean;
  /** Days past the day the visit fell due (0 on that day); null when not due or never visited. */
  daysOverdue: number | null;
  visitedToday: boolean;
};

const DAY_MS = 86_400_000;

/** The China calendar day of an instant, as a day number (days since 1970-01-01 in UTC+8, no daylight saving). */
export function chinaDayNumber(at: Date): number {
  return Math.floor((at.getTime() + 8 * 3_600_000) / DAY_MS);
}

/**
 * The pure rule, for one household: due when never visited, or when as many calendar days as
 * its interval have passed since the last visit (a weekly household visited last Monday is due
 * again this Monday).
 */
export function visitDue(lastVisitedAt: Date | null, intervalDays: number, now: Date): Pick<HouseholdVisitState, 'daysSince' | 'due' | 'daysOverdue' | 'visitedToday'> {
  if (lastVisitedAt === null) return { daysSince: null, due: true, daysOverdue: null, visitedToday: false };
  // Arithmetic on day numbers, not date strings: this runs for every household of a township.
  const daysSince = chinaDayNumber(now) - chinaDayNumber(lastVisitedAt);
  const due = daysSince >= intervalDays;
  return { daysSince, due, daysOverdue: due ? daysSince - intervalDays : null, visitedToday: daysSince === 0 };
}

/** The reads of householdVisitStates: drizzle builders, run awaited or (for the demo seeder) synchronously. */
function visitStateQueries(db: AppDb, scope: Scope, now: Date) {
  const inScope = withinScopeRange(households.nodePath, scope);
  return {
    // The last visit per household through the (household_id, visited_at) index: one seek each,
    // where a GROUP BY over the visits would read the whole year of them.
    // The household's current place decides the scope, not the place recorded with the visit.
    households: db
      .select({
        id: households.id,
        address: households.address,
        unit: households.unit,
        room: households.room,
        nodeId: households.nodeId,
        nodePath: households.nodePath,
        // Spelled out: drizzle leaves columns of a one-table select unqualified, and a bare "id" here would be the visit's.
        // Decoded as the column is (a Date on both engines).
        lastVisitedAt: sql<Date | null>`(select max(v.visited_at) from visits v where v.household_id = "households"."id")`.mapWith(visits.visitedAt),
      })
      .from(households)
      .where(and(inScope, eq(households.status, 'occupied')))
      // In the order of the path index the scope seeks (the same on both engines).
      .orderBy(asc(households.nodePath), asc(households.id)),
    // A stored 80岁以上 (from before it was computed) is ignored: the dates of birth decide it.
    tags: db
      .select({ id: householdCareTags.householdId, tag: householdCareTags.tag })
      .from(householdCareTags)
      .innerJoin(households, eq(households.id, householdCareTags.householdId))
      .where(and(inScope, ne(householdCareTags.tag, 'elderly_80'))),
    elderly: db
      .selectDistinct({ id: persons.householdId })
      .from(persons)
      .innerJoin(households, eq(households.id, persons.householdId))
      .where(and(inScope, isElderlyResident(registerDay(now)))),
  };
}
type VisitStateRows = { [K in keyof ReturnType<typeof visitStateQueries>]: Awaited<ReturnType<typeof visitStateQueries>[K]> };

/**
 * Every occupied household in `scope` with its visit state as of `now`. Vacant and moved-away
 * households are not visited, so they are left out. Four indexed queries over the scope's
 * paths, joined in memory: a community of 5,000 households is a few milliseconds.
 */
export async function householdVisitStates(db: AppDb, scope: Scope, intervals: VisitIntervals, now = new Date()): Promise<HouseholdVisitState[]> {
  const q = visitStateQueries(db, scope, now);
  const rows = await q.households;
  if (rows.length === 0) return [];
  return visitStatesOf({ households: rows, tags: await q.tags, elderly: await q.elderly }, intervals, now);
}

// Synchronous on purpose, for db/demo/visits.ts (its ledger is planned from these states): the demo's bulk
// generators (db/demo: seedCounty, seedDemoVisits, bench/seed.ts's prepareDatabase) write a SQLite file in one
// synchronous pass for speed (a county is millions of rows), and test fixtures are built that way at module load
// (openTestDatabase, then registerTestStore's source copies them to PostgreSQL).
export function householdVisitStatesSync(db: DB, scope: Scope, intervals: VisitIntervals, now = new Date()): HouseholdVisitState[] {
  const q = visitStateQueries(db, scope, now);
  const rows = q.households.all();
  if (rows.length === 0) return [];
  return visitStatesOf({ households: rows, tags: q.tags.all(), elderly: q.elderly.all() }, intervals, now);
}

function visitStatesOf(rows: VisitStateRows, intervals: VisitIntervals, now: Date): HouseholdVisitState[] {
  const tags = new Map<number, CareTag[]>();
  const addTag = (id: number, tag: CareTag) => {
    const list = tags.get(id);
    if (list) list.push(tag);
    else tags.set(id, [tag]);
  };
  for (const t of rows.tags) addTag(t.id, t.tag);
  for (const e of rows.elderly) if (e.id !== null) addTag(e.id, 'elderly_80');

  return rows.households.map((h) => {
    const t = (tags.get(h.id) ?? []).sort();
    const intervalDays = intervalFor(t, intervals);
    const lastVisitedAt = h.lastVisitedAt ?? null;
    return { householdId: h.id, address: h.address, unit: h.unit, room: h.room, nodeId: h.nodeId, nodePath: h.nodePath, tags: t, intervalDays, lastVisitedAt, ...visitDue(lastVisitedAt, intervalDays, now) };
  });
}

export type PlaceInfo = { id: number; kind: string; name: string; path: string; sortOrder: number; gridId: number; gridName: string; gridSortOrder: number };

/** The grids and buildings of a scope, each with its grid, for grouping and ordering households by place. */
export async function placesInScope(db: AppDb, scope: Scope): Promise<Map<number, PlaceInfo>> {
  const nodes = await db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, parentId: orgNodes.parentId, sortOrder: orgNodes.sortOrder, path: orgNodes.path })
    .from(orgNodes)
    // A range of org_nodes_kind_idx (kind, path) per kind: the scope's grids and buildings, not the county's.
    .where(and(withinScopeRange(orgNodes.path, scope), inArray(orgNodes.kind, ['grid', 'building'])))
    .orderBy(asc(orgNodes.path));
  // A scope narrower than a grid (one building) still needs its grid's name.
  const parentIds = [...new Set(nodes.filter((n) => n.kind === 'building' && n.parentId !== null).map((n) => n.parentId!))];
  const grids = new Map(
    (parentIds.length ? await db.select({ id: orgNodes.id, name: orgNodes.name, sortOrder: orgNodes.sortOrder }).from(orgNodes).where(inArray(orgNodes.id, parentIds)) : []).map((g) => [g.id, g]),
  );
  for (const n of nodes) if (n.kind === 'grid') grids.set(n.id, { id: n.id, name: n.name, sortOrder: n.sortOrder });
  const out = new Map<number, PlaceInfo>();
  for (const n of nodes) {
    const grid = n.kind === 'grid' ? grids.get(n.id) : grids.get(n.parentId ?? -1);
    if (!grid) continue;
    out.set(n.id, { id: n.id, kind: n.kind, name: n.name, path: n.path, sortOrder: n.kind === 'grid' ? 0 : n.sortOrder, gridId: grid.id, gridName: grid.name, gridSortOrder: grid.sortOrder });
  }
  return out;
}

/** One household's visit state (its building is read, a few dozen households at most). */
export async function visitStateOf(db: AppDb, household: { id: number; nodePath: string }, intervals: VisitIntervals, now = new Date()): Promise<HouseholdVisitState | null> {
  return (await householdVisitStates(db, { paths: [household.nodePath] }, intervals, now)).find((s) => s.householdId === household.id) ?? null;
}
