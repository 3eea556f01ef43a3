// Who may see and keep what in the 大党委 lists: communities of the reader's scope, the units serving a community,
// and the one condition for "projects this reader may see" that every project query uses.
import { and, asc, eq, exists, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { NOTHING } from '@/db/dialect';
import type { Role } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { coProjects, orgNodes, projectUnits, units } from '@/db/tables';
import { ROLE_LABELS } from '@/lib/auth/roles';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { pathsAbove } from '@/lib/templates/templates';

/** The signed-in user as the 大党委 commands need them (CurrentUser fits). */
export type CoActor = { id: number; role: Role; unitId: number | null; scope: Scope; displayName: string };

export type Result<T extends object = object> =
  | ({ ok: true; message: string } & T)
  | { ok: false; code: 'not_found' | 'forbidden' | 'invalid_input' | 'conflict'; message: string; fieldErrors?: Record<string, string[]> };

export const isDesk = (role: Role) => role === 'secretary' || role === 'admin';

export function refuse(message: string, field?: string): { ok: false; code: 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> } {
  return { ok: false, code: 'invalid_input', message, fieldErrors: field ? { [field]: [message] } : undefined };
}

export const NOT_FOUND = { ok: false, code: 'not_found', message: '找不到该记录。' } as const;

/** How a step is signed in the timeline: "社区书记 李娟"; a liaison's display name already names the unit. */
export function actorLabel(actor: Pick<CoActor, 'role' | 'displayName'>): string {
  return actor.role === 'unit_liaison' ? actor.displayName : `${ROLE_LABELS[actor.role]} ${actor.displayName}`;
}

export type Community = { id: number; name: string; path: string };

/** A community of the actor's scope that still works (not retired), or null: the same for missing and out of scope. */
export async function communityInScope(db: AppDb, scope: Scope, communityId: number): Promise<Community | null> {
  const [row] = await db
    .select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, communityId), eq(orgNodes.kind, 'community'), isNull(orgNodes.retiredAt), withinScope(orgNodes.path, scope)))
    .limit(1);
  return row ?? null;
}

/** The communities of a scope, in tree order: a community secretary has one, a township secretary several. */
export async function communitiesOf(db: AppDb, scope: Scope): Promise<Community[]> {
  return db
    .select({ id: orgNodes.id, name: orgNodes.name, path: orgNodes.path })
    .from(orgNodes)
    .where(and(eq(orgNodes.kind, 'community'), isNull(orgNodes.retiredAt), withinScope(orgNodes.path, scope)))
    .orderBy(asc(orgNodes.path), asc(orgNodes.id));
}

/** The active units that serve a community: its own co-building units and those of the township and county above it. */
export async function unitsServing(db: AppDb, communityPath: string) {
  return db
    .select({ id: units.id, name: units.name, kind: units.kind, contactName: units.contactName, contactPhone: units.contactPhone })
    .from(units)
    .where(and(eq(units.active, true), inArray(units.nodePath, pathsAbove(communityPath))))
    .orderBy(asc(units.kind), asc(units.id));
}

/** The communities' ids of a scope, as a subquery for the lists' WHERE. */
export function communityIdsIn(db: AppDb, scope: Scope) {
  return db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'community'), withinScope(orgNodes.path, scope)));
}

/**
 * The projects a reader may see: a secretary's or the administrator's, those of the communities in their scope;
 * a liaison's, those their unit owns or takes part in; nobody else's.
 */
export function visibleProjects(db: AppDb, actor: Pick<CoActor, 'role' | 'unitId' | 'scope'>): SQL {
  if (isDesk(actor.role)) return inArray(coProjects.communityId, communityIdsIn(db, actor.scope));
  if (actor.role === 'unit_liaison' && actor.unitId !== null) {
    const unitId = actor.unitId;
    return or(
      eq(coProjects.ownerUnitId, unitId),
      exists(db.select({ one: projectUnits.unitId }).from(projectUnits).where(and(eq(projectUnits.projectId, coProjects.id), eq(projectUnits.unitId, unitId)))),
    )!;
  }
  return NOTHING;
}
