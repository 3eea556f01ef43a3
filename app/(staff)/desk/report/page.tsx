import type { Metadata } from 'next';
import Link from 'next/link';
import { DownloadButton } from '@/components/desk/download-button';
import { MonthPicker } from '@/components/desk/month-picker';
import { NotableList } from '@/components/desk/notable-list';
import { ReportFigures } from '@/components/desk/report-figures';
import styles from '@/components/desk/report.module.css';
import { PrintButton } from '@/components/intake/print-button';
import { BreakdownTable } from '@/components/stats/breakdown-table';
import { CountBars } from '@/components/stats/lazy-charts';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { EXPORT_ROLES } from '@/lib/desk/export';
import { filtersToSearchParams, type QueueFilters } from '@/lib/desk/filters';
import { monthDays, monthSchema, monthSpan, recentMonths, spanLabel } from '@/lib/desk/month';
import { notableCases } from '@/lib/desk/notable-cases';
import { formatDateTime } from '@/lib/format/datetime';
import { computeStats, RATE_DEFINITIONS, type Figures, type RateKey } from '@/lib/stats';
import { addMonths, chinaMonth, monthName } from '@/lib/stats/period';

export const metadata: Metadata = { title: '月度报告' };

type Search = Record<string, string | string[] | undefined>;

/** The printable monthly report: the month's rates, breakdowns and notable requests, for reporting upward. */
export default async function MonthlyReportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser(EXPORT_ROLES);
  const raw = (await searchParams).month;
  const now = new Date();
  // The month just ended is the one reported upward; this month so far is one click away.
  const fallback = addMonths(chinaMonth(now), -1);
  const parsed = raw === undefined ? null : monthSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  const month = parsed?.success ? parsed.data : fallback;

  const viewer = actorFromUser(user);
  const span = monthSpan(month);
  const [stats, notable] = await Promise.all([computeStats(appStore().db, viewer, span, now), notableCases(appStore().db, viewer, span, now)]);
  const scope = user.scopeNodes.map((n) => n.name).join('、');
  const months = recentMonths(now);
  const days = monthDays(month);

  return (
    <>
      <div data-print-hide className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <MonthPicker action="/desk/report" id="report-month" months={months.includes(month) ? months : [month, ...months]} selected={month} />
        <div className="flex flex-wrap gap-2">
          <DownloadButton action="/desk/ledger" fields={new URLSearchParams({ month })} label="下载本月台账（Excel）" />
          <Link href="/desk/exports" className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-100">
            导出记录
          </Link>
          <PrintButton label="打印报告" />
        </div>
      </div>
      {parsed && !parsed.success && (
        <p role="alert" data-print-hide className="mb-3 text-sm text-red-700">
          月份“{String(raw)}”无效（{parsed.error.issues[0]?.message}），已显示{monthName(month)}。
        </p>
      )}

      <article className={styles.report} aria-labelledby="report-title">
        {/* A div, not <header>: the print stylesheet hides the app's <header> elements. */}
        <div className="mb-4 border-b-2 border-brand-700 pb-2">
          <h1 id="report-title" className="text-xl font-bold sm:text-2xl">
            {scope} {monthName(month)}诉求办理月报
          </h1>
          <p className="mt-1 text-sm text-stone-700">
            统计期间：{spanLabel(span)}（按提交时间）· 生成：{formatDateTime(now)} {user.displayName}
          </p>
        </div>

        <Section title="一、总体情况" id="figures">
          <ReportFigures stats={stats} />
        </Section>

        <Section title="二、各网格情况" id="by-grid">
          <Breakdown
            groups={stats.byGrid.map((g) => ({ key: String(g.gridId), name: g.name, figures: g, filters: { gridId: g.gridId } }))}
            days={days}
            nameHeader="网格"
            caption={`${monthName(month)}各网格收到件数与三率`}
          />
        </Section>

        <Section title="三、各类诉求情况" id="by-category">
          <Breakdown
            groups={stats.byCategory
              .filter((c) => c.received > 0)
              .map((c) => ({ key: String(c.categoryId ?? 'none'), name: c.name, figures: c, filters: c.categoryId === null ? null : { categoryId: c.categoryId } }))}
            days={days}
            nameHeader="分类"
            caption={`${monthName(month)}各类诉求收到件数与三率`}
          />
        </Section>

        <Section title="四、重点事项" id="notable">
          <NotableList groups={notable} />
        </Section>

        <Section title="附：统计口径" id="definitions">
          <dl className="space-y-2 text-xs text-stone-700">
            {(['response', 'resolution', 'satisfaction'] as const satisfies readonly RateKey[]).map((key) => (
              <div key={key} className={styles.keep}>
                <dt className="font-semibold text-stone-900">
                  {RATE_DEFINITIONS[key].label} = {RATE_DEFINITIONS[key].formula}
                </dt>
                <dd>{RATE_DEFINITIONS[key].numerator}</dd>
                <dd>{RATE_DEFINITIONS[key].denominator}</dd>
                {RATE_DEFINITIONS[key].notes.map((n) => (
                  <dd key={n}>{n}</dd>
                ))}
              </div>
            ))}
          </dl>
        </Section>
      </article>
    </>
  );
}

/** `filters` null: the queue has no filter for the group (requests not yet given a category). */
type Group = { key: string; name: string; figures: Figures; filters: Partial<QueueFilters> | null };

/** A chart of the month's received requests per group, then the table with the rates; counts link to the queue behind them. */
function Breakdown({ groups, days, nameHeader, caption }: { groups: Group[]; days: { first: string; last: string }; nameHeader: string; caption: string }) {
  const queue = (filters: Partial<QueueFilters> | null, extra: Partial<QueueFilters> = {}) =>
    filters ? `/desk/cases?${filtersToSearchParams({ ...filters, ...extra, from: days.first, to: days.last })}` : undefined;
  const top = [...groups].sort((a, b) => b.figures.received - a.figures.received);
  return (
    <>
      <CountBars
        rows={top.map((g) => ({ name: g.name, value: g.figures.received }))}
        label="收到件数"
        summary={`${caption}：${top.map((g) => `${g.name} ${g.figures.received} 件`).join('，')}`}
      />
      <div className="mt-3">
        <BreakdownTable
          caption={caption}
          nameHeader={nameHeader}
          rows={groups.map((g) => ({
            key: g.key,
            name: g.name,
            figures: g.figures,
            receivedHref: queue(g.filters),
            overdueHref: queue(g.filters, { overdue: true }),
            unsatisfiedHref: queue(g.filters, { rating: 'unsatisfied' }),
          }))}
        />
      </div>
    </>
  );
}
