// Maintaining the organisation tree: create, rename, move and retire org nodes, party-organisation names and building party-group leaders.
import { and, asc, count, eq, inArray, isNull, like, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CaseStatus, OrgKind, Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts, accountScopes, apiTokens, cases, households, intakePoints, orgNodes, marketGoods, partyMembers, persons, pledgeItems, pledges, replyTemplates, units, visits, volunteerActivities } from '@/db/tables';
import { forgetTokens } from '@/lib/api/tokens';
import { OPEN_STATUSES } from '@/lib/cases/lifecycle';
import type { Scope } from '@/lib/auth/scope';
import { withinScope } from '@/lib/auth/scope-sql';
import { insertMissingIntakePoints, intakePointName } from '@/lib/cases/intake-points';
import { idParamSchema } from '@/lib/org/schemas';
import { writeChange } from '@/lib/registry/audit';
import { phoneSchema } from '@/lib/registry/identity';
import { textSchema } from '@/lib/validation/text';

/** Who changes the tree: the signed-in account's id, role and scope (lib/auth/current-user.ts). */
export type TreeActor = { id: number; role: Role; scope: Scope };

export type TreeResult =
  | { ok: true; nodeId: number; message: string }
  | { ok: false; code: 'not_found' | 'forbidden' | 'invalid_input'; message: string; fieldErrors?: Record<string, string[]> };

/** Only these maintain the tree; grid workers keep households (lib/registry/households.ts), not the structure. */
export const TREE_ROLES = ['admin', 'secretary'] as const satisfies readonly Role[];

/** What may be created under what: the four levels below the county. */
export const CHILD_KIND: Partial<Record<OrgKind, OrgKind>> = { county: 'township', township: 'community', community: 'grid', grid: 'building' };

/** Where a moved node may go: a grid to another community, a building to another grid. */
const MOVE_TARGET_KIND: Partial<Record<OrgKind, OrgKind>> = { grid: 'community', building: 'grid' };

/** Townships and communities are set up by the administrator; a secretary maintains the grids and buildings inside their scope. */
const SECRETARY_KINDS: readonly OrgKind[] = ['grid', 'building'];

export const KIND_NOUN: Record<OrgKind, string> = { county: '县', township: '乡镇/街道', community: '社区', grid: '网格', building: '楼栋' };

/**
 * Every table that keeps a copy of a node's path (`node_path`), so scope filters need no join.
 * A move rewrites each of them in the same transaction; lib/registry/tree-invariants.ts checks
 * that this list names every such table in the schema, so a new copy cannot be forgotten.
 */
export const NODE_PATH_COPIES = [households, cases, partyMembers, units, intakePoints, apiTokens, visits, replyTemplates, pledgeItems, pledges, volunteerActivities, marketGoods] as const;

// ---- input -----------------------------------------------------------------------------------

/** A choice from a select: the empty option gets `message`, anything not an id the same. */
export function pickedId(message: string) {
  return z
    .string({ error: message })
    .trim()
    .min(1, message)
    .transform(Number)
    .pipe(z.number().int(message).positive(message).max(2_147_483_647, message));
}

const nameSchema = textSchema().trim().min(1, '请填写名称').max(40, '名称不超过40字');
const optionalText = (maxLength: number, message: string) =>
  textSchema()
    .trim()
    .max(maxLength, message)
    .transform((v) => (v === '' ? null : v));
const optionalPhone = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .pipe(phoneSchema.nullable());

export const createNodeSchema = z.object({
  parentId: idParamSchema,
  name: nameSchema,
  partyOrgName: optionalText(40, '党组织名称不超过40字').default(''),
  /** A checkbox: "on" when ticked. Grids only. */
  rural: z
    .literal('on')
    .optional()
    .transform((v) => v === 'on'),
});
export type CreateNodeInput = z.infer<typeof createNodeSchema>;

export const updateNodeSchema = z.object({
  nodeId: idParamSchema,
  name: nameSchema,
  partyOrgName: optionalText(40, '党组织名称不超过40字').default(''),
  servicePhone: optionalPhone.default(null),
});
export type UpdateNodeInput = z.infer<typeof updateNodeSchema>;

export const moveNodeSchema = z.object({
  nodeId: idParamSchema,
  targetParentId: pickedId('请选择新的上级'),
});

export const retireNodeSchema = z.object({
  nodeId: idParamSchema,
  confirm: z.literal('on', { error: '请勾选确认撤销' }),
});

export const leaderSchema = z.object({
  nodeId: idParamSchema,
  /** Empty: the building has no party-group leader for now. */
  partyMemberId: z.union([z.literal('').transform(() => null), pickedId('请选择党员')]),
});

// ---- rules -----------------------------------------------------------------------------------

type NodeRow = typeof orgNodes.$inferSelect;

const NOT_FOUND = { ok: false, code: 'not_found', message: '找不到该组织节点。' } as const;

function refuse(message: string, field?: string): TreeResult {
  return { ok: false, code: 'invalid_input', message, fieldErrors: field ? { [field]: [message] } : undefined };
}

async function loadInScope(tx: AppDb, actor: TreeActor, nodeId: number): Promise<NodeRow | null> {
  const [node] = await tx.select().from(orgNodes).where(and(eq(orgNodes.id, nodeId), withinScope(orgNodes.path, actor.scope))).limit(1);
  return node ?? null;
}

/** Whether the actor may change a node of this kind (its scope is checked separately). */
export function mayMaintainKind(role: Role, kind: OrgKind): boolean {
  if (role === 'admin') return kind !== 'county';
  return role === 'secretary' && SECRETARY_KINDS.includes(kind);
}

/** Whether the actor may edit names of this node: a secretary also names their own community's 党总支. */
export function mayEditNode(role: Role, kind: OrgKind): boolean {
  return role === 'admin' || (role === 'secretary' && (kind === 'community' || SECRETARY_KINDS.includes(kind)));
}

/**
 * The tree's writes take this lock first (`tx` is a store write). Names are unique among the active children of
 * a parent by this check, not by the schema, and a move rewrites paths under a subtree: on PostgreSQL two such
 * writes would otherwise interleave (two 「3号楼」 under one grid, a node moved while another is created under it).
 * One key for the whole tree: its maintenance is rare and quick.
 */
const lockTree = (store: Store, tx: AppDb) => store.lockKey(tx, 'org-tree');

async function siblingNameTaken(tx: AppDb, parentId: number, name: string, exceptId?: number): Promise<boolean> {
  const rows = await tx
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.parentId, parentId), eq(orgNodes.name, name), isNull(orgNodes.retiredAt), exceptId ? sql`${orgNodes.id} <> ${exceptId}` : undefined))
    .limit(1);
  return rows.length > 0;
}

function nodeFields(n: Pick<NodeRow, 'name' | 'partyOrgName' | 'servicePhone'>) {
  return { name: n.name, partyOrgName: n.partyOrgName, servicePhone: n.servicePhone };
}

/** Names of the QR codes in a subtree follow the names of their building and grid. */
async function refreshIntakePointNames(tx: AppDb, subtreePath: string): Promise<void> {
  const points = await tx
    .select({ id: intakePoints.id, kind: intakePoints.kind, name: intakePoints.name, nodePath: intakePoints.nodePath, nodeName: orgNodes.name })
    .from(intakePoints)
    .innerJoin(orgNodes, eq(orgNodes.id, intakePoints.nodeId))
    .where(like(intakePoints.nodePath, `${subtreePath}%`));
  if (points.length === 0) return;
  const gridNames = new Map((await tx.select({ id: orgNodes.id, name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.kind, 'grid'))).map((g) => [g.id, g.name]));
  for (const p of points) {
    const gridId = p.nodePath.split('/').filter(Boolean).map(Number).find((id) => gridNames.has(id));
    const wanted = intakePointName(p.kind, p.nodeName, gridId === undefined ? '' : gridNames.get(gridId)!);
    if (wanted !== p.name) await tx.update(intakePoints).set({ name: wanted }).where(eq(intakePoints.id, p.id));
  }
}

// ---- commands --------------------------------------------------------------------------------

/** 新建: a township under the county, a community under a township (admin), a grid under a community, a building under a grid. */
export async function createNode(store: Store, actor: TreeActor, input: CreateNodeInput, now = new Date()): Promise<TreeResult> {
  return store.write(async (tx): Promise<TreeResult> => {
    await lockTree(store, tx);
    const parent = await loadInScope(tx, actor, input.parentId);
    if (!parent) return NOT_FOUND;
    const kind = CHILD_KIND[parent.kind];
    if (!kind) return refuse(`${KIND_NOUN[parent.kind]}下不能再设下级。`);
    if (!mayMaintainKind(actor.role, kind)) return { ok: false, code: 'forbidden', message: `只有系统管理员可以新建${KIND_NOUN[kind]}。` };
    if (parent.retiredAt) return refuse(`「${parent.name}」已撤销，不能在其下新建${KIND_NOUN[kind]}。`);
    if (kind === 'building' && parent.rural) return refuse('农村网格的住户直接登记在网格下，不设楼栋。');
    if (await siblingNameTaken(tx, parent.id, input.name)) return refuse(`「${parent.name}」下已有名为「${input.name}」的${KIND_NOUN[kind]}。`, 'name');

    const sortOrder = await nextSortOrder(tx, parent.id);
    const rural = kind === 'grid' && input.rural;
    // The path ends with the node's own id, known only after the insert: a unique placeholder first.
    const [row] = await tx
      .insert(orgNodes)
      .values({
        parentId: parent.id,
        kind,
        name: input.name,
        partyOrgName: input.partyOrgName,
        rural,
        path: `${parent.path}new-${now.getTime()}-${Math.random()}/`,
        depth: parent.depth + 1,
        sortOrder,
      })
      .returning({ id: orgNodes.id });
    const id = row!.id;
    const path = `${parent.path}${id}/`;
    await tx.update(orgNodes).set({ path }).where(eq(orgNodes.id, id));
    // A new grid or building can be printed and scanned at once: its QR codes come with it.
    const qrCodes = await insertMissingIntakePoints(tx, [id]);
    await writeChange(
      tx,
      {
        accountId: actor.id,
        action: 'create_node',
        subject: `node:${id}`,
        before: null,
        after: { kind, name: input.name, parentId: parent.id, partyOrgName: input.partyOrgName, rural, qrCodes },
      },
      now,
    );
    return { ok: true, nodeId: id, message: `已新建${KIND_NOUN[kind]}「${input.name}」。` };
  });
}

/** 修改: the name, the party organisation's name and (grids) the published service phone. */
export async function updateNode(store: Store, actor: TreeActor, input: UpdateNodeInput, now = new Date()): Promise<TreeResult> {
  return store.write(async (tx): Promise<TreeResult> => {
    await lockTree(store, tx);
    const node = await loadInScope(tx, actor, input.nodeId);
    if (!node) return NOT_FOUND;
    if (!mayEditNode(actor.role, node.kind)) return { ok: false, code: 'forbidden', message: `只有系统管理员可以修改${KIND_NOUN[node.kind]}。` };
    if (node.retiredAt) return refuse('已撤销的节点不能修改。');
    const next = { name: input.name, partyOrgName: input.partyOrgName, servicePhone: node.kind === 'grid' ? input.servicePhone : node.servicePhone };
    if (node.parentId !== null && next.name !== node.name && (await siblingNameTaken(tx, node.parentId, next.name, node.id))) {
      return refuse(`同一上级下已有名为「${next.name}」的${KIND_NOUN[node.kind]}。`, 'name');
    }
    const changed = await writeChange(tx, { accountId: actor.id, action: 'update_node', subject: `node:${node.id}`, before: nodeFields(node), after: next }, now);
    if (!changed) return { ok: true, nodeId: node.id, message: '没有需要保存的修改。' };
    await tx.update(orgNodes).set(next).where(eq(orgNodes.id, node.id));
    if (next.name !== node.name) await refreshIntakePointNames(tx, node.path);
    return { ok: true, nodeId: node.id, message: '已保存。' };
  });
}

export type MoveSummary = { households: number; cases: number; openCases: number; openCasesWithOldWorker: number };

/**
 * 调整归属: a grid to another community, a building to another grid. In one transaction the
 * subtree's paths and depths change, and so does every copy of them (NODE_PATH_COPIES); cases
 * in the subtree follow to the new grid, closed ones too, so per-grid figures (cases.grid_id)
 * and scope filters (cases.node_path) never disagree about where a case belongs. Account scopes
 * hold node ids, so the accounts of the moved grid or building follow it without a change.
 */
export async function moveNode(store: Store, actor: TreeActor, input: { nodeId: number; targetParentId: number }, now = new Date()): Promise<TreeResult & { summary?: MoveSummary }> {
  const moved = store.write(async (tx): Promise<TreeResult & { summary?: MoveSummary }> => {
    await lockTree(store, tx);
    const node = await loadInScope(tx, actor, input.nodeId);
    if (!node) return NOT_FOUND;
    const targetKind = MOVE_TARGET_KIND[node.kind];
    if (!targetKind) return refuse(`${KIND_NOUN[node.kind]}不能调整归属。`);
    if (!mayMaintainKind(actor.role, node.kind)) return { ok: false, code: 'forbidden', message: `只有系统管理员可以调整${KIND_NOUN[node.kind]}的归属。` };
    if (node.retiredAt) return refuse('已撤销的节点不能调整归属。');
    // Out of the actor's scope looks like "not there": a secretary cannot move things out of their community.
    const target = await loadInScope(tx, actor, input.targetParentId);
    if (!target || target.kind !== targetKind) return refuse(`请选择您负责范围内的${KIND_NOUN[targetKind]}。`, 'targetParentId');
    if (target.retiredAt) return refuse(`「${target.name}」已撤销，不能调入。`, 'targetParentId');
    if (target.id === node.parentId) return refuse(`「${node.name}」已在「${target.name}」下。`, 'targetParentId');
    if (node.kind === 'building' && target.rural) return refuse('农村网格不设楼栋，不能调入楼栋。', 'targetParentId');
    if (await siblingNameTaken(tx, target.id, node.name)) return refuse(`「${target.name}」下已有名为「${node.name}」的${KIND_NOUN[node.kind]}，请先改名。`, 'targetParentId');

    const oldPath = node.path;
    const newPath = `${target.path}${node.id}/`;
    const depthDelta = target.depth + 1 - node.depth;
    const rewrite = (column: typeof orgNodes.path | (typeof NODE_PATH_COPIES)[number]['nodePath']) => sql`${newPath} || substr(${column}, ${oldPath.length + 1})`;

    const summary = await caseSummary(tx, oldPath, node.kind === 'building' ? target.id : null);
    // Paths end with the node's own id, so no rewritten path can collide with another row's.
    await tx
      .update(orgNodes)
      .set({ path: rewrite(orgNodes.path), depth: sql`${orgNodes.depth} + ${depthDelta}` })
      .where(like(orgNodes.path, `${oldPath}%`));
    await tx.update(orgNodes).set({ parentId: target.id, sortOrder: await nextSortOrder(tx, target.id) }).where(eq(orgNodes.id, node.id));
    for (const table of NODE_PATH_COPIES) {
      await tx
        .update(table)
        .set({ nodePath: rewrite(table.nodePath) })
        .where(like(table.nodePath, `${oldPath}%`));
    }
    // A building's cases now belong to the new grid; a moved grid keeps its own id.
    if (node.kind === 'building') await tx.update(cases).set({ gridId: target.id }).where(like(cases.nodePath, `${newPath}%`));
    await refreshIntakePointNames(tx, newPath);

    await writeChange(
      tx,
      {
        accountId: actor.id,
        action: 'move_node',
        subject: `node:${node.id}`,
        before: { parentId: node.parentId, path: oldPath },
        after: { parentId: target.id, path: newPath },
        note: `${summary.households} 户、${summary.cases} 件事项（未办结 ${summary.openCases} 件）随之调整`,
      },
      now,
    );
    const followUp = summary.openCasesWithOldWorker > 0 ? `其中 ${summary.openCasesWithOldWorker} 件未办结事项仍由原网格的网格员办理，请在事项清单中改派。` : '';
    return {
      ok: true,
      nodeId: node.id,
      message: `已将「${node.name}」调整到「${target.name}」，${summary.households} 户、${summary.cases} 件事项随之调整。${followUp}`,
      summary,
    };
  });
  // API tokens scoped inside the subtree have a new path: the API's next request reads them again.
  return moved.finally(() => forgetTokens(store));
}

async function nextSortOrder(tx: AppDb, parentId: number): Promise<number> {
  const [last] = await tx.select({ value: max(orgNodes.sortOrder) }).from(orgNodes).where(eq(orgNodes.parentId, parentId));
  return (last?.value ?? 0) + 1;
}

/** Not yet closed: the lifecycle's open statuses, and resolved cases still waiting for their rating. */
const UNCLOSED_STATUSES: readonly CaseStatus[] = [...OPEN_STATUSES, 'resolved'];

/** Counts for the move's message and audit row; "old worker": an open case held by a grid worker who does not cover the new grid. */
async function caseSummary(tx: AppDb, oldPath: string, newGridId: number | null): Promise<MoveSummary> {
  const [h] = await tx.select({ n: count() }).from(households).where(like(households.nodePath, `${oldPath}%`));
  const [c] = await tx
    .select({ n: count(), open: sql<number>`coalesce(sum(case when ${inArray(cases.status, [...UNCLOSED_STATUSES])} then 1 else 0 end), 0)`.mapWith(Number) })
    .from(cases)
    .where(like(cases.nodePath, `${oldPath}%`));
  let withOldWorker = 0;
  if (newGridId !== null) {
    // Held by a grid worker none of whose scope nodes is the new grid or above it.
    const [w] = await tx
      .select({ n: count() })
      .from(cases)
      .innerJoin(accounts, eq(accounts.id, cases.handlerAccountId))
      .where(
        and(
          like(cases.nodePath, `${oldPath}%`),
          inArray(cases.status, [...UNCLOSED_STATUSES]),
          eq(accounts.role, 'grid_worker'),
          sql`not exists (select 1 from ${accountScopes} s join ${orgNodes} n on n.id = s.node_id
                where s.account_id = ${accounts.id} and (select path from org_nodes where id = ${newGridId}) like n.path || '%')`,
        ),
      );
    withOldWorker = w?.n ?? 0;
  }
  return { households: h?.n ?? 0, cases: c?.n ?? 0, openCases: c?.open ?? 0, openCasesWithOldWorker: withOldWorker };
}

/**
 * 撤销: the node and everything under it stop taking new requests and leave the pickers; nothing
 * is deleted, households and cases keep their history, and the QR codes answer with a message.
 */
export async function retireNode(store: Store, actor: TreeActor, input: { nodeId: number }, now = new Date()): Promise<TreeResult> {
  return store.write(async (tx): Promise<TreeResult> => {
    await lockTree(store, tx);
    const node = await loadInScope(tx, actor, input.nodeId);
    if (!node) return NOT_FOUND;
    if (!mayMaintainKind(actor.role, node.kind)) return { ok: false, code: 'forbidden', message: `只有系统管理员可以撤销${KIND_NOUN[node.kind]}。` };
    // A secretary's own scope node is not theirs to retire (they would retire themselves out of work).
    if (actor.role !== 'admin' && actor.scope.paths.includes(node.path)) return { ok: false, code: 'forbidden', message: '不能撤销本人负责的范围，请联系系统管理员。' };
    if (node.retiredAt) return refuse(`「${node.name}」已于此前撤销。`);
    const below = await tx
      .update(orgNodes)
      .set({ retiredAt: now })
      .where(and(like(orgNodes.path, `${node.path}%`), isNull(orgNodes.retiredAt)))
      .returning({ id: orgNodes.id });
    await writeChange(
      tx,
      {
        accountId: actor.id,
        action: 'retire_node',
        subject: `node:${node.id}`,
        before: { retiredAt: null },
        after: { retiredAt: now.toISOString() },
        note: below.length > 1 ? `连同下辖 ${below.length - 1} 个节点一并撤销` : undefined,
      },
      now,
    );
    return { ok: true, nodeId: node.id, message: `已撤销「${node.name}」${below.length > 1 ? `及下辖 ${below.length - 1} 个节点` : ''}，不再受理新的诉求。` };
  });
}

/** 楼栋党小组长: an active party member who serves that very building, or nobody. */
export async function setBuildingLeader(store: Store, actor: TreeActor, input: { nodeId: number; partyMemberId: number | null }, now = new Date()): Promise<TreeResult> {
  return store.write(async (tx): Promise<TreeResult> => {
    await lockTree(store, tx);
    const node = await loadInScope(tx, actor, input.nodeId);
    if (!node) return NOT_FOUND;
    if (node.kind !== 'building') return refuse('只有楼栋设党小组长。');
    if (!mayMaintainKind(actor.role, node.kind)) return { ok: false, code: 'forbidden', message: '您无权修改楼栋党小组长。' };
    if (node.retiredAt) return refuse('已撤销的楼栋不能修改。');
    if (input.partyMemberId !== null) {
      const member = await tx
        .select({ id: partyMembers.id })
        .from(partyMembers)
        .where(and(eq(partyMembers.id, input.partyMemberId), eq(partyMembers.nodeId, node.id), eq(partyMembers.status, 'active')))
        .limit(1);
      if (member.length === 0) return refuse('请选择在本楼栋服务的在册党员。', 'partyMemberId');
    }
    const changed = await writeChange(
      tx,
      { accountId: actor.id, action: 'update_node', subject: `node:${node.id}`, before: { leaderPartyMemberId: node.leaderPartyMemberId }, after: { leaderPartyMemberId: input.partyMemberId } },
      now,
    );
    if (changed) await tx.update(orgNodes).set({ leaderPartyMemberId: input.partyMemberId }).where(eq(orgNodes.id, node.id));
    return { ok: true, nodeId: node.id, message: changed ? '已保存党小组长。' : '没有需要保存的修改。' };
  });
}

// ---- reads for the edit panels and pickers -----------------------------------------------------

/** Active (not retired) nodes of some kinds in a scope, in tree order: for every picker of places. */
export async function activeNodesOf(db: AppDb, scope: Scope, kinds: readonly OrgKind[]) {
  return db
    .select({ id: orgNodes.id, kind: orgNodes.kind, name: orgNodes.name, path: orgNodes.path, parentId: orgNodes.parentId, rural: orgNodes.rural })
    .from(orgNodes)
    .where(and(withinScope(orgNodes.path, scope), isNull(orgNodes.retiredAt), inArray(orgNodes.kind, [...kinds])))
    .orderBy(asc(orgNodes.depth), asc(orgNodes.sortOrder), asc(orgNodes.id));
}

/** Where a node could move to within the actor's scope, labelled with the level above for clarity. */
export async function moveTargets(db: AppDb, actor: TreeActor, node: Pick<NodeRow, 'kind' | 'parentId'>): Promise<{ id: number; label: string }[]> {
  const kind = MOVE_TARGET_KIND[node.kind];
  if (!kind || !mayMaintainKind(actor.role, node.kind)) return [];
  const candidates = (await activeNodesOf(db, actor.scope, [kind])).filter((n) => n.id !== node.parentId && !(node.kind === 'building' && n.rural));
  const parentIds = [...new Set(candidates.map((n) => n.parentId).filter((id): id is number => id !== null))];
  const parents = new Map(
    parentIds.length === 0 ? [] : (await db.select({ id: orgNodes.id, name: orgNodes.name }).from(orgNodes).where(inArray(orgNodes.id, parentIds))).map((p) => [p.id, p.name]),
  );
  return candidates.map((n) => ({ id: n.id, label: n.parentId !== null && parents.has(n.parentId) ? `${parents.get(n.parentId)} · ${n.name}` : n.name }));
}

/** The active party members who serve a building: the choices for its party-group leader. */
export async function leaderCandidates(db: AppDb, buildingId: number) {
  return db
    .select({ id: partyMembers.id, name: persons.name, kind: partyMembers.kind })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(and(eq(partyMembers.nodeId, buildingId), eq(partyMembers.status, 'active')))
    .orderBy(asc(persons.name), asc(partyMembers.id));
}

/** The current party-group leader's name, and whether they still serve (a transfer out leaves a gap to fill). */
export async function buildingLeader(db: AppDb, node: Pick<NodeRow, 'id' | 'leaderPartyMemberId'>) {
  if (node.leaderPartyMemberId === null) return null;
  const [row] = await db
    .select({ id: partyMembers.id, name: persons.name, status: partyMembers.status, nodeId: partyMembers.nodeId })
    .from(partyMembers)
    .innerJoin(persons, eq(persons.id, partyMembers.personId))
    .where(eq(partyMembers.id, node.leaderPartyMemberId))
    .limit(1);
  return row ? { id: row.id, name: row.name, serving: row.status === 'active' && row.nodeId === node.id } : null;
}

/** The accounts scoped to a grid (its workers first), linked from the grid page to the accounts page. */
export async function accountsOfNode(db: AppDb, nodeId: number) {
  return db
    .select({ id: accounts.id, username: accounts.username, displayName: accounts.displayName, role: accounts.role, active: accounts.active })
    .from(accountScopes)
    .innerJoin(accounts, eq(accounts.id, accountScopes.accountId))
    .where(eq(accountScopes.nodeId, nodeId))
    .orderBy(sql`case when ${accounts.role} = 'grid_worker' then 0 else 1 end`, asc(accounts.username), asc(accounts.id));
}

/** How many active nodes lie below a node: retiring it retires them too, and the form says so. */
export async function activeDescendantCount(db: AppDb, node: Pick<NodeRow, 'id' | 'path'>): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(orgNodes)
    .where(and(like(orgNodes.path, `${node.path}%`), isNull(orgNodes.retiredAt), sql`${orgNodes.id} <> ${node.id}`));
  return row?.n ?? 0;
}

/** The party organisation each level has, for form labels. */
export const PARTY_ORG_LABEL: Record<OrgKind, string> = { county: '县委', township: '党委', community: '社区党总支', grid: '小区党支部', building: '楼栋党小组' };

export { MOVE_TARGET_KIND };
