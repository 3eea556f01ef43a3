// 资源清单: what each co-building unit offers its communities (服务/人员/场地/资金), kept by its liaison or the secretary.
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { ResourceKind } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { orgNodes, unitResources, units } from '@/db/tables';
import { withinScope } from '@/lib/auth/scope-sql';
import { writeChange } from '@/lib/registry/audit';
import { pathsAbove } from '@/lib/templates/templates';
import { isDesk, type CoActor, type Result } from './access';
import type { ResourceInput } from './schemas';

export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = { service: '服务', people: '人员', venue: '场地', funds: '资金' };

type UnitRow = { id: number; kind: 'co_building' | 'department'; name: string; nodePath: string };

/**
 * Who keeps a unit's resources: its own liaison; a secretary for the co-building units of their scope; the
 * administrator for any unit. (The same split as keeping the units themselves, lib/registry/units.ts.)
 */
export function mayKeepResources(actor: Pick<CoActor, 'role' | 'unitId' | 'scope'>, unit: UnitRow): boolean {
  if (actor.role === 'unit_liaison') return actor.unitId === unit.id;
  if (actor.role === 'admin') return true;
  return actor.role === 'secretary' && unit.kind === 'co_building' && actor.scope.paths.some((p) => unit.nodePath.startsWith(p));
}

async function loadUnit(tx: AppDb, unitId: number): Promise<UnitRow | null> {
  const [row] = await tx.select({ id: units.id, kind: units.kind, name: units.name, nodePath: units.nodePath }).from(units).where(eq(units.id, unitId)).limit(1);
  return row ?? null;
}

const FORBIDDEN = { ok: false, code: 'not_found', message: '找不到该单位。' } as const;

/** Adds a resource, or edits one (resourceId) of the same unit. */
export async function saveResource(store: Store, actor: CoActor, input: ResourceInput, now = new Date()): Promise<Result<{ resourceId: number }>> {
  return store.write(async (tx): Promise<Result<{ resourceId: number }>> => {
    const unit = await loadUnit(tx, input.unitId);
    // Another unit's resources answer as if the unit did not exist.
    if (!unit || !mayKeepResources(actor, unit)) return FORBIDDEN;
    const fields = { kind: input.kind, description: input.description, availability: input.availability };
    if (input.resourceId === null) {
      const [row] = await tx
        .insert(unitResources)
        .values({ unitId: unit.id, ...fields, createdByAccountId: actor.id, createdAt: now, updatedAt: now })
        .returning({ id: unitResources.id });
      await writeChange(tx, { accountId: actor.id, action: 'create_resource', subject: `resource:${row!.id}`, before: null, after: { unitId: unit.id, ...fields } }, now);
      return { ok: true, resourceId: row!.id, message: '已添加资源。' };
    }
    const [current] = await tx
      .select()
      .from(unitResources)
      .where(and(eq(unitResources.id, input.resourceId), eq(unitResources.unitId, unit.id)))
      .limit(1);
    if (!current) return { ok: false, code: 'not_found', message: '找不到该资源。' };
    const changed = await writeChange(
      tx,
      { accountId: actor.id, action: 'update_resource', subject: `resource:${current.id}`, before: { kind: current.kind, description: current.description, availability: current.availability }, after: fields },
      now,
    );
    if (changed) await tx.update(unitResources).set({ ...fields, updatedAt: now }).where(eq(unitResources.id, current.id));
    return { ok: true, resourceId: current.id, message: changed ? '已保存。' : '没有需要保存的修改。' };
  });
}

/** 停用 / 启用 a resource: a switched-off one stays on record, marked, and is offered no more. */
export async function setResourceActive(store: Store, actor: CoActor, input: { resourceId: number; active: boolean }, now = new Date()): Promise<Result<{ resourceId: number }>> {
  return store.write(async (tx): Promise<Result<{ resourceId: number }>> => {
    const [current] = await tx.select().from(unitResources).where(eq(unitResources.id, input.resourceId)).limit(1);
    const unit = current ? await loadUnit(tx, current.unitId) : null;
    if (!current || !unit || !mayKeepResources(actor, unit)) return { ok: false, code: 'not_found', message: '找不到该资源。' };
    // Checked in the UPDATE: of two concurrent switches to the same state, one writes (and is audited).
    const updated = await tx
      .update(unitResources)
      .set({ active: input.active, updatedAt: now })
      .where(and(eq(unitResources.id, current.id), eq(unitResources.active, !input.active)))
      .returning({ id: unitResources.id });
    if (updated.length > 0) {
      await writeChange(tx, { accountId: actor.id, action: 'update_resource', subject: `resource:${current.id}`, before: { active: !input.active }, after: { active: input.active } }, now);
    }
    return { ok: true, resourceId: current.id, message: input.active ? '已重新启用该资源。' : '已停用该资源。' };
  });
}

export type UnitWithResources = {
  id: number;
  name: string;
  kind: 'co_building' | 'department';
  nodeName: string;
  editable: boolean;
  resources: { id: number; kind: ResourceKind; description: string; availability: string; active: boolean }[];
};

/**
 * The units a reader sees with their resources: a liaison, their own unit; a secretary or the administrator, the
 * active units serving their scope (its own units and those of the places above it).
 */
export async function listResources(db: AppDb, actor: Pick<CoActor, 'role' | 'unitId' | 'scope'>): Promise<UnitWithResources[]> {
  let where;
  if (actor.role === 'unit_liaison') {
    if (actor.unitId === null) return [];
    where = eq(units.id, actor.unitId);
  } else if (isDesk(actor.role)) {
    const above = [...new Set(actor.scope.paths.flatMap((p: string) => pathsAbove(p)))];
    where = and(eq(units.active, true), above.length > 0 ? or(withinScope(units.nodePath, actor.scope), inArray(units.nodePath, above)) : withinScope(units.nodePath, actor.scope));
  } else {
    return [];
  }
  const unitRows = await db
    .select({ id: units.id, name: units.name, kind: units.kind, nodePath: units.nodePath, nodeName: orgNodes.name })
    .from(units)
    .innerJoin(orgNodes, eq(orgNodes.id, units.nodeId))
    .where(where)
    .orderBy(asc(units.kind), asc(units.id));
  if (unitRows.length === 0) return [];
  const rows = await db
    .select({ id: unitResources.id, unitId: unitResources.unitId, kind: unitResources.kind, description: unitResources.description, availability: unitResources.availability, active: unitResources.active })
    .from(unitResources)
    .where(inArray(unitResources.unitId, unitRows.map((u) => u.id)))
    .orderBy(sql`${unitResources.active} desc`, asc(unitResources.id));
  return unitRows.map((u) => ({
    id: u.id,
    name: u.name,
    kind: u.kind,
    nodeName: u.nodeName,
    editable: mayKeepResources(actor, u),
    resources: rows.filter((r) => r.unitId === u.id).map(({ unitId: _u, ...r }) => r),
  }));
}

