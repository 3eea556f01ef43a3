import type { Metadata } from 'next';
import Link from 'next/link';
import { DownloadButton } from '@/components/desk/download-button';
import { PledgeNav } from '@/components/pledges/pledge-nav';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { yearResults } from '@/lib/pledges/queries';
import type { Totals } from '@/lib/pledges/rules';
import { yearSchema } from '@/lib/pledges/schemas';
import { idParamSchema } from '@/lib/org/schemas';
import { chinaMonth } from '@/lib/stats/period';

export const metadata: Metadata = { title: '评诺结果' };

const th = 'px-2 py-2 text-left font-medium whitespace-nowrap';
/** Cell style set once on the table: the members' table is a branch's dozens of rows by fourteen columns. */
const cells = '[&_td]:px-2 [&_td]:py-1.5 [&_td]:whitespace-nowrap';
/** Done of pledged; "—" until something is evaluated (a running month is not 0% done). */
const pct = (t: Totals) => (t.evaluated === 0 ? '—' : `${Math.round((t.done / t.pledges) * 100)}%`);

/** The year's 评诺 results per month, branch and member, with the unevaluated months flagged; the same as .xlsx. */
export default async function PledgeResultsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['secretary']);
  const search = await searchParams;
  const raw = search.year;
  const now = new Date();
  const thisYear = Number(chinaMonth(now).slice(0, 4));
  const parsed = yearSchema.safeParse(Array.isArray(raw) ? raw[0] : (raw ?? thisYear));
  const year = parsed.success ? parsed.data : thisYear;
  const results = await yearResults(appStore().db, user.scope, year, now);
  const flagged = results.months.filter((m) => m.unevaluated);
  // Members one branch at a time (the workbook holds them all).
  const picked = idParamSchema.safeParse(Array.isArray(search.branch) ? search.branch[0] : search.branch);
  const branch = (picked.success ? results.branches.find((b) => b.id === picked.data) : undefined) ?? results.branches[0];
  const branchMembers = branch ? results.members.filter((m) => m.branchId === branch.id) : results.members;
  const months = results.months.map((m) => Number(m.month.slice(5)));
  const running = chinaMonth(now);

  return (
    <>
      <PageHeader title="评诺结果" subtitle={`党员每月一件事 · ${year}年 · ${user.scopeNodes.map((n) => n.name).join('、')}`}>
        <div className="flex flex-wrap gap-2">
          <Link prefetch={false} href={`/desk/pledges/results?year=${year - 1}`} className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-3">
            {year - 1}年
          </Link>
          {year < thisYear && (
            <Link prefetch={false} href={`/desk/pledges/results?year=${year + 1}`} className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-3">
              {year + 1}年
            </Link>
          )}
          <DownloadButton action="/desk/pledges/export" fields={new URLSearchParams({ year: String(year) })} label="导出 Excel" />
        </div>
      </PageHeader>
      <PledgeNav current="/desk/pledges/results" />
      {flagged.length > 0 && (
        <p role="status" className="mb-4 rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="unevaluated-months">
          未评诺完毕的月份：
          {flagged.map((m, i) => (
            <span key={m.month}>
              {i > 0 && '、'}
              <Link prefetch={false} href={`/desk/pledges/evaluate?month=${m.month}`} className="font-medium underline">
                {Number(m.month.slice(5))}月（{m.totals.pledges - m.totals.evaluated} 项未评议）
              </Link>
            </span>
          ))}
        </p>
      )}

      <Section title="全年合计" id="totals">
        <dl className="grid grid-cols-2 gap-3 text-center sm:grid-cols-5">
          {(
            [
              ['承诺', results.totals.pledges],
              ['完成', results.totals.done],
              ['部分完成', results.totals.partial],
              ['未完成', results.totals.notDone],
              ['完成率', pct(results.totals)],
            ] as const
          ).map(([label, value]) => (
            <div key={label} className="rounded-lg bg-stone-50 p-2">
              <dt className="text-xs text-stone-600">{label}</dt>
              <dd className="text-xl font-semibold">{value}</dd>
            </div>
          ))}
        </dl>
      </Section>

      <Section title="各月" id="months">
        <div className="sm:overflow-x-auto">
          <table className={`table-cards w-full text-sm ${cells}`}>
            <thead className="bg-stone-100">
              <tr>
                <th className={th}>月份</th>
                <th className={th}>承诺</th>
                <th className={th}>完成</th>
                <th className={th}>部分完成</th>
                <th className={th}>未完成</th>
                <th className={th}>未评议</th>
                <th className={th}>完成率</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {results.months.map((m) => (
                <tr key={m.month} className={m.unevaluated ? 'bg-amber-50' : undefined}>
                  <td>
                    {Number(m.month.slice(5))}月{m.unevaluated && <span className="ml-1 text-xs font-medium text-amber-900">未评诺完毕</span>}
                    {m.month === running && <span className="ml-1 text-xs text-stone-600">本月进行中</span>}
                  </td>
                  <td data-label="承诺" className="card-tile">{m.totals.pledges}</td>
                  <td data-label="完成" className="card-tile">{m.totals.done}</td>
                  <td data-label="部分完成" className="card-tile">{m.totals.partial}</td>
                  <td data-label="未完成" className="card-tile">{m.totals.notDone}</td>
                  <td data-label="未评议" className="card-tile">{m.totals.pledges - m.totals.evaluated}</td>
                  <td data-label="完成率" className="card-tile">{pct(m.totals)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title="各支部（每月完成 / 承诺）" id="branches">
        <div className="sm:overflow-x-auto">
          <table className={`table-cards w-full text-sm ${cells}`}>
            <thead className="bg-stone-100">
              <tr>
                <th className={th}>支部</th>
                {months.map((m) => (
                  <th key={m} className={th}>
                    {m}月
                  </th>
                ))}
                <th className={th}>全年</th>
                <th className={th}>完成率</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {results.branches.map((b) => (
                <tr key={b.id}>
                  <td>{b.partyOrgName ?? b.name}</td>
                  {b.perMonth.map((t, i) => (
                    <td key={i} data-label={`${months[i]}月`} className={`card-tile ${results.months[i]!.unevaluated && t.evaluated < t.pledges ? 'bg-amber-50' : ''}`}>
                      {t.pledges === 0 ? '—' : `${t.done}/${t.pledges}`}
                    </td>
                  ))}
                  <td data-label="全年" className="card-tile">
                    {b.totals.done}/{b.totals.pledges}
                  </td>
                  <td data-label="完成率" className="card-tile">{pct(b.totals)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title={`${branch ? (branch.partyOrgName ?? branch.name) : ''}各党员（${branchMembers.length}）`} id="members">
        <nav aria-label="选择支部" className="mb-2 flex flex-wrap gap-1 text-sm">
          {results.branches.map((b) => (
            <Link
              key={b.id}
              prefetch={false}
              href={`/desk/pledges/results?year=${year}&branch=${b.id}#members`}
              aria-current={b.id === branch?.id ? 'page' : undefined}
              className={`inline-flex min-h-11 items-center rounded-lg border px-2 ${b.id === branch?.id ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-300 bg-white'}`}
            >
              {b.name}
            </Link>
          ))}
        </nav>
        <p className="mb-2 text-xs text-stone-600">每月：完成数/承诺数，“—”为当月未晒诺。全部党员见导出的 Excel。</p>
        <div className="sm:overflow-x-auto">
          <table className={`table-cards w-full text-sm ${cells}`}>
            <thead className="bg-stone-100">
              <tr>
                <th className={th}>党员</th>
                {months.map((m) => (
                  <th key={m} className={th}>
                    {m}月
                  </th>
                ))}
                <th className={th}>全年</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {branchMembers.map((m) => (
                <tr key={m.id}>
                  <td>{m.name}</td>
                  {m.perMonth.map((t, i) => (
                    <td key={i} data-label={`${months[i]}月`} className="card-tile">
                      {t.pledged ? `${t.done}/${t.pledges}` : '—'}
                    </td>
                  ))}
                  <td data-label="全年" className="card-tile">
                    {m.totals.done}/{m.totals.pledges}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}
