// Chinese names of the volunteer-points vocabulary: activity kinds, rule keys, ledger entry kinds.
import type { ActivityKind, PointEntryKind, PointRuleKey } from '@/db/schema';

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  environment: '环境整治',
  elderly_care: '助老敬老',
  safety_patrol: '平安巡防',
  civility: '文明宣传',
  culture: '文体活动',
  other: '其他志愿服务',
};

export const RULE_LABELS: Record<PointRuleKey, string> = {
  ...ACTIVITY_KIND_LABELS,
  claim: '党员认领事项办结（计入党员所在户）',
};

export const ENTRY_KIND_LABELS: Record<PointEntryKind, string> = {
  activity: '参加活动',
  claim: '认领办结',
  manual: '人工调整',
  redemption: '积分兑换',
};
