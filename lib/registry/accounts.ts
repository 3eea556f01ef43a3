// Accounts: create, edit role and scope, one-time passwords, disable/enable; by admins and secretaries within their scope, audited.
import crypto from 'node:crypto';
import { and, asc, countDistinct, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { groupConcat } from '@/db/dialect';
import { ROLES, type OrgKind, type Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accountScopes, accounts, orgNodes, partyMembers, persons, sessions, units } from '@/db/tables';
import { hashPassword } from '@/lib/auth/password';
import { withinScope } from '@/lib/auth/scope-sql';
import { isWithinScope } from '@/lib/auth/scope';
import { writeChange } from './audit';
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

async function scopeNodesOf(db: AppDb, accountId: number): Promise<ScopeNode[]> {
  return db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, path: orgNodes.path })
    .from(accountScopes)
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(eq(accountScopes.accountId, accountId))
    .orderBy(asc(orgNodes.path), asc(orgNodes.id));
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

async function loadManaged(db: AppDb, manager: Manager, accountId: number): Promise<{ account: AccountRow; nodes: ScopeNode[] } | null> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!account) return null;
  const nodes = await scopeNodesOf(db, accountId);
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
export async function listAccountsInScope(db: AppDb, manager: Manager, filter: AccountFilter = {}): Promise<{ items: AccountListItem[]; truncated: boolean }> {
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
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not; this way both match alike.
    const like = (column: typeof accounts.username | typeof accounts.displayName | typeof accounts.phone) => sql`lower(${column}) like lower(${pattern}) escape '\\'`;
    conditions.push(sql`(${like(accounts.username)} or ${like(accounts.displayName)} or ${like(accounts.phone)})`);
  }
  if (filter.role) conditions.push(eq(accounts.role, filter.role));
  if (filter.status) conditions.push(eq(accounts.active, filter.status === 'active'));
  const rows = await db
    .select({
      id: accounts.id,
      username: accounts.username,
      displayName: accounts.displayName,
      role: accounts.role,
      phone: accounts.phone,
      active: accounts.active,
      mustChangePassword: accounts.mustChangePassword,
      unitName: units.name,
      scopeNames: groupConcat(orgNodes.name, '、'),
      scopePaths: groupConcat(orgNodes.path, ' '),
    })
    .from(accounts)
    .leftJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .leftJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .leftJoin(units, eq(units.id, accounts.unitId))
    .where(and(...conditions))
    .groupBy(accounts.id, units.name)
    .orderBy(asc(accounts.role), asc(accounts.username), asc(accounts.id))
    .limit(ACCOUNT_LIST_LIMIT + 1);
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
export async function getManagedAccount(db: AppDb, manager: Manager, accountId: number): Promise<AccountDetail | null> {
  const found = await loadManaged(db, manager, accountId);
  if (!found) return null;
  const { account, nodes } = found;
  const [member] = account.partyMemberId
    ? await db.select({ name: persons.name }).from(partyMembers).innerJoin(persons, eq(persons.id, partyMembers.personId)).where(eq(partyMembers.id, account.partyMemberId)).limit(1)
    : [];
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
export async function scopeOptions(db: AppDb, manager: Manager): Promise<ScopeOption[]> {
  const rows = await db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, path: orgNodes.path, parentId: orgNodes.parentId })
    .from(orgNodes)
    .where(and(withinScope(orgNodes.path, manager.scope), sql`${orgNodes.retiredAt} is null`, sql`${orgNodes.kind} <> 'building'`))
    .orderBy(asc(orgNodes.path), asc(orgNodes.id));
  const names = new Map(rows.map((r) => [r.id, r.name]));
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, path: r.path, label: r.parentId && names.has(r.parentId) && r.kind === 'grid' ? `${names.get(r.parentId)} · ${r.name}` : r.name }));
}

/** Active units within the manager's scope, for a unit liaison's account. */
export async function unitOptions(db: AppDb, manager: Manager): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(withinScope(units.nodePath, manager.scope), eq(units.active, true)))
    .orderBy(asc(units.kind), asc(units.name), asc(units.id));
}

// ---- the checks every write shares ----------------------------------------------------------

type Resolved = { nodeIds: number[]; unitId: number | null; partyMemberId: number | null };

/**
 * Checks what an account would become, against the manager's scope and the role's rules, and
 * says exactly which field is wrong. A unit liaison acts for their unit's node; the form's nodes are ignored.
 */
async function resolveTarget(
  db: AppDb,
  manager: Manager,
  input: { role: Role; nodeIds: readonly number[]; unitId: number | null; partyMemberId: number | null },
  selfId: number | null,
): Promise<{ ok: true; value: Resolved } | { ok: false; result: AccountResult }> {
  if (!MANAGEABLE_ROLES[manager.role].includes(input.role)) {
    return { ok: false, result: invalid('您不能设置这个角色。', { role: ['您不能设置这个角色'] }) };
  }
  let nodeIds = [...new Set(input.nodeIds)];
  let unitId: number | null = null;
  if (input.role === 'unit_liaison') {
    const [unit] = input.unitId ? await db.select().from(units).where(eq(units.id, input.unitId)).limit(1) : [];
    if (!unit || !isWithinScope(manager.scope, unit.nodePath)) return { ok: false, result: invalid('请选择联络人所在的单位。', { unitId: ['请选择单位'] }) };
    if (!unit.active) return { ok: false, result: invalid('该单位已停用。', { unitId: ['该单位已停用'] }) };
    unitId = unit.id;
    nodeIds = [unit.nodeId];
  }
  if (nodeIds.length === 0) return { ok: false, result: invalid('请选择管辖范围。', { nodeIds: ['请至少选择一个管辖范围'] }) };
  const nodes = await db
    .select({ id: orgNodes.id, kind: orgNodes.kind, path: orgNodes.path, retiredAt: orgNodes.retiredAt })
    .from(orgNodes)
    .where(inArray(orgNodes.id, nodeIds));
  if (nodes.length !== nodeIds.length) return { ok: false, result: invalid('所选组织不存在。', { nodeIds: ['所选组织不存在'] }) };
  for (const node of nodes) {
    const problem = scopeNodeProblem(manager, input.role, { kind: node.kind, path: node.path, retired: node.retiredAt !== null });
    if (problem) return { ok: false, result: invalid(`${problem}。`, { nodeIds: [problem] }) };
  }
  let partyMemberId: number | null = null;
  if (input.role === 'party_member' && input.partyMemberId) {
    const [member] = await db.select().from(partyMembers).where(eq(partyMembers.id, input.partyMemberId)).limit(1);
    if (!member || !isWithinScope(manager.scope, member.nodePath)) return { ok: false, result: invalid('党员不存在。', { partyMemberId: ['党员不存在'] }) };
    if (member.status !== 'active') return { ok: false, result: invalid('该党员已转出。', { partyMemberId: ['该党员已转出'] }) };
    const [holder] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.partyMemberId, member.id)).limit(1);
    if (holder && holder.id !== selfId) return { ok: false, result: invalid('该党员已有账号。', { partyMemberId: ['该党员已有账号'] }) };
    partyMemberId = member.id;
  }
  return { ok: true, value: { nodeIds: nodeIds.sort((a, b) => a - b), unitId, partyMemberId } };
}

/**
 * Usernames and phones are one namespace (either signs in), unique across both columns: the schema's indexes hold
 * each column alone, so the check runs under one lock for all account names (`tx` is a store write).
 */
async function uniquenessProblem(store: Store, tx: AppDb, fields: { username?: string; phone: string | null }, selfId: number | null): Promise<AccountResult | null> {
  await store.lockKey(tx, 'account-names');
  const taken = async (column: typeof accounts.username | typeof accounts.phone, value: string) => {
    const [row] = await tx.select({ id: accounts.id }).from(accounts).where(eq(column, value)).limit(1);
    return row !== undefined && row.id !== selfId;
  };
  if (fields.username && ((await taken(accounts.username, fields.username)) || (await taken(accounts.phone, fields.username)))) {
    return invalid('账号已被使用。', { username: ['账号已被使用'] });
  }
  if (fields.phone && ((await taken(accounts.phone, fields.phone)) || (await taken(accounts.username, fields.phone)))) {
    return invalid('该手机号已被其他账号使用。', { phone: ['该手机号已被其他账号使用'] });
  }
  return null;
}

// ---- commands -------------------------------------------------------------------------------

/** Ends every session of an account, in the write that changed its rights (lib/auth/sessions.ts's endAccountSessions, awaited). */
async function endSessions(tx: AppDb, accountId: number): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.accountId, accountId));
}

/**
 * A new account with a one-time password, returned once to show to the creator: the holder must
 * change it at their first sign-in. Audited with every field as [null, value].
 */
export async function createAccount(store: Store, manager: Manager, input: CreateAccountInput, now = new Date()): Promise<AccountResult> {
  return store.write(async (tx): Promise<AccountResult> => {
    const target = await resolveTarget(tx, manager, input, null);
    if (!target.ok) return target.result;
    const clash = await uniquenessProblem(store, tx, { username: input.username, phone: input.phone }, null);
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
    const [created] = await tx
      .insert(accounts)
      .values({ ...row, passwordHash: hashPassword(oneTimePassword), createdAt: now })
      .returning({ id: accounts.id });
    await tx.insert(accountScopes).values(target.value.nodeIds.map((nodeId) => ({ accountId: created!.id, nodeId })));
    await writeChange(tx, { accountId: manager.id, action: 'create_account', subject: `account:${created!.id}`, before: null, after: auditView(row, target.value.nodeIds) }, now);
    return { ok: true, accountId: created!.id, oneTimePassword };
  });
}

/**
 * Name, phone, role and scope of an account the manager may manage, to a state they could have
 * created. Sessions end when the role or scope changes, so the holder's next page shows the new rights.
 */
export async function updateAccount(store: Store, manager: Manager, input: UpdateAccountInput, now = new Date()): Promise<AccountResult> {
  return store.write(async (tx): Promise<AccountResult> => {
    // One change of an account at a time: its scope rows are replaced whole.
    await store.lockKey(tx, `account:${input.accountId}`);
    const found = await loadManaged(tx, manager, input.accountId);
    if (!found) return NOT_FOUND;
    const { account, nodes } = found;
    // The form does not offer the party-member link: a party member's account keeps the one it has.
    const partyMemberId = input.partyMemberId ?? (input.role === 'party_member' ? account.partyMemberId : null);
    const target = await resolveTarget(tx, manager, { ...input, partyMemberId }, account.id);
    if (!target.ok) return target.result;
    const clash = await uniquenessProblem(store, tx, { phone: input.phone }, account.id);
    if (clash) return clash;
    const next = { displayName: input.displayName, phone: input.phone, role: input.role, unitId: target.value.unitId, partyMemberId: target.value.partyMemberId };
    const before = auditView(account, nodes.map((n) => n.id));
    const after = auditView({ ...account, ...next }, target.value.nodeIds);
    const changed = await writeChange(tx, { accountId: manager.id, action: 'update_account', subject: `account:${account.id}`, before, after }, now);
    if (!changed) return { ok: true, accountId: account.id };
    await tx.update(accounts).set(next).where(eq(accounts.id, account.id));
    const rightsChanged = before.role !== after.role || JSON.stringify(before.scopeNodeIds) !== JSON.stringify(after.scopeNodeIds);
    if (JSON.stringify(before.scopeNodeIds) !== JSON.stringify(after.scopeNodeIds)) {
      await tx.delete(accountScopes).where(eq(accountScopes.accountId, account.id));
      await tx.insert(accountScopes).values(target.value.nodeIds.map((nodeId) => ({ accountId: account.id, nodeId })));
    }
    if (rightsChanged) await endSessions(tx, account.id);
    return { ok: true, accountId: account.id };
  });
}

/** A new one-time password (shown once); every session of the account ends, and the next sign-in must change it. */
export async function resetPassword(store: Store, manager: Manager, accountId: number, now = new Date()): Promise<AccountResult> {
  return store.write(async (tx): Promise<AccountResult> => {
    await store.lockKey(tx, `account:${accountId}`);
    const found = await loadManaged(tx, manager, accountId);
    if (!found) return NOT_FOUND;
    const oneTimePassword = generateOneTimePassword();
    await tx.update(accounts).set({ passwordHash: hashPassword(oneTimePassword), mustChangePassword: true }).where(eq(accounts.id, accountId));
    await endSessions(tx, accountId);
    await writeChange(
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
  });
}

/**
 * Disables or enables an account. Disabling ends its sessions in the same transaction (and the
 * trigger of migration 0007 would too), so its very next request is signed out. The state is checked
 * in the UPDATE: of two concurrent clicks, one changes it and is audited.
 */
export async function setAccountActive(store: Store, manager: Manager, accountId: number, active: boolean, now = new Date()): Promise<AccountResult> {
  return store.write(async (tx): Promise<AccountResult> => {
    const found = await loadManaged(tx, manager, accountId);
    if (!found) return NOT_FOUND;
    if (found.account.active === active) return { ok: true, accountId };
    const updated = await tx
      .update(accounts)
      .set({ active })
      .where(and(eq(accounts.id, accountId), eq(accounts.active, !active)))
      .returning({ id: accounts.id });
    if (updated.length === 0) return { ok: true, accountId };
    if (!active) await endSessions(tx, accountId);
    await writeChange(
      tx,
      { accountId: manager.id, action: active ? 'enable_account' : 'disable_account', subject: `account:${accountId}`, before: { active: !active }, after: { active } },
      now,
    );
    return { ok: true, accountId };
  });
}

/** What the account form may offer this manager: the roles they manage, the nodes and units within their scope. */
export async function accountFormChoices(db: AppDb, manager: Manager) {
  return {
    roles: MANAGEABLE_ROLES[manager.role].map((role) => ({ role, kinds: SCOPE_KINDS[role] })),
    scopes: await scopeOptions(db, manager),
    units: MANAGEABLE_ROLES[manager.role].includes('unit_liaison') ? await unitOptions(db, manager) : [],
  };
}

/** How many active accounts of each role act for some part of the manager's scope (the admin's overview). */
export async function accountCountsByRole(db: AppDb, manager: Manager): Promise<Partial<Record<Role, number>>> {
  const rows = await db
    .select({ role: accounts.role, n: countDistinct(accounts.id) })
    .from(accounts)
    .innerJoin(accountScopes, eq(accountScopes.accountId, accounts.id))
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(and(eq(accounts.active, true), withinScope(orgNodes.path, manager.scope)))
    .groupBy(accounts.role);
  return Object.fromEntries(rows.map((r) => [r.role, r.n]));
}
