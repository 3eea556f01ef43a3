// Accounts: create, edit role and scope, one-time passwords, disable/enable; by admins and secretaries within their scope, audited.
import crypto from 'node:crypto';
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DB } from '@/db/client';
import { accountScopes, accounts, orgNodes, partyMembers, persons, ROLES, units, type OrgKind, type Role } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { withinScope } from '@/lib/auth/scope-sql';
import { isWithinScope } from '@/lib/auth/scope';
import { endAccountSessionsSync } from '@/lib/auth/sessions';
import { recordChange } from './audit';
import { MANAGEABLE_ROLES, mayManage, SCOPE_KINDS, scopeNodeProblem, type Manager } from './account-rules';
import { phoneSchema } from './identity';

// ---- input ----------------------------------------------------------------------------------

const optionalId = z
  .union([z.literal(''), z.coerce.number().int().positive()])
  .optional()
  .transform((v) => (typeof v === 'number' ? v : null));

const accountFields = {
  displayName: z.string({ error: '请填写姓名' }).trim().min(1, '请填写姓名').max(32, '姓名不超过32字'),
  phone: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? '')
    .pipe(z.union([z.literal(''), phoneSchema]))
    .transform((v) => (v === '' ? null : v)),
  role: z.enum(ROLES, { error: '请选择角色' }),
  nodeIds: z.array(z.coerce.number().int().positive()).max(20, '管辖范围最多20个'),
  unitId: optionalId,
  partyMemberId: optionalId,
};

export const createAccountSchema = z.object({
  username: z
    .string({ error: '请填写账号' })
    .trim()
    .min(3, '账号至少3位')
    .max(32, '账号不超过32位')
    .regex(/^[A-Za-z0-9_.-]+$/, '账号只能包含字母、数字、下划线、点和横线')
    // A login that looks like a phone number would collide with signing in by phone.
    .refine((v) => !/^\d{11}$/.test(v), '账号不能是手机号，手机号请填在“手机”一栏'),
  ...accountFields,
});
export type CreateAccountInput = z.infer<typeof createAccountSchema>;

export const updateAccountSchema = z.object({ accountId: z.coerce.number().int().positive(), ...accountFields });
export type UpdateAccountInput = z.infer<typeof updateAccountSchema>;

export const accountIdSchema = z.object({ accountId: z.coerce.number().int().positive() });

export type FieldErrors = Partial<Record<'username' | 'displayName' | 'phone' | 'role' | 'nodeIds' | 'unitId' | 'partyMemberId', string[]>>;

export type AccountResult =
  | { ok: true; accountId: number; oneTimePassword?: string }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; message: string; fieldErrors?: FieldErrors };

const invalid = (message: string, fieldErrors?: FieldErrors): AccountResult => ({ ok: false, reason: 'invalid', message, fieldErrors });
const NOT_FOUND: AccountResult = { ok: false, reason: 'not_found' };

// ---- one-time passwords ---------------------------------------------------------------------

/** No 0/o, 1/l/i: read aloud over the phone or copied from a note without mistakes. */
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten characters with at least one letter and one digit (~49 bits; sign-in throttling does the rest). */
export function generateOneTimePassword(): string {
  for (;;) {
    const value = Array.from({ length: 10 }, () => OTP_ALPHABET[crypto.randomInt(OTP_ALPHABET.length)]).join('');
    if (/\d/.test(value) && /[a-z]/.test(value)) return value;
  }
}

// ---- reads ----------------------------------------------------------------------------------

type AccountRow = typeof accounts.$inferSelect;
type ScopeNode = { id: number; name: string; kind: OrgKind; path: string };

function scopeNodesOf(db: Pick<DB, 'select'>, accountId: number): ScopeNode[] {
  return db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, path: orgNodes.path })
    .from(accountScopes)
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(eq(accountScopes.accountId, accountId))
    .orderBy(asc(orgNodes.path))
    .all();
}

/** The fields an audit row compares: what an account is, without its password. */
function auditView(a: Pick<AccountRow, 'username' | 'displayName' | 'phone' | 'role' | 'unitId' | 'partyMemberId' | 'active' | 'mustChangePassword'>, nodes: readonly number[]) {
  return {
    username: a.username,
    displayName: a.displayName,
    phone: a.phone,
    role: a.role,
    scopeNodeIds: [...nodes].sort((x, y) => x - y),
    unitId: a.unitId,
    partyMemberId: a.partyMemberId,
    active: a.active,
    mustChangePassword: a.mustChangePassword,
  };
}

function loadManaged(db: Pick<DB, 'select'>, manager: Manager, accountId: number): { account: AccountRow; nodes: ScopeNode[] } | null {
  const account = db.select().from(accounts).where(eq(accounts.id, accountId)).get();
  if (!account) return null;
  const nodes = scopeNodesOf(db, accountId);
  return mayManage(manager, { id: account.id, role: account.role, scopePaths: nodes.map((n) => n.path) }) ? { account, nodes } : null;
}

export type AccountListItem = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
  scopeNames: string;
  unitName: string | null;
  manageable: boolean;
};

export const accountFilterSchema = z.object({
  q: z.string().trim().max(32).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(['active', 'disabled']).optional().catch(undefined),
});
export type AccountFilter = z.infer<typeof accountFilterSchema>;

export const ACCOUNT_LIST_LIMIT = 300;

/**
 * The accounts acting for some part of the manager's scope (an administrator also sees accounts
 * with no scope at all), filtered in SQL; each says whether the manager may change it.
 */
export function listAccountsInScope(db: DB, manager: Manager, filter: AccountFilter = {}): { items: AccountListItem[]; truncated: boolean } {
  const inScope = db
    .select({ id: accountScopes.accountId })
    .from(accountScopes)
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(withinScope(orgNodes.path, manager.scope));
  const unscoped = sql`not exists (select 1 from ${accountScopes} where ${accountScopes.accountId} = ${accounts.id})`;
  const visible = manager.role === 'admin' ? or(inArray(accounts.id, inScope), unscoped)! : inArray(accounts.id, inScope);
  const conditions: SQL[] = [visible];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(${accounts.username} like ${pattern} escape '\\' or ${accounts.displayName} like ${pattern} escape '\\' or ${accounts.phone} like ${pattern} escape '\\')`);
  }
  if (filter.role) conditions.push(eq(accounts.role, filter.role));
  if (filter.status) conditions.push(eq(accounts.active, filter.status === 'active'));
  const rows = db
    .select({
      id: accounts.id,
      username: accounts.username,
      displayName: accounts.displayName,
      role: accounts.role,
      phone: accounts.phone,
      active: accounts.active,
      mustChangePassword: accounts.mustChangePassword,
      unitName: units.name,
      scopeNames: sql<string | null>`group_concat(${orgNodes.name}, '、')`,
      scopePaths: sql<string | null>`group_concat(${orgNodes.path}, ' ')`,
    })
    .from(accounts)
    .leftJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .leftJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .leftJoin(units, eq(units.id, accounts.unitId))
    .where(and(...conditions))
    .groupBy(accounts.id)
    .orderBy(asc(accounts.role), asc(accounts.username))
    .limit(ACCOUNT_LIST_LIMIT + 1)
    .all();
  const items = rows.slice(0, ACCOUNT_LIST_LIMIT).map(({ scopePaths, ...r }) => ({
    ...r,
    scopeNames: r.scopeNames ?? '',
    manageable: mayManage(manager, { id: r.id, role: r.role, scopePaths: scopePaths ? scopePaths.split(' ') : [] }),
  }));
  return { items, truncated: rows.length > ACCOUNT_LIST_LIMIT };
}

export type AccountDetail = {
  id: number;
  username: string;
  displayName: string;
  phone: string | null;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  unitId: number | null;
  partyMemberId: number | null;
  partyMemberName: string | null;
  scopeNodes: ScopeNode[];
};

/** One account the manager may change, or null (absent and out-of-scope look the same: 404). */
export function getManagedAccount(db: DB, manager: Manager, accountId: number): AccountDetail | null {
  const found = loadManaged(db, manager, accountId);
  if (!found) return null;
  const { account, nodes } = found;
  const member = account.partyMemberId
    ? db.select({ name: persons.name }).from(partyMembers).innerJoin(persons, eq(persons.id, partyMembers.personId)).where(eq(partyMembers.id, account.partyMemberId)).get()
    : undefined;
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    phone: account.phone,
    role: account.role,
    active: account.active,
    mustChangePassword: account.mustChangePassword,
    createdAt: account.createdAt,
    unitId: account.unitId,
    partyMemberId: account.partyMemberId,
    partyMemberName: member?.name ?? null,
    scopeNodes: nodes,
  };
}

export type ScopeOption = { id: number; name: string; kind: OrgKind; path: string; label: string };

/** The nodes the manager may give an account (not retired), labelled with their parents for the picker. */
export function scopeOptions(db: DB, manager: Manager): ScopeOption[] {
  const rows = db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, path: orgNodes.path, parentId: orgNodes.parentId })
    .from(orgNodes)
    .where(and(withinScope(orgNodes.path, manager.scope), sql`${orgNodes.retiredAt} is null`, sql`${orgNodes.kind} <> 'building'`))
    .orderBy(asc(orgNodes.path))
    .all();
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, path: r.path, label: r.parentId && names.has(r.parentId) && r.kind === 'grid' ? `${names.get(r.parentId)} · ${r.name}` : r.name }));
}

/** Active units within the manager's scope, for a unit liaison's account. */
export function unitOptions(db: DB, manager: Manager): { id: number; name: string }[] {
  return db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(withinScope(units.nodePath, manager.scope), eq(units.active, true)))
    .orderBy(asc(units.kind), asc(units.name))
    .all();
}

// ---- the checks every write shares ----------------------------------------------------------

type Resolved = { nodeIds: number[]; unitId: number | null; partyMemberId: number | null };

/**
 * Checks what an account would become, against the manager's scope and the role's rules, and
 * says exactly which field is wrong. A unit liaison acts for their unit's node; the form's nodes are ignored.
 */
function resolveTarget(
  db: Pick<DB, 'select'>,
  manager: Manager,
  input: { role: Role; nodeIds: readonly number[]; unitId: number | null; partyMemberId: number | null },
  selfId: number | null,
): { ok: true; value: Resolved } | { ok: false; result: AccountResult } {
  if (!MANAGEABLE_ROLES[manager.role].includes(input.role)) {
    return { ok: false, result: invalid('您不能设置这个角色。', { role: ['您不能设置这个角色'] }) };
  }
  let nodeIds = [...new Set(input.nodeIds)];
  let unitId: number | null = null;
  if (input.role === 'unit_liaison') {
    const unit = input.unitId ? db.select().from(units).where(eq(units.id, input.unitId)).get() : undefined;
    if (!unit || !isWithinScope(manager.scope, unit.nodePath)) return { ok: false, result: invalid('请选择联络人所在的单位。', { unitId: ['请选择单位'] }) };
    if (!unit.active) return { ok: false, result: invalid('该单位已停用。', { unitId: ['该单位已停用'] }) };
    unitId = unit.id;
    nodeIds = [unit.nodeId];
  }
  if (nodeIds.length === 0) return { ok: false, result: invalid('请选择管辖范围。', { nodeIds: ['请至少选择一个管辖范围'] }) };
  const nodes = db
    .select({ id: orgNodes.id, kind: orgNodes.kind, path: orgNodes.path, retiredAt: orgNodes.retiredAt })
    .from(orgNodes)
    .where(inArray(orgNodes.id, nodeIds))
    .all();
  if (nodes.length !== nodeIds.length) return { ok: false, result: invalid('所选组织不存在。', { nodeIds: ['所选组织不存在'] }) };
  for (const node of nodes) {
    const problem = scopeNodeProblem(manager, input.role, { kind: node.kind, path: node.path, retired: node.retiredAt !== null });
    if (problem) return { ok: false, result: invalid(`${problem}。`, { nodeIds: [problem] }) };
  }
  let partyMemberId: number | null = null;
  if (input.role === 'party_member' && input.partyMemberId) {
    const member = db.select().from(partyMembers).where(eq(partyMembers.id, input.partyMemberId)).get();
    if (!member || !isWithinScope(manager.scope, member.nodePath)) return { ok: false, result: invalid('党员不存在。', { partyMemberId: ['党员不存在'] }) };
    if (member.status !== 'active') return { ok: false, result: invalid('该党员已转出。', { partyMemberId: ['该党员已转出'] }) };
    const holder = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.partyMemberId, member.id)).get();
    if (holder && holder.id !== selfId) return { ok: false, result: invalid('该党员已有账号。', { partyMemberId: ['该党员已有账号'] }) };
    partyMemberId = member.id;
  }
  return { ok: true, value: { nodeIds: nodeIds.sort((a, b) => a - b), unitId, partyMemberId } };
}

function uniquenessProblem(db: Pick<DB, 'select'>, fields: { username?: string; phone: string | null }, selfId: number | null): AccountResult | null {
  const taken = (column: typeof accounts.username | typeof accounts.phone, value: string) => {
    const row = db.select({ id: accounts.id }).from(accounts).where(eq(column, value)).get();
    return row !== undefined && row.id !== selfId;
  };
  if (fields.username && (taken(accounts.username, fields.username) || taken(accounts.phone, fields.username))) {
    return invalid('账号已被使用。', { username: ['账号已被使用'] });
  }
  if (fields.phone && (taken(accounts.phone, fields.phone) || taken(accounts.username, fields.phone))) {
    return invalid('该手机号已被其他账号使用。', { phone: ['该手机号已被其他账号使用'] });
  }
  return null;
}

// ---- commands -------------------------------------------------------------------------------

/**
 * A new account with a one-time password, returned once to show to the creator: the holder must
 * change it at their first sign-in. Audited with every field as [null, value].
 */
export function createAccount(db: DB, manager: Manager, input: CreateAccountInput, now = new Date()): AccountResult {
  return db.transaction((tx) => {
    const target = resolveTarget(tx, manager, input, null);
    if (!target.ok) return target.result;
    const clash = uniquenessProblem(tx, { username: input.username, phone: input.phone }, null);
    if (clash) return clash;
    const oneTimePassword = generateOneTimePassword();
    const row = {
      username: input.username,
      displayName: input.displayName,
      phone: input.phone,
      role: input.role,
      unitId: target.value.unitId,
      partyMemberId: target.value.partyMemberId,
      active: true,
      mustChangePassword: true,
    };
    const created = tx
      .insert(accounts)
      .values({ ...row, passwordHash: hashPassword(oneTimePassword), createdAt: now })
      .returning({ id: accounts.id })
      .get();
    tx.insert(accountScopes).values(target.value.nodeIds.map((nodeId) => ({ accountId: created.id, nodeId }))).run();
    recordChange(tx, { accountId: manager.id, action: 'create_account', subject: `account:${created.id}`, before: null, after: auditView(row, target.value.nodeIds) }, now);
    return { ok: true, accountId: created.id, oneTimePassword };
  }, { behavior: 'immediate' });
}

/**
 * Name, phone, role and scope of an account the manager may manage, to a state they could have
 * created. Sessions end when the role or scope changes, so the holder's next page shows the new rights.
 */
export function updateAccount(db: DB, manager: Manager, input: UpdateAccountInput, now = new Date()): AccountResult {
  return db.transaction((tx) => {
    const found = loadManaged(tx, manager, input.accountId);
    if (!found) return NOT_FOUND;
    const { account, nodes } = found;
    // The form does not offer the party-member link: a party member's account keeps the one it has.
    const partyMemberId = input.partyMemberId ?? (input.role === 'party_member' ? account.partyMemberId : null);
    const target = resolveTarget(tx, manager, { ...input, partyMemberId }, account.id);
    if (!target.ok) return target.result;
    const clash = uniquenessProblem(tx, { phone: input.phone }, account.id);
    if (clash) return clash;
    const next = { displayName: input.displayName, phone: input.phone, role: input.role, unitId: target.value.unitId, partyMemberId: target.value.partyMemberId };
    const before = auditView(account, nodes.map((n) => n.id));
    const after = auditView({ ...account, ...next }, target.value.nodeIds);
    const changed = recordChange(tx, { accountId: manager.id, action: 'update_account', subject: `account:${account.id}`, before, after }, now);
    if (!changed) return { ok: true, accountId: account.id };
    tx.update(accounts).set(next).where(eq(accounts.id, account.id)).run();
    const rightsChanged = before.role !== after.role || JSON.stringify(before.scopeNodeIds) !== JSON.stringify(after.scopeNodeIds);
    if (JSON.stringify(before.scopeNodeIds) !== JSON.stringify(after.scopeNodeIds)) {
      tx.delete(accountScopes).where(eq(accountScopes.accountId, account.id)).run();
      tx.insert(accountScopes).values(target.value.nodeIds.map((nodeId) => ({ accountId: account.id, nodeId }))).run();
    }
    if (rightsChanged) endAccountSessionsSync(tx, account.id);
    return { ok: true, accountId: account.id };
  }, { behavior: 'immediate' });
}

/** A new one-time password (shown once); every session of the account ends, and the next sign-in must change it. */
export function resetPassword(db: DB, manager: Manager, accountId: number, now = new Date()): AccountResult {
  return db.transaction((tx) => {
    const found = loadManaged(tx, manager, accountId);
    if (!found) return NOT_FOUND;
    const oneTimePassword = generateOneTimePassword();
    tx.update(accounts).set({ passwordHash: hashPassword(oneTimePassword), mustChangePassword: true }).where(eq(accounts.id, accountId)).run();
    endAccountSessionsSync(tx, accountId);
    recordChange(
      tx,
      {
        accountId: manager.id,
        action: 'reset_password',
        subject: `account:${accountId}`,
        before: { mustChangePassword: found.account.mustChangePassword },
        after: { mustChangePassword: true },
        note: '已发放一次性密码',
      },
      now,
    );
    return { ok: true, accountId, oneTimePassword };
  }, { behavior: 'immediate' });
}

/**
 * Disables or enables an account. Disabling ends its sessions in the same transaction (and the
 * trigger of migration 0007 would too), so its very next request is signed out.
 */
export function setAccountActive(db: DB, manager: Manager, accountId: number, active: boolean, now = new Date()): AccountResult {
  return db.transaction((tx) => {
    const found = loadManaged(tx, manager, accountId);
    if (!found) return NOT_FOUND;
    if (found.account.active === active) return { ok: true, accountId };
    tx.update(accounts).set({ active }).where(eq(accounts.id, accountId)).run();
    if (!active) endAccountSessionsSync(tx, accountId);
    recordChange(
      tx,
      { accountId: manager.id, action: active ? 'enable_account' : 'disable_account', subject: `account:${accountId}`, before: { active: !active }, after: { active } },
      now,
    );
    return { ok: true, accountId };
  }, { behavior: 'immediate' });
}

/** What the account form may offer this manager: the roles they manage, the nodes and units within their scope. */
export function accountFormChoices(db: DB, manager: Manager) {
  return {
    roles: MANAGEABLE_ROLES[manager.role].map((role) => ({ role, kinds: SCOPE_KINDS[role] })),
    scopes: scopeOptions(db, manager),
    units: MANAGEABLE_ROLES[manager.role].includes('unit_liaison') ? unitOptions(db, manager) : [],
  };
}

/** How many active accounts of each role act for some part of the manager's scope (the admin's overview). */
export function accountCountsByRole(db: DB, manager: Manager): Partial<Record<Role, number>> {
  const rows = db
    .select({ role: accounts.role, n: sql<number>`count(distinct ${accounts.id})` })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.active, true), withinScope(orgNodes.path, manager.scope)))
    .groupBy(accounts.role)
    .all();
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}
