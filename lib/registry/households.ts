// Households ★: create, edit (building, unit, room, address, size), move to another building, mark vacant or moved away — never deleted, every change audited.
import { and, eq, inArray, isNull, ne, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { HOUSEHOLD_STATUSES, type HouseholdStatus } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { centralHouseholdLinks, households, orgNodes } from '@/db/tables';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { writeChange } from './audit';
import { careTagInputSchema, writeCareTags, type CareTagInput } from './care-tags';
import { fieldErrorsOf, mayEditHouseholds, NOT_FOUND, optionalPastDate, optionalText, refused, type RegistryActor, type RegistryResult } from './editors';
import { isoDate } from './identity';

export const HOUSEHOLD_STATUS_LABELS: Record<HouseholdStatus, string> = { occupied: '在住', vacant: '空置', moved_away: '已迁出' };

export const householdInputSchema = z.object({
  nodeId: z.coerce.number({ message: '请选择楼栋' }).int({ message: '请选择楼栋' }).positive({ message: '请选择楼栋' }),
  unit: optionalText(10, '单元'),
  room: optionalText(10, '房号'),
  /** Blank: composed from the grid, building, unit and room, and kept in step when they change. */
  address: optionalText(100, '地址'),
  size: z.coerce.number({ message: '人口数应为 0–30 的整数' }).int({ message: '人口数应为 0–30 的整数' }).min(0, { message: '人口数应为 0–30 的整数' }).max(30, { message: '人口数应为 0–30 的整数' }),
});
/** What a form (or an importer) sends: strings or numbers, checked by the schema. */
export type HouseholdInput = { [K in keyof z.input<typeof householdInputSchema>]?: string | number | null };

export const householdStatusSchema = z.object({
  status: z.enum(HOUSEHOLD_STATUSES, { message: '请选择状态' }),
  since: optionalPastDate('日期'),
});

type HouseholdNode = { id: number; kind: 'grid' | 'building'; name: string; path: string; gridName: string };

/** A node households hang from (a building, or a rural grid without buildings), in scope and not retired; else null. */
async function householdNode(db: AppDb, scope: Scope, nodeId: number): Promise<HouseholdNode | null> {
  const [node] = await db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, nodeId), withinScope(orgNodes.path, scope), isNull(orgNodes.retiredAt)))
    .limit(1);
  if (!node) return null;
  if (node.kind === 'grid' && node.rural) return { id: node.id, kind: 'grid', name: node.name, path: node.path, gridName: node.name };
  if (node.kind !== 'building' || node.parentId === null) return null;
  const [grid] = await db.select({ name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.id, node.parentId)).limit(1);
  return { id: node.id, kind: 'building', name: node.name, path: node.path, gridName: grid?.name ?? '' };
}

/** The address the demo and the ledgers use: "龙盛华庭 3号楼 2单元 301", or "龙湖村东片 12号" in a rural grid. */
export function composeAddress(node: Pick<HouseholdNode, 'kind' | 'name' | 'gridName'>, unit: string | null, room: string | null): string {
  return [node.gridName, node.kind === 'building' ? node.name : null, unit, room].filter(Boolean).join(' ');
}

export type HouseholdNodeChoice = { id: number; label: string; kind: 'grid' | 'building'; name: string; gridName: string };

/** Where households may be placed by this scope: its buildings and rural grids, in tree order, for the form's picker. */
export async function householdNodeChoices(db: AppDb, scope: Scope): Promise<HouseholdNodeChoice[]> {
  const rows = await db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, parentId: orgNodes.parentId, sortOrder: orgNodes.sortOrder })
    .from(orgNodes)
    .where(and(withinScope(orgNodes.path, scope), isNull(orgNodes.retiredAt), or(eq(orgNodes.kind, 'building'), and(eq(orgNodes.kind, 'grid'), eq(orgNodes.rural, true)))));
  const parentIds = [...new Set(rows.filter((r) => r.kind === 'building').map((r) => r.parentId!))];
  const grids = new Map(
    parentIds.length === 0
      ? []
      : (await db.select({ id: orgNodes.id, name: orgNodes.name, sortOrder: orgNodes.sortOrder }).from(orgNodes).where(inArray(orgNodes.id, parentIds))).map((g) => [g.id, g]),
  );
  // Tree order: grids by their place in the community, buildings by theirs within the grid.
  const gridKey = (r: (typeof rows)[number]) => (r.kind === 'grid' ? [r.sortOrder, r.id] : [grids.get(r.parentId!)?.sortOrder ?? 0, r.parentId!]);
  return rows
    .sort((a, b) => {
      const [ga, gb] = [gridKey(a), gridKey(b)];
      return ga[0]! - gb[0]! || ga[1]! - gb[1]! || a.sortOrder - b.sortOrder || a.id - b.id;
    })
    .map((r) => {
      const gridName = r.kind === 'grid' ? r.name : (grids.get(r.parentId!)?.name ?? '');
      const kind = r.kind === 'grid' ? ('grid' as const) : ('building' as const);
      return { id: r.id, label: kind === 'grid' ? `${r.name}（农村网格）` : `${gridName} ${r.name}`, kind, name: r.name, gridName };
    });
}

/** The household when the actor may change it (role and scope), else null. */
export async function editableHousehold(db: AppDb, actor: RegistryActor, householdId: number) {
  if (!mayEditHouseholds(actor.role)) return null;
  const [household] = await db
    .select()
    .from(households)
    .where(and(eq(households.id, householdId), withinScope(households.nodePath, actor.scope)))
    .limit(1);
  return household ?? null;
}

/** Another household still on the books (not moved away) at the same building, unit and room: the natural key of the ledgers. */
async function sameRoom(db: AppDb, nodeId: number, unit: string | null, room: string | null, exceptId?: number) {
  if (room === null) return null;
  const conditions: SQL[] = [
    eq(households.nodeId, nodeId),
    unit === null ? isNull(households.unit) : eq(households.unit, unit),
    eq(households.room, room),
    ne(households.status, 'moved_away'),
  ];
  if (exceptId !== undefined) conditions.push(ne(households.id, exceptId));
  const [row] = await db.select({ id: households.id }).from(households).where(and(...conditions)).limit(1);
  return row ?? null;
}

type Checked = { ok: true; node: HouseholdNode; values: { nodeId: number; nodePath: string; unit: string | null; room: string | null; address: string; size: number } };

/** Takes the room's lock first (`tx` is a store write): two households cannot be created in one room at the same time. */
async function checkInput(store: Store, tx: AppDb, actor: RegistryActor, input: HouseholdInput, exceptId?: number): Promise<Checked | Extract<RegistryResult, { ok: false }>> {
  const parsed = householdInputSchema.safeParse(input);
  if (!parsed.success) return refused(fieldErrorsOf(parsed.error));
  const { nodeId, unit, room, address, size } = parsed.data;
  const node = await householdNode(tx, actor.scope, nodeId);
  if (!node) {
    // A building outside the actor's scope looks like one that does not exist (404); one in scope that holds no households is a wrong choice.
    const [inScope] = await tx.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.id, nodeId), withinScope(orgNodes.path, actor.scope))).limit(1);
    return inScope ? refused({ nodeId: '请选择楼栋（或农村网格）' }) : NOT_FOUND;
  }
  if (node.kind === 'building' && room === null) return refused({ room: '请填写房号' });
  if (node.kind === 'grid' && room === null && address === null) return refused({ room: '请填写门牌号或地址' });
  await store.lockKey(tx, `household-room:${node.id}`);
  if (await sameRoom(tx, node.id, unit, room, exceptId)) return refused({ room: '该楼栋此房号已有住户档案，请查找后编辑' });
  return {
    ok: true,
    node,
    values: { nodeId: node.id, nodePath: node.path, unit, room, address: address ?? composeAddress(node, unit, room), size },
  };
}

/** The audited facts of a household, as before → after. */
const factsOf = (h: { nodeId: number; unit: string | null; room: string | null; address: string; size: number; status?: string; statusSince?: string | null }) => ({
  nodeId: h.nodeId,
  unit: h.unit,
  room: h.room,
  address: h.address,
  size: h.size,
  ...(h.status === undefined ? {} : { status: h.status, statusSince: h.statusSince ?? null }),
});

export async function createHousehold(store: Store, actor: RegistryActor, input: HouseholdInput, now = new Date()): Promise<RegistryResult<{ id: number }>> {
  if (!mayEditHouseholds(actor.role)) return NOT_FOUND;
  return store.write(async (tx) => {
    const checked = await checkInput(store, tx, actor, input);
    if (!checked.ok) return checked;
    const [row] = await tx
      .insert(households)
      .values({ ...checked.values, status: 'occupied', statusSince: isoDate(now) })
      .returning({ id: households.id });
    await writeChange(tx, { accountId: actor.id, action: 'create_household', subject: `household:${row!.id}`, before: null, after: factsOf({ ...checked.values, status: 'occupied', statusSince: isoDate(now) }) }, now);
    return { ok: true as const, id: row!.id };
  });
}

/**
 * Edits the facts; a new building moves the household (both buildings must be in scope). Its
 * cases and visits keep the place they were recorded at: history is not rewritten.
 */
export async function updateHousehold(store: Store, actor: RegistryActor, householdId: number, input: HouseholdInput, now = new Date()): Promise<RegistryResult<{ changed: boolean }>> {
  return store.write(async (tx) => {
    const before = await editableHousehold(tx, actor, householdId);
    if (!before) return NOT_FOUND;
    const checked = await checkInput(store, tx, actor, input, householdId);
    if (!checked.ok) return checked;
    const changed = await writeChange(
      tx,
      {
        accountId: actor.id,
        action: 'update_household',
        subject: `household:${householdId}`,
        before: factsOf(before),
        after: factsOf(checked.values),
        note: before.nodeId !== checked.values.nodeId ? `迁至 ${checked.node.gridName} ${checked.node.kind === 'building' ? checked.node.name : ''}`.trim() : undefined,
      },
      now,
    );
    if (changed) await tx.update(households).set(checked.values).where(eq(households.id, householdId));
    return { ok: true as const, changed };
  });
}

/** 在住 / 空置 / 已迁出, with the date it took effect (default today). The household and its history stay. */
export async function setHouseholdStatus(store: Store, actor: RegistryActor, householdId: number, input: { status: string; since?: string }, now = new Date()): Promise<RegistryResult<{ changed: boolean }>> {
  const parsed = householdStatusSchema.safeParse({ status: input.status, since: input.since ?? '' });
  return store.write(async (tx) => {
    const before = await editableHousehold(tx, actor, householdId);
    if (!before) return NOT_FOUND;
    if (!parsed.success) return refused(fieldErrorsOf(parsed.error));
    const { status } = parsed.data;
    // The status is checked in the UPDATE as well: of two concurrent changes, the second finds it changed and writes nothing.
    if (status === before.status) return { ok: true as const, changed: false };
    if (status !== 'moved_away' && before.status === 'moved_away') {
      await store.lockKey(tx, `household-room:${before.nodeId}`);
      if (await sameRoom(tx, before.nodeId, before.unit, before.room, householdId)) return refused({ status: '此房号已有新的住户档案，不能恢复' });
    }
    const since = parsed.data.since ?? isoDate(now);
    const updated = await tx
      .update(households)
      .set({ status, statusSince: since })
      .where(and(eq(households.id, householdId), eq(households.status, before.status)))
      .returning({ id: households.id });
    if (updated.length === 0) return { ok: true as const, changed: false };
    // A household that moved away needs no central household looking after it any more.
    const [link] = status === 'moved_away' ? await tx.select().from(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, householdId)).limit(1) : [];
    await writeChange(
      tx,
      {
        accountId: actor.id,
        action: 'update_household',
        subject: `household:${householdId}`,
        before: { status: before.status, statusSince: before.statusSince, ...(link ? { centralHouseholdId: link.centralHouseholdId } : {}) },
        after: { status, statusSince: since, ...(link ? { centralHouseholdId: null } : {}) },
      },
      now,
    );
    if (link) await tx.delete(centralHouseholdLinks).where(eq(centralHouseholdLinks.householdId, householdId));
    return { ok: true as const, changed: true };
  });
}

/** The care-tag form: a checkbox `tag` per tag ticked, with `since:<tag>` and `note:<tag>` beside it. */
export function careTagsFromForm(form: FormData): { tag: string; since: string; note: string }[] {
  return form
    .getAll('tag')
    .filter((t): t is string => typeof t === 'string')
    .map((tag) => ({ tag, since: String(form.get(`since:${tag}`) ?? ''), note: String(form.get(`note:${tag}`) ?? '') }));
}

/**
 * Replaces the stored care tags of a household the actor may edit (★), audited; 80岁以上 is
 * not among them (it is computed). Bad input changes nothing and names the tag at fault.
 */
export async function updateHouseholdCareTags(
  store: Store,
  actor: RegistryActor,
  householdId: number,
  tags: readonly { tag: string; since?: string; note?: string }[],
  now = new Date(),
): Promise<RegistryResult<{ changed: boolean }>> {
  if (!(await editableHousehold(store.db, actor, householdId))) return NOT_FOUND;
  const parsed: CareTagInput[] = [];
  const errors: Record<string, string> = {};
  for (const t of tags) {
    const r = careTagInputSchema.safeParse({ tag: t.tag, since: t.since ?? '', note: t.note ?? '' });
    if (r.success) parsed.push(r.data);
    else errors[`${String(r.error.issues[0]?.path[0] ?? 'tag') === 'tag' ? 'tag' : `${String(r.error.issues[0]?.path[0])}:${t.tag}`}`] ??= r.error.issues[0]?.message ?? '关爱标签填写有误';
  }
  if (Object.keys(errors).length > 0) return refused(errors);
  const since = parsed.find((t) => t.since && t.since > isoDate(now));
  if (since) return refused({ [`since:${since.tag}`]: '日期不能晚于今天' });
  return store.write(async (tx) => {
    // Tags of one household are replaced whole: one writer at a time, so two saves cannot interleave their delete and insert.
    await store.lockKey(tx, `care-tags:${householdId}`);
    return { ok: true as const, changed: await writeCareTags(tx, { accountId: actor.id }, householdId, parsed, now) };
  });
}
