// The exact definitions (口径) of every statistic, in the words the desk, the ledger and the report show.
// computeStats (from the aggregates) and computeStatsDirect (from every case) implement these sentences; change all together.

export type RateKey = 'response' | 'resolution' | 'satisfaction';

export type RateDefinition = {
  /** 响应率 … */
  label: string;
  /** One line: "按时响应件数 ÷ 收到件数". */
  formula: string;
  /** Short names of the two counts, for "按时响应 11 / 收到 14". */
  numeratorLabel: string;
  denominatorLabel: string;
  numerator: string;
  denominator: string;
  /** Edge cases people ask about. */
  notes: string[];
};

const RECEIVED_TEXT = '统计时段内（按提交时间）登记、位于所选范围（全辖区或某一网格）内的全部诉求，含不予受理和重复件。';
const RECEIVED = `收到件数：${RECEIVED_TEXT}`;
const EMPTY = '分母为 0 时不计算比率，显示为“—”（既不是 0%，也不是 100%）。';

export const RATE_DEFINITIONS: Record<RateKey, RateDefinition> = {
  response: {
    label: '响应率',
    formula: '按时响应件数 ÷ 收到件数',
    numeratorLabel: '按时响应',
    denominatorLabel: '收到',
    numerator:
      '按时响应件数：收到件数中，首次作出受理、不予受理或标记重复（以事项时间线上最早的一次为准）的时间不晚于受理时限的件数。受理时限以事项当前的受理时限为准（督办改期后按新时限）。',
    denominator: RECEIVED,
    notes: ['尚未受理的事项，无论是否已到受理时限，都计入分母、不计入分子。', EMPTY],
  },
  resolution: {
    label: '解决率',
    formula: '已解决件数 ÷ 应办结件数',
    numeratorLabel: '已解决',
    denominatorLabel: '应办结',
    numerator:
      '已解决件数：应办结件数中，当前状态为“已办结”或“已关闭”（办结后已评价或超时未评价关闭）的件数。因“不满意”评价重办、目前仍在办理中的，不算已解决。',
    denominator:
      '应办结件数：收到件数中去掉不予受理和重复件后，办结时限已过（以统计时段结束与当前时刻中较早者为准）或已经办结的件数。办结时限以当前时限为准（批准延期、督办改期、重办后按新时限）；尚未受理、还没有办结时限的不计入。',
    notes: ['“已解决”按当前状态判断：统计以前的月份时，之后才办结的也算已解决。', EMPTY],
  },
  satisfaction: {
    label: '满意率',
    formula: '（满意 + 基本满意）件数 ÷ 已评价件数',
    numeratorLabel: '满意和基本满意',
    denominatorLabel: '已评价',
    numerator: '满意件数：已评价件数中，当前评价为“满意”或“基本满意”的件数。',
    denominator:
      '已评价件数：收到件数中当前有评价的件数。每件事项只按最近一次评价计一次：“不满意”重办后再次评价的，按最后一次评价计；重办后尚未再次评价的，按“不满意”计。办结后 7 天内未评价、自动关闭的（未评价）不计入。附议的居民（扫码附议，或其诉求被合并为重复件）对所附议事项的评价，每人计一次，计入该事项所在的网格、承办人、月份、分类和来源。',
    notes: [EMPTY],
  },
};

/** How the two durations are summarised: from bucket counts (lib/stats/hours.ts), not from every value. */
const HOURS_METHOD =
  '中位数和 90% 分位数按分档计算：48 小时以内每 0.1 小时一档，48 小时以上每 0.1 天一档，每件按所在档的中点计，再线性插值；与逐件精确计算相比，48 小时以内误差不超过 3 分钟，以上不超过 0.05 天。';

export type FigureKey = 'received' | 'overdueNow' | 'overdue' | 'hoursToAccept' | 'hoursToResolve' | 'partyClaims' | 'worker' | 'area' | 'period';

/** The other figures on the page, each with its 口径 in one or two sentences. */
export const FIGURE_DEFINITIONS: Record<FigureKey, { label: string; text: string }> = {
  received: { label: '收到件数', text: RECEIVED_TEXT },
  overdueNow: {
    label: '当前超期',
    text: '现在仍未办结、且已超过时限的全部事项（不限统计时段）：待受理的超过受理时限，已受理、已派单、办理中的超过办结时限。',
  },
  overdue: { label: '其中超期', text: '收到件数中，现在仍未办结、且已超过受理或办结时限的件数。' },
  hoursToAccept: {
    label: '响应用时',
    text: `从提交到首次受理、不予受理或标记重复的小时数，统计收到件数中已响应的事项。${HOURS_METHOD}`,
  },
  hoursToResolve: {
    label: '办结用时',
    text: `从提交到办结的小时数（重办的按最后一次办结），统计收到件数中当前已办结或已关闭的事项。${HOURS_METHOD}`,
  },
  partyClaims: {
    label: '党员认领',
    text: '认领件数：统计时段内党员在认领台认领的次数（按认领时间，同一事项被不同党员认领各计一次）。已办件数：其中事项目前仍由该党员承办、且已办结或已关闭的件数。',
  },
  worker: {
    label: '按承办人',
    text: '按事项当前的承办人（网格员或认领的党员）归属收到件数；转交共建单位或部门、尚未派单的事项不计入任何个人。',
  },
  area: {
    label: '按乡镇、社区',
    text: '按事项当前所在的网格归属乡镇（街道）和社区（村），即所辖各网格数字之和；网格调整归属后，其历史事项随之归入新的社区。',
  },
  period: {
    label: '统计时段',
    text: '按北京时间的自然日计算，含开始日和结束日。“本月”“今年”统计到月末、年末，其中“应办结”只算到当前时刻。',
  },
};
