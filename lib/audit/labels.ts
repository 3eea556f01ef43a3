// The audit log's actions and subjects in Chinese, for the administrator's search page.
import type { AuditAction } from '@/db/schema';

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  view_household: '查看住户',
  view_case: '查看事项（含居民信息）',
  export: '导出台账',
  export_resident: '导出居民个人信息',
  update_time_limit: '修改办理时限',
  create_token: '创建接口令牌',
  revoke_token: '吊销接口令牌',
  create_intake_points: '生成二维码',
  update_retention: '修改保存期限',
  purge_personal_data: '清除过期个人信息',
  create_node: '新建组织节点',
  update_node: '修改组织节点',
  move_node: '调整组织节点归属',
  retire_node: '撤销组织节点',
  create_household: '新建住户',
  update_household: '修改住户',
  create_person: '新建居民',
  update_person: '修改居民信息',
  update_care_tags: '修改关爱标签',
  create_party_member: '登记党员',
  update_party_member: '修改党员信息',
  update_central_household: '调整党员中心户联系户',
  create_unit: '新建单位',
  update_unit: '修改单位',
  create_account: '新建账号',
  update_account: '修改账号',
  reset_password: '重置密码',
  disable_account: '停用账号',
  enable_account: '启用账号',
  change_own_password: '修改本人密码',
  import_ledger: '导入台账',
  export_ledger: '导出登记台账',
  record_visit: '记录走访',
  update_visit_intervals: '修改走访周期',
  setup: '初始化部署',
};

const SUBJECT_KINDS: Record<string, string> = {
  household: '住户',
  case: '事项',
  ledger: '月度台账',
  queue: '事项清单',
  resident: '居民',
  time_limit: '办理时限',
  token: '接口令牌',
  node: '组织节点',
  person: '居民',
  party_member: '党员',
  central_household: '党员中心户',
  unit: '单位',
  account: '账号',
  visit: '走访',
  import: '导入',
  setting: '设置',
  cases: '事项',
};

/** "household:12" → "住户 12"; unknown kinds are shown as stored. */
export function subjectLabel(subject: string): string {
  const i = subject.indexOf(':');
  const kind = i < 0 ? subject : subject.slice(0, i);
  const rest = i < 0 ? '' : subject.slice(i + 1);
  const label = SUBJECT_KINDS[kind];
  return label ? `${label}${rest ? ` ${rest}` : ''}` : subject;
}
