// Chinese labels for requests: statuses, sources, handlers, actions, ratings.
import type { CaseSource, CaseStatus, HandlerKind, Rating, Urgency } from '@/db/schema';
import type { ActionName } from './lifecycle';

export const STATUS_LABELS: Record<CaseStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  assigned: '已派单',
  in_progress: '办理中',
  resolved: '已办结',
  closed: '已关闭',
  rejected: '不予受理',
  duplicate: '重复',
};

export const SOURCE_LABELS: Record<CaseSource, string> = {
  wish_box: '心愿箱纸条',
  door_knock: '敲门走访',
  patrol: '网格巡查',
  council: '议事会',
  hotline_12345: '12345转办',
  case_reflow: '案件回流',
  online: '线上提交',
  other: '其他',
};

export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '紧急' };

export const HANDLER_KIND_LABELS: Record<HandlerKind, string> = {
  grid_worker: '网格员',
  board: '认领台',
  party_member: '党员认领',
  unit: '共建单位/部门',
};

export const ESCALATION_LABELS = ['网格', '社区', '职能部门'] as const;

export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

export const ACTION_LABELS: Record<ActionName | 'submit', string> = {
  submit: '提交诉求',
  accept: '受理',
  reject: '不予受理',
  mark_duplicate: '标记重复',
  handle_self: '由我办理',
  assign_worker: '派给网格员',
  post_to_board: '发布到党员认领台',
  claim: '认领',
  hand_to_unit: '转交共建单位/部门',
  escalate: '吹哨上报',
  sign: '签收',
  return: '退回',
  progress: '记录进展',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  resolve: '办结',
  rate: '评价',
  supervise: '督办',
  auto_close: '超时未评价关闭',
};

export const NOTIFICATION_LABELS = {
  new_case: '新诉求',
  assigned: '新派单',
  supervised: '督办提醒',
  returned: '事项退回',
  reopened: '不满意重办',
  escalated: '吹哨上报',
  extension_requested: '延期申请',
  extension_decided: '延期审批结果',
  pledge_reminder: '督诺提醒',
} as const;
