// The navigation each role sees; pages still check the role themselves.
import type { Role } from '@/db/schema';

export type NavItem = { href: string; label: string };

export const ROLE_NAV: Record<Role, NavItem[]> = {
  admin: [
    { href: '/admin', label: '系统概览' },
    { href: '/desk/cases', label: '事项' },
    { href: '/desk/stats', label: '统计' },
    { href: '/desk/exports', label: '台账导出' },
    { href: '/org', label: '组织架构' },
    { href: '/party-members', label: '党员管理' },
    { href: '/registry/import', label: '台账导入导出' },
    { href: '/admin/accounts', label: '账号管理' },
    { href: '/org/units', label: '共建单位' },
    { href: '/cobuild', label: '大党委项目' },
    { href: '/admin/limits', label: '办理时限' },
    { href: '/desk/templates', label: '回复模板' },
    { href: '/admin/tokens', label: '接口令牌' },
    { href: '/admin/audit', label: '审计日志' },
    { href: '/admin/privacy', label: '个人信息保护' },
    { href: '/admin/visits', label: '走访周期' },
    { href: '/points', label: '志愿积分' },
    { href: '/points/rules', label: '积分规则' },
    { href: '/admin/sessions', label: '登录会话' },
  ],
  secretary: [
    { href: '/desk', label: '工作台' },
    { href: '/desk/cases', label: '事项' },
    { href: '/desk/stats', label: '统计' },
    { href: '/desk/report', label: '月度报告' },
    { href: '/desk/pledges', label: '党员承诺' },
    { href: '/desk/exports', label: '台账导出' },
    { href: '/desk/residents', label: '居民信息导出' },
    { href: '/org', label: '组织架构' },
    { href: '/party-members', label: '党员管理' },
    { href: '/registry/import', label: '台账导入导出' },
    { href: '/admin/accounts', label: '账号管理' },
    { href: '/org/units', label: '共建单位' },
    { href: '/cobuild', label: '大党委项目' },
    { href: '/desk/templates', label: '回复模板' },
    { href: '/points', label: '志愿积分' },
    { href: '/points/market', label: '文明超市' },
    { href: '/notifications', label: '通知' },
  ],
  grid_worker: [
    { href: '/work', label: '我的工作' },
    { href: '/work/new', label: '登记诉求' },
    { href: '/work/visits', label: '今日走访' },
    { href: '/work/grids', label: '我的网格' },
    { href: '/points', label: '志愿积分' },
    { href: '/points/market', label: '文明超市' },
    { href: '/notifications', label: '通知' },
  ],
  party_member: [
    { href: '/member/board', label: '认领台' },
    { href: '/member', label: '我的认领' },
    { href: '/member/pledges', label: '我的承诺' },
    { href: '/notifications', label: '通知' },
  ],
  unit_liaison: [
    { href: '/unit', label: '本单位事项' },
    { href: '/cobuild/resources', label: '资源清单' },
    { href: '/notifications', label: '通知' },
  ],
};

export type TabItem = NavItem & { icon: string };

/** The phone tab bar of the roles that work outdoors; the desk roles have none. */
export const ROLE_TABS: Partial<Record<Role, TabItem[]>> = {
  grid_worker: [
    { href: '/work', label: '工作', icon: '☰' },
    { href: '/work/visits', label: '走访', icon: '⌂' },
    { href: '/work/new', label: '登记', icon: '＋' },
    { href: '/work/grids', label: '网格', icon: '▦' },
    { href: '/notifications', label: '通知', icon: '✉' },
    { href: '/me', label: '我的', icon: '☺' },
  ],
  party_member: [
    { href: '/member', label: '工作', icon: '☰' },
    { href: '/member/board', label: '认领台', icon: '☆' },
    { href: '/member/pledges', label: '承诺', icon: '✓' },
    { href: '/work/new', label: '登记', icon: '＋' },
    { href: '/notifications', label: '通知', icon: '✉' },
    { href: '/me', label: '我的', icon: '☺' },
  ],
};

/** Where 返回 leads when there is no page of ours to go back to. */
export const ROLE_HOME: Record<Role, string> = {
  admin: '/desk/cases',
  secretary: '/desk/cases',
  grid_worker: '/work',
  party_member: '/member',
  unit_liaison: '/unit',
};
