// 月末评诺 as an .xlsx workbook (the basis for 评优评先): each pledge of the year with its evaluation, the year per member,
// and per branch and month with the unevaluated months flagged. Small (a community's year is a few thousand rows):
// written in memory with exceljs, as the ledger export's library.
import ExcelJS from 'exceljs';
import { RATING_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import { stripXmlForbidden } from '@/lib/validation/text';
import type { PledgeRow, YearResults } from './queries';
import { EVALUATION_LABELS, PLEDGE_KIND_LABELS, PLEDGE_STATUS_LABELS, type Totals } from './rules';

export const DETAIL_SHEET = '评诺明细';
export const MEMBER_SHEET = '党员年度汇总';
export const BRANCH_SHEET = '支部月度汇总';

const text = (v: string | null | undefined) => (v ? stripXmlForbidden(v) : '');
/** Empty until something is evaluated: a running month is not 0% done. */
const rate = (t: Totals) => (t.evaluated === 0 ? '' : `${Math.round((t.done / t.pledges) * 1000) / 10}%`);

export type PledgeWorkbookInput = {
  scope: string;
  year: number;
  exportedBy: string;
  exportedAt: Date;
  results: YearResults;
  rows: readonly PledgeRow[];
  branchName: (nodePath: string) => string;
};

/** The evaluation tally's columns, the same on the members' and the branches' sheets. */
const TALLY_COLUMNS = [
  { header: '承诺', key: 'pledges', width: 7 },
  { header: '完成', key: 'done', width: 7 },
  { header: '部分完成', key: 'partial', width: 9 },
  { header: '未完成', key: 'notDone', width: 8 },
  { header: '未评议', key: 'open', width: 8 },
  { header: '完成率', key: 'rate', width: 8 },
] satisfies Partial<ExcelJS.Column>[];

export async function pledgeWorkbook(input: PledgeWorkbookInput): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'yinghuo';
  book.created = input.exportedAt;

  const detail = book.addWorksheet(DETAIL_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  detail.columns = [
    { header: '月份', key: 'month', width: 9 },
    { header: '支部', key: 'branch', width: 16 },
    { header: '党员', key: 'member', width: 10 },
    { header: '承诺方式', key: 'kind', width: 12 },
    { header: '承诺事项', key: 'title', width: 40 },
    { header: '类别', key: 'group', width: 11 },
    { header: '状态', key: 'status', width: 10 },
    { header: '最新进展', key: 'progress', width: 28 },
    { header: '诉求状态', key: 'caseStatus', width: 9 },
    { header: '群众评价', key: 'rating', width: 10 },
    { header: '评议结果', key: 'evaluation', width: 10 },
    { header: '评议意见', key: 'comment', width: 28 },
    { header: '代录人', key: 'recordedBy', width: 10 },
  ];
  detail.getRow(1).font = { bold: true };
  for (const p of input.rows) {
    detail.addRow({
      month: p.month,
      branch: text(input.branchName(p.nodePath)),
      member: text(p.memberName),
      kind: PLEDGE_KIND_LABELS[p.kind],
      title: text(p.title),
      group: p.group,
      status: PLEDGE_STATUS_LABELS[p.status],
      progress: text(p.progressNote),
      caseStatus: p.caseStatus ? STATUS_LABELS[p.caseStatus as keyof typeof STATUS_LABELS] : '',
      rating: p.caseRating ? RATING_LABELS[p.caseRating as keyof typeof RATING_LABELS] : '',
      evaluation: p.evaluation ? EVALUATION_LABELS[p.evaluation] : p.status === 'approved' ? '未评议' : '',
      comment: text(p.evaluationComment),
      recordedBy: text(p.recordedByName),
    });
  }

  const members = book.addWorksheet(MEMBER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  members.columns = [
    { header: '党员', key: 'member', width: 10 },
    { header: '支部', key: 'branch', width: 16 },
    { header: '晒诺月数', key: 'months', width: 9 },
    ...TALLY_COLUMNS,
  ];
  members.getRow(1).font = { bold: true };
  for (const m of input.results.members) {
    const t = m.totals;
    members.addRow({ member: text(m.name), branch: text(m.branchName), months: m.perMonth.filter((x) => x.pledged).length, pledges: t.pledges, done: t.done, partial: t.partial, notDone: t.notDone, open: t.pledges - t.evaluated, rate: rate(t) });
  }

  const branches = book.addWorksheet(BRANCH_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  branches.columns = [
    { header: '支部', key: 'branch', width: 18 },
    { header: '月份', key: 'month', width: 9 },
    ...TALLY_COLUMNS,
    { header: '备注', key: 'note', width: 14 },
  ];
  branches.getRow(1).font = { bold: true };
  for (const b of input.results.branches) {
    b.perMonth.forEach((t, i) => {
      const month = input.results.months[i]!;
      const flagged = month.unevaluated && t.evaluated < t.pledges;
      branches.addRow({ branch: text(b.partyOrgName ?? b.name), month: month.month, pledges: t.pledges, done: t.done, partial: t.partial, notDone: t.notDone, open: t.pledges - t.evaluated, rate: rate(t), note: flagged ? '该月未评诺完毕' : '' });
    });
    const t = b.totals;
    const total = branches.addRow({ branch: text(b.partyOrgName ?? b.name), month: `${input.year}年合计`, pledges: t.pledges, done: t.done, partial: t.partial, notDone: t.notDone, open: t.pledges - t.evaluated, rate: rate(t) });
    total.font = { bold: true };
  }
  const t = input.results.totals;
  const all = branches.addRow({ branch: `${text(input.scope)}合计`, month: `${input.year}年`, pledges: t.pledges, done: t.done, partial: t.partial, notDone: t.notDone, open: t.pledges - t.evaluated, rate: rate(t) });
  all.font = { bold: true };
  branches.addRow({});
  branches.addRow({ branch: `导出：${text(input.exportedBy)}，北京时间 ${new Date(input.exportedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')}` });

  return Buffer.from(await book.xlsx.writeBuffer());
}
