// Co-building units (共驻共建单位) and departments (职能部门): create, edit, deactivate, and who answers for each.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { UNIT_KINDS, type OrgKind } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts, orgNodes, units } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { idParamSchema } from '@/lib/org/schemas';
import { writeChange } from '@/lib/registry/audit';
import { phoneSchema } from '@/lib/registry/identity';
import { pickedId, type TreeActor } from '@/lib/registry/nodes';
import { textSchema } from '@/lib/validation/text';

export type UnitKind = (typeof UNIT_KINDS)[number];

/** A co-building unit serves a community (or a whole township); a department serves the county (or a township). */
export const UNIT_NODE_KINDS: Record<UnitKind, readonly OrgKind[]> = {
  co_building: ['community', 'township'],
  department: ['county', 'township'],
};

export type UnitResult = { ok: true; unitId: number; message: string } | { ok: false; code: 'not_found' | 'forbidden' | 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

const optionalText = (maxLength: number, message: string) =>
  textSchema()
    .trim()
    .max(maxLength, message)
    .transform((v) => (v === '' ? null : v));

const unitFields = {
  name: textSchema().trim().min(1, '请填写单位名称').max(60, '单位名称不超过60字'),
  partyOrgName: optionalText(60, '党组织名称不超过60字').default(''),
  contactName: optionalText(20, '联系人姓名不超过20字').default(''),
  contactPhone: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(phoneSchema.nullable())
    .default(null),
  nodeId: pickedId('请选择服务范围'),
};

export const createUnitSchema = z.object({
  kind: z.enum(UNIT_KINDS, { error: '请选择单位类型' }),
  ...unitFields,
});
export type CreateUnitInput = z.infer<typeof createUnitSchema>;

export const updateUnitSchema = z.object({ unitId: idParamSchema, ...unitFields });
export type UpdateUnitInput = z.infer<typeof updateUnitSchema>;

export const setUnitActiveSchema = z.object({ unitId: idParamSchema, active: z.enum(['true', 'false']).transform((v) => v === 'true') });

type UnitRow = typeof units.$inferSelect;

function refuse(message: string, field?: string): UnitResult {
  return { ok: false, code: 'invalid_input', message, fieldErrors: field ? { [field]: [message] } : undefined };
}

/** Secretaries keep the co-building units of their community; departments are the county's, so the administrator's. */
function mayManage(actor: TreeActor, kind: UnitKind): boolean {
  return actor.role === 'admin' || (actor.role === 'secretary' && kind === 'co_building');
}

/** The node a unit will serve: in the actor's scope, active, and of a level that fits the kind. */
async function servedNode(tx: AppDb, actor: TreeActor, kind: UnitKind, nodeId: number) {
  const [node] = await tx
    .select({ id: orgNodes.id, kind: orgNodes.kind, path: orgNodes.path, retiredAt: orgNodes.retiredAt })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, nodeId), withinScope(orgNodes.path, actor.scope)))
    .limit(1);
  if (!node || node.retiredAt !== null || !UNIT_NODE_KINDS[kind].includes(node.kind)) return null;
  return node;
}

async function nameTaken(tx: AppDb, name: string, exceptId?: number): Promise<boolean> {
  const rows = await tx
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.name, name), exceptId ? sql`${units.id} <> ${exceptId}` : undefined))
    .limit(1);
  return rows.length > 0;
}

async function loadInScope(tx: AppDb, actor: TreeActor, unitId: number): Promise<UnitRow | null> {
  const [unit] = await tx.select().from(units).where(and(eq(units.id, unitId), withinScope(units.nodePath, actor.scope))).limit(1);
  return unit ?? null;
}

/** Unit names are unique by this check, not by the schema: one writer of a name at a time on PostgreSQL too. */
const lockName = (store: Store, tx: AppDb, name: string) => store.lockKey(tx, `unit-name:${name}`);

const fieldsOf = (u: Pick<UnitRow, 'name' | 'partyOrgName' | 'contactName' | 'contactPhone' | 'nodeId'>) => ({
  name: u.name,
  partyOrgName: u.partyOrgName,
  contactName: u.contactName,
  contactPhone: u.contactPhone,
  nodeId: u.nodeId,
});

const NODE_MESSAGE: Record<UnitKind, string> = {
  co_building: '共驻共建单位请选择您负责范围内的社区或乡镇',
  department: '职能部门请选择县或乡镇',
};

export async function createUnit(store: Store, actor: TreeActor, input: CreateUnitInput, now = new Date()): Promise<UnitResult> {
  if (!mayManage(actor, input.kind)) return { ok: false, code: 'forbidden', message: '职能部门由系统管理员维护。' };
  return store.write(async (tx): Promise<UnitResult> => {
    const node = await servedNode(tx, actor, input.kind, input.nodeId);
    if (!node) return refuse(NODE_MESSAGE[input.kind], 'nodeId');
    await lockName(store, tx, input.name);
    if (await nameTaken(tx, input.name)) return refuse(`已有名为「${input.name}」的单位。`, 'name');
    const [row] = await tx
      .insert(units)
      .values({ kind: input.kind, name: input.name, partyOrgName: input.partyOrgName, contactName: input.contactName, contactPhone: input.contactPhone, nodeId: node.id, nodePath: node.path })
      .returning({ id: units.id });
    await writeChange(tx, { accountId: actor.id, action: 'create_unit', subject: `unit:${row!.id}`, before: null, after: { kind: input.kind, ...fieldsOf({ ...input, nodeId: node.id }) } }, now);
    return { ok: true, unitId: row!.id, message: `已新建「${input.name}」。` };
  });
}

export async function updateUnit(store: Store, actor: TreeActor, input: UpdateUnitInput, now = new Date()): Promise<UnitResult> {
  return store.write(async (tx): Promise<UnitResult> => {
    const unit = await loadInScope(tx, actor, input.unitId);
    if (!unit) return { ok: false, code: 'not_found', message: '找不到该单位。' };
    if (!mayManage(actor, unit.kind)) return { ok: false, code: 'forbidden', message: '职能部门由系统管理员维护。' };
    const node = await servedNode(tx, actor, unit.kind, input.nodeId);
    if (!node) return refuse(NODE_MESSAGE[unit.kind], 'nodeId');
    await lockName(store, tx, input.name);
    if (await nameTaken(tx, input.name, unit.id)) return refuse(`已有名为「${input.name}」的单位。`, 'name');
    const next = { name: input.name, partyOrgName: input.partyOrgName, contactName: input.contactName, contactPhone: input.contactPhone, nodeId: node.id };
    const changed = await writeChange(tx, { accountId: actor.id, action: 'update_unit', subject: `unit:${unit.id}`, before: fieldsOf(unit), after: next }, now);
    if (changed) await tx.update(units).set({ ...next, nodePath: node.path }).where(eq(units.id, unit.id));
    return { ok: true, unitId: unit.id, message: changed ? '已保存。' : '没有需要保存的修改。' };
  });
}

/** 停用 / 启用: a deactivated unit receives no new cases (lib/cases/routing.ts, commands.ts) and keeps its history. */
export async function setUnitActive(store: Store, actor: TreeActor, input: { unitId: number; active: boolean }, now = new Date()): Promise<UnitResult> {
  return store.write(async (tx): Promise<UnitResult> => {
    const unit = await loadInScope(tx, actor, input.unitId);
    if (!unit) return { ok: false, code: 'not_found', message: '找不到该单位。' };
    if (!mayManage(actor, unit.kind)) return { ok: false, code: 'forbidden', message: '职能部门由系统管理员维护。' };
    // Checked in the UPDATE: of two concurrent switches to the same state, one writes (and is audited).
    const updated = await tx
      .update(units)
      .set({ active: input.active })
      .where(and(eq(units.id, unit.id), eq(units.active, !input.active)))
      .returning({ id: units.id });
    if (updated.length > 0) await writeChange(tx, { accountId: actor.id, action: 'update_unit', subject: `unit:${unit.id}`, before: { active: !input.active }, after: { active: input.active } }, now);
    return { ok: true, unitId: unit.id, message: input.active ? `已启用「${unit.name}」。` : `已停用「${unit.name}」，不再接收新的事项。` };
  });
}

export type UnitListItem = UnitRow & { nodeName: string; liaisons: { id: number; username: string; displayName: string; active: boolean }[] };

/** The units serving places in a scope, each with its liaison accounts (created on the accounts page). */
export async function listUnits(db: AppDb, scope: Scope): Promise<UnitListItem[]> {
  const rows = await db
    .select({ unit: units, nodeName: orgNodes.name })
    .from(units)
    .innerJoin(orgNodes, eq(orgNodes.id, units.nodeId))
    .where(withinScope(units.nodePath, scope))
    .orderBy(asc(units.kind), sql`${units.active} desc`, asc(units.id));
  if (rows.length === 0) return [];
  const liaisons = await db
    .select({ id: accounts.id, unitId: accounts.unitId, username: accounts.username, displayName: accounts.displayName, active: accounts.active })
    .from(accounts)
    .where(and(eq(accounts.role, 'unit_liaison'), inArray(accounts.unitId, rows.map((r) => r.unit.id))))
    .orderBy(asc(accounts.username), asc(accounts.id));
  return rows.map((r) => ({
    ...r.unit,
    nodeName: r.nodeName,
    liaisons: liaisons.filter((l) => l.unitId === r.unit.id).map(({ unitId: _unitId, ...l }) => l),
  }));
}

/** Active units for pickers elsewhere (a party member's co-building unit …). */
export async function activeUnitsOf(db: AppDb, scope: Scope, kind?: UnitKind) {
  return db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(and(eq(units.active, true), withinScope(units.nodePath, scope), kind ? eq(units.kind, kind) : undefined))
    .orderBy(asc(units.kind), asc(units.id));
}
