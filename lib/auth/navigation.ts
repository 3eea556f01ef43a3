// The navigation each role sees; pages still check the role themselves.
import type { Role } from '@/db/schema';

export type NavItem = { href: string; label: string };

export const ROLE_NAV: Record<Role, NavItem[]> = {
  admin: [
    { href: '/admin', label: '系统概览' },
    { href: '/org', label: '组织架构' },
  ],
  secretary: [
    { href: '/desk', label: '工作台' },
    { href: '/org', label: '组织架构' },
  ],
  grid_worker: [{ href: '/work', label: '我的网格' }],
  party_member: [{ href: '/member', label: '我的服务' }],
  unit_liaison: [{ href: '/unit', label: '本单位' }],
};
