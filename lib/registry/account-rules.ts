// Who may manage which accounts: the pure rules behind /admin/accounts, shared by pages, actions and tests.
import { ROLES, type OrgKind, type Role } from '@/db/schema';
import { isWithinScope, type Scope } from '@/lib/auth/scope';

/** The roles that manage accounts at all. */
export const ACCOUNT_MANAGER_ROLES = ['admin', 'secretary'] as const satisfies readonly Role[];

/**
 * The roles each manager may create, edit, reset and disable. A secretary looks after the
 * grid workers and party members of their community, never an administrator or another secretary.
 */
export const MANAGEABLE_ROLES: Record<Role, readonly Role[]> = {
  admin: ROLES,
  secretary: ['grid_worker', 'party_member'],
  grid_worker: [],
  party_member: [],
  unit_liaison: [],
};

/** Which level of the tree an account of each role acts for. A unit liaison acts for their unit's node. */
export const SCOPE_KINDS: Record<Role, readonly OrgKind[]> = {
  admin: ['county', 'township', 'community'],
  secretary: ['county', 'township', 'community'],
  grid_worker: ['grid'],
  party_member: ['grid', 'building'],
  unit_liaison: ['county', 'township', 'community'],
};

export type Manager = { id: number; role: Role; scope: Scope };
export type ManagedAccount = { id: number; role: Role; scopePaths: readonly string[] };

export function canManageAccounts(role: Role): boolean {
  return (ACCOUNT_MANAGER_ROLES as readonly Role[]).includes(role);
}

/**
 * Whether `manager` may act on `target` at all: a role they manage, and every node it acts for
 * inside the manager's scope. One's own account is never managed here (own password: /account/password),
 * so nobody can raise their own role, widen their own scope or disable themselves.
 */
export function mayManage(manager: Manager, target: ManagedAccount): boolean {
  if (target.id === manager.id) return false;
  if (!MANAGEABLE_ROLES[manager.role].includes(target.role)) return false;
  // An account that acts for no node yet is the administrator's to sort out.
  if (target.scopePaths.length === 0) return manager.role === 'admin' && manager.scope.paths.length > 0;
  return target.scopePaths.every((p) => isWithinScope(manager.scope, p));
}

/** Why an account with `role` may not act for `node` given by `manager`, or null when it may. */
export function scopeNodeProblem(manager: Manager, role: Role, node: { kind: OrgKind; path: string; retired: boolean }): string | null {
  if (!isWithinScope(manager.scope, node.path)) return '所选组织不在您的管辖范围内';
  if (node.retired) return '所选组织已撤销';
  if (!SCOPE_KINDS[role].includes(node.kind)) return `该角色的管辖范围只能是${SCOPE_KIND_LABELS[role]}`;
  return null;
}

const SCOPE_KIND_LABELS: Record<Role, string> = {
  admin: '县、乡镇（街道）或社区',
  secretary: '县、乡镇（街道）或社区',
  grid_worker: '网格',
  party_member: '网格或楼栋',
  unit_liaison: '单位所在的县、乡镇或社区',
};
