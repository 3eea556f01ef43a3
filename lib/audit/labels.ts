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
