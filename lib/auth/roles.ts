// Role names, their Chinese labels and the home page each role lands on after sign-in.
import type { Role } from '@/db/schema';

export type { Role };

export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  secretary: '社区书记',
  grid_worker: '网格员',
  party_member: '党员',
  unit_liaison: '单位联络人',
};

export const ROLE_HOME: Record<Role, string> = {
  admin: '/admin',
  secretary: '/desk',
  grid_worker: '/work',
  party_member: '/member',
  unit_liaison: '/unit',
};

/** Roles that may browse the organisation tree from its root (their scope's root). */
export const ORG_BROWSER_ROLES: readonly Role[] = ['admin', 'secretary'];
