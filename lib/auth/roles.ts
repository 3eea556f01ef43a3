// Role names, their Chinese labels and the home page each role lands on after sign-in.
import type { OrgKind, Role } from '@/db/schema';

export type { Role };

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  secretary: '社区书记',
  grid_worker: '网格员',
  party_member: '党员',
  unit_liaison: '单位联络人',
};

/** A secretary is named by the level they answer for (a township's or the county's, not a community's); other roles by the role. */
export function roleLabelOf(role: Role, scopeKinds: readonly OrgKind[]): string {
  if (role !== 'secretary') return ROLE_LABELS[role];
  if (scopeKinds.includes('county')) return '县级书记';
  if (scopeKinds.includes('township')) return '镇街书记';
  return ROLE_LABELS.secretary;
}

export const ROLE_HOME: Record<Role, string> = {
  admin: '/admin',
  secretary: '/desk',
  grid_worker: '/work',
  party_member: '/member',
  unit_liaison: '/unit',
};

/** Roles that may browse the organisation tree from its root (their scope's root). */
export const ORG_BROWSER_ROLES: readonly Role[] = ['admin', 'secretary'];
