import type { Metadata } from 'next';
import Link from 'next/link';
import { FlashBanner } from '@/components/pledges/flash-banner';
import { PledgeNav } from '@/components/pledges/pledge-nav';
import { PageHeader } from '@/components/ui/page-header';
import { PLEDGE_EVALUATIONS } from '@/db/schema';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { RATING_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import { monthSchema, recentMonths } from '@/lib/desk/month';
import { formatDateTime } from '@/lib/format/datetime';
import { idParamSchema } from '@/lib/org/schemas';
import { readFlash } from '@/lib/pledges/flash';
import { branchesIn, pledgesOfMonth } from '@/lib/pledges/queries';
import { currentPledgeMonth, dayOfMonth, EVALUATION_LABELS, monthEnded, PLEDGE_KIND_LABELS } from '@/lib/pledges/rules';
import { addMonths, monthName } from '@/lib/stats/period';
import { evaluateAction } from '../actions';

export const metadata: Metadata = { title: '月末评诺' };

const input = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-3';
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** 月末评诺: one branch's pledges of one month, each evaluated 完成 / 部分完成 / 未完成 with a comment, the resident's rating beside a request. */
export default async function PledgeEvaluatePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['secretary']);
  const search = await searchParams;
  const flash = readFlash(search);
  const now = new Date();
  const current = currentPledgeMonth(now);
  // From the 20th the running month is the one to evaluate; before, the month just ended.
  const fallback = dayOfMonth(now) >= 20 ? current : addMonths(current, -1);
  const parsedMonth = monthSchema.safeParse(one(search.month));
  const month = parsedMonth.success && parsedMonth.data <= current ? parsedMonth.data : fallback;
  const db = appStore().db;
  const branches = await branchesIn(db, user.scope);
  const picked = idParamSchema.safeParse(one(search.branch));
  const branch = (picked.success ? branches.find((b) => b.id === picked.data) : undefined) ?? branches[0];
  const confirmed = branch ? (await pledgesOfMonth(db, { paths: [branch.path] }, month)).filter((p) => p.status === 'approved') : [];
  // Those still to evaluate first, so the work left is at the top; each group keeps the list's order.
  const rows = [...confirmed.filter((p) => p.evaluation === null), ...confirmed.filter((p) => p.evaluation !== null)];
  const open = rows.filter((p) => p.evaluation === null).length;
  const here = `/desk/pledges/evaluate?month=${month}${branch ? `&branch=${branch.id}` : ''}`;

  return (
    <>
      <PageHeader title="月末评诺" subtitle={`党员每月一件事 · ${monthName(month)} · ${branch ? (branch.partyOrgName ?? branch.name) : '无支部'}`} />
      <PledgeNav current="/desk/pledges/evaluate" />
      <FlashBanner flash={flash} />
      <form action="/desk/pledges/evaluate" className="mb-4 flex flex-wrap items-end gap-2" aria-label="选择月份和支部">
        <div className="text-sm font-medium">
          <label htmlFor="evaluate-month">月份</label>
          <select id="evaluate-month" name="month" defaultValue={month} className={input}>
            {recentMonths(now, 13).map((m) => (
              <option key={m} value={m}>
                {monthName(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="text-sm font-medium">
          <label htmlFor="evaluate-branch">支部</label>
          <select id="evaluate-branch" name="branch" defaultValue={branch?.id ?? ''} className={input}>
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.partyOrgName ?? b.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-lg border border-stone-400 bg-white px-4 font-medium">
          查看
        </button>
      </form>
      <p
        className={`mb-4 rounded-lg border px-3 py-2 text-sm ${open > 0 && monthEnded(month, now) ? 'border-amber-400 bg-amber-50 text-amber-950' : 'border-stone-200 bg-white'}`}
        data-testid="evaluation-state"
      >
        共 {rows.length} 项承诺，已评议 {rows.length - open} 项，未评议 {open} 项
        {open > 0 && monthEnded(month, now) ? '。该月已结束，尚未评诺完毕。' : '。'}
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-stone-600">该支部本月没有已确认的承诺。</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label="承诺评议">
          {rows.map((p) => (
            <li key={p.id} className="grid gap-3 px-3 py-3 lg:grid-cols-[1fr_28rem]" data-testid="pledge-row">
              <div className="min-w-0">
                <p className="font-medium">
                  {p.memberName}：{p.title}
                </p>
                <p className="text-xs text-stone-600">
                  {PLEDGE_KIND_LABELS[p.kind]} · {p.group}
                  {p.recordedByName && ` · ${p.recordedByName}代录`}
                  {p.caseStatus && ` · 诉求${STATUS_LABELS[p.caseStatus as keyof typeof STATUS_LABELS]}`}
                </p>
                {p.progressNote && <p className="text-sm">进展：{p.progressNote}</p>}
                {p.kind === 'case' && (
                  <p className="text-sm">
                    群众评价：
                    {p.caseRating ? (
                      <strong>
                        {RATING_LABELS[p.caseRating as keyof typeof RATING_LABELS]}
                        {p.caseRatingComment && `（${p.caseRatingComment}）`}
                      </strong>
                    ) : (
                      '尚未评价'
                    )}
                    {p.caseNumber && (
                      <Link prefetch={false} href={`/cases/${p.caseNumber}`} className="ml-2 underline">
                        查看事项
                      </Link>
                    )}
                  </p>
                )}
                {p.evaluation && (
                  <p className="text-sm">
                    已评议：<strong>{EVALUATION_LABELS[p.evaluation]}</strong>
                    {p.evaluationComment && `（${p.evaluationComment}）`}
                    {p.evaluatedAt && <span className="ml-1 text-xs text-stone-600">{formatDateTime(p.evaluatedAt)}</span>}
                  </p>
                )}
              </div>
              <form action={evaluateAction} className="grid content-start gap-2" aria-label={`评议：${p.memberName} ${p.title}`}>
                <input type="hidden" name="pledgeId" value={p.id} />
                <input type="hidden" name="back" value={here} />
                <fieldset className="flex flex-wrap gap-2">
                  <legend className="sr-only">评议结果</legend>
                  {PLEDGE_EVALUATIONS.map((e) => (
                    <label key={e} className="flex min-h-11 items-center gap-1 rounded-lg border border-stone-300 px-3 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
                      <input type="radio" name="evaluation" value={e} defaultChecked={p.evaluation === e} required />
                      {EVALUATION_LABELS[e]}
                    </label>
                  ))}
                </fieldset>
                <div className="flex items-end gap-2">
                  <label className="min-w-0 flex-1 text-sm">
                    评议意见（可不填）
                    <input name="comment" maxLength={200} defaultValue={p.evaluationComment ?? ''} className={input} />
                  </label>
                  <button type="submit" className="min-h-11 shrink-0 rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
                    {p.evaluation ? '修改' : '评议'}
                  </button>
                </div>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
