// The audit log's actions and subjects in Chinese, for the administrator's search page.
import type { AuditAction, CareTag } from '@/db/schema';
import { CARE_TAG_LABELS } from '@/lib/org/labels';

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
  create_reply_template: '新增回复模板',
  update_reply_template: '修改回复模板',
  create_pledge_item: '新增民意事项',
  update_pledge_item: '停用/恢复民意事项',
  record_pledge: '代党员录入承诺',
  review_pledge: '审核党员承诺',
  remind_pledges: '月中督诺提醒',
  evaluate_pledge: '月末评诺',
  create_resource: '新增共建资源',
  update_resource: '修改共建资源',
  create_need: '新增社区需求',
  update_need: '修改社区需求',
  gather_need_cases: '需求归集诉求',
  create_project: '新建共建项目',
  project_step: '共建项目进展',
  record_joint_meeting: '记录联席议事',
  create_activity: '发布志愿活动',
  cancel_activity: '取消志愿活动',
  confirm_attendance: '确认活动签到',
  award_points: '调整户积分',
  update_point_rules: '修改积分规则',
  create_goods: '上架文明超市商品',
  update_goods: '修改文明超市商品',
  redeem_goods: '积分兑换',
  issue_household_card: '发放户积分卡',
  publish_case: '公开事项',
  update_publication: '修改公开内容',
  withdraw_publication: '撤下公开事项',
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
  reply_template: '回复模板',
  pledge_item: '民意事项',
  pledge: '党员承诺',
  pledge_month: '承诺月份',
  resource: '共建资源',
  need: '社区需求',
  project: '共建项目',
  meeting: '联席议事',
  cobuild: '大党委汇总表',
  cases: '事项',
  activity: '志愿活动',
  goods: '文明超市商品',
  point_rules: '积分规则',
};

/** "household:12" → "住户 12"; unknown kinds are shown as stored. */
export function subjectLabel(subject: string): string {
  const i = subject.indexOf(':');
  const kind = i < 0 ? subject : subject.slice(0, i);
  const rest = i < 0 ? '' : subject.slice(i + 1);
  const label = SUBJECT_KINDS[kind];
  return label ? `${label}${rest ? ` ${rest}` : ''}` : subject;
}

/** Field names of registry changes, as the administrator reads them. */
const FIELD_LABELS: Record<string, string> = {
  name: '名称/姓名',
  displayName: '姓名',
  username: '账号',
  phone: '电话',
  role: '角色',
  scope: '管辖范围',
  scopes: '管辖范围',
  active: '启用',
  status: '状态',
  statusSince: '状态日期',
  tags: '关爱标签',
  unit: '单元',
  room: '房号',
  address: '地址',
  size: '户内人口数',
  nodeId: '所在节点',
  parentId: '上级节点',
  partyOrgName: '党组织名称',
  servicePhone: '服务电话',
  gender: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  relation: '与户主关系',
  movedInOn: '迁入日期',
  kind: '类别',
  workplace: '工作单位',
  unitId: '共建单位',
  registeredOn: '报到日期',
  leftOn: '转出日期',
  contactName: '联系人',
  contactPhone: '联系电话',
  note: '说明',
  category: '分类',
  urgency: '紧急程度',
  acceptHours: '受理时限（小时）',
  resolveHours: '办结时限（小时）',
};

export type DetailLine = { field: string; before?: string; after?: string; value?: string };

function shown(v: unknown): string {
  if (v === null || v === undefined || v === '') return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v) && v.every((x) => x && typeof x === 'object' && 'tag' in x)) return v.map((x: { tag: string }) => CARE_TAG_LABELS[x.tag as CareTag] ?? x.tag).join('、') || '（无）';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * An audit row's detail as lines to read: registry changes store `{ field: [before, after] }`,
 * shown as "字段：前 → 后"; other JSON objects as "key：value"; anything else as stored.
 */
export function describeDetail(detail: string | null): DetailLine[] | string | null {
  if (detail === null || detail === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return detail;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return detail;
  const record = parsed as Record<string, unknown>;
  // The older shape { …, before: {…}, after: {…} } (time limits): one line per field that has either side.
  const { before, after } = record;
  if (before && after && typeof before === 'object' && typeof after === 'object' && !Array.isArray(before) && !Array.isArray(after)) {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    const rest = Object.entries(record).filter(([k]) => k !== 'before' && k !== 'after');
    return [
      ...rest.map(([key, v]) => ({ field: FIELD_LABELS[key] ?? key, value: shown(v) })),
      ...[...new Set([...Object.keys(b), ...Object.keys(a)])].map((key) => ({ field: FIELD_LABELS[key] ?? key, before: shown(b[key]), after: shown(a[key]) })),
    ];
  }
  return Object.entries(record).map(([key, v]) => {
    const field = FIELD_LABELS[key] ?? key;
    return Array.isArray(v) && v.length === 2 ? { field, before: shown(v[0]), after: shown(v[1]) } : { field, value: shown(v) };
  });
}
