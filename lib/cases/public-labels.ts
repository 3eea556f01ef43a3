// Chinese wording residents see on their private status page: stages, steps and what each status means.
import type { CaseStatus, Rating } from '@/db/schema';
import { RATING_LABELS } from './labels';
import type { ActionName } from './lifecycle';

export const STAGES = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  submitted: '待受理',
  accepted: '已受理',
  in_progress: '办理中',
  resolved: '已办结',
  closed: '已关闭',
};

/** The status in a resident's words: what is happening and what comes next. */
export const STATUS_EXPLANATIONS: Record<CaseStatus, string> = {
  submitted: '您的诉求已提交，正在等待网格员受理。',
  accepted: '网格员已受理，正在安排人员办理。',
  assigned: '已派单，正在等待承办人签收办理。',
  in_progress: '承办人正在办理。',
  resolved: '已办结，请您对办理结果进行评价。',
  closed: '事项已办结并关闭，感谢您的参与。',
  rejected: '经核实，该诉求不予受理。',
  duplicate: '该诉求与已有事项重复，已合并到原事项办理。',
};

/** The side states off the main line, explained under the stepper. */
export const SIDE_STATE_NOTES = {
  rejected: '不予受理：诉求不属于社区网格办理范围，或信息无法核实。如有疑问，可联系所在网格的网格员。',
  duplicate: '重复：同一问题已有他人反映并在办理，您可以查看原事项的进度。',
  reopened: '重新办理：您对办理结果不满意，事项已退回重新办理，办结后可再次评价。',
} as const;

/**
 * Each step of the timeline as a resident reads it; actions they need not see (an extension
 * request, a refused extension) are left out. Who did it is left out too: staff names are theirs.
 */
export const PUBLIC_STEP_LABELS: Partial<Record<ActionName | 'submit', string>> = {
  submit: '诉求已提交',
  accept: '网格员已受理',
  reject: '不予受理',
  mark_duplicate: '与已有事项重复，合并办理',
  handle_self: '网格员已接手办理',
  assign_worker: '已派给网格员办理',
  post_to_board: '已发布到党员认领台',
  claim: '党员已认领办理',
  hand_to_unit: '已转交共建单位/职能部门办理',
  escalate: '已吹哨上报，协调办理',
  sign: '承办人已签收，开始办理',
  return: '承办方退回，正在重新安排',
  progress: '办理有新进展',
  decide_extension: '办理时限已延长',
  resolve: '已办结',
  supervise: '社区已督办',
  rate: '已评价',
  auto_close: '7 天内未评价，已自动关闭',
};

/** A rating step: the resident's own, or one recorded by staff on a follow-up call (回访). */
export function ratingStepLabel(rating: Rating, byResident: boolean): string {
  const who = byResident ? '您的评价' : '回访评价';
  return `${who}：${RATING_LABELS[rating]}${rating === 'unsatisfied' ? '，已重新办理' : ''}`;
}

export const RATE_MESSAGES = {
  conflict: '事项状态刚刚有更新，请查看最新进度后再评价。',
  notOpen: '该事项当前不能评价（可能已评价或已关闭）。',
  thanks: '感谢您的评价！',
  reopened: '您的评价已收到，事项已重新办理，办结后可再次评价。',
} as const;
