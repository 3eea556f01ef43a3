import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PeriodForm } from '@/components/stats/period-form';
import { StatsView } from '@/components/stats/stats-view';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { LONG_LIST } from '@/lib/desk/queue-options';
import { computeStats } from '@/lib/stats';
import { gridsInScope } from '@/lib/stats/grids';
import { BREAKDOWN_TOP, BREAKDOWN_WHOLE_UP_TO, DEFAULT_PERIOD, PERIOD_LABELS, resolvePeriod, statsQuerySchema, type FullBreakdown } from '@/lib/stats/period';

export const metadata: Metadata = { title: '统计分析' };

type Search = Record<string, string | string[] | undefined>;

/** The secretary's statistics for their whole scope or one grid in it, over a chosen period. */
export default async function DeskStatsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser(['secretary', 'admin']);
  const parsed = statsQuerySchema.safeParse(await searchParams);
  // A grid id that is malformed or outside the viewer's scope is "not found", so the URL reveals nothing about other communities.
  if (!parsed.success && parsed.error.issues.some((i) => i.path[0] === 'gridId')) notFound();
  const query = parsed.success ? parsed.data : { period: DEFAULT_PERIOD, gridId: undefined, show: undefined };

  const db = appStore().db;
  const grids = await gridsInScope(db, user.scope);
  const grid = query.gridId === undefined ? undefined : grids.find((g) => g.id === query.gridId);
  if (query.gridId !== undefined && !grid) notFound();

  const now = new Date();
  const period = resolvePeriod(query, now);
  // The page lists the busiest handlers of each role (a county has thousands), all of a role that has few, or of one role opened in full.
  const full = query.show === 'grid_worker' || query.show === 'party_member' ? query.show : undefined;
  const stats = await computeStats(db, actorFromUser(user), { from: period.from, to: period.to, gridId: grid?.id }, now, { top: BREAKDOWN_TOP, wholeUpTo: BREAKDOWN_WHOLE_UP_TO, full }, grids);
  // The same statistics with one long breakdown opened in full (or none).
  const listing = {
    show: query.show,
    href: (show: FullBreakdown | undefined, anchor: string) => {
      const p = new URLSearchParams({ period: period.preset });
      if (period.preset === 'custom') {
        p.set('from', period.firstDay);
        p.set('to', period.lastDay);
      }
      if (grid) p.set('gridId', String(grid.id));
      if (show) p.set('show', show);
      return `/desk/stats?${p}#${anchor}`;
    },
  };
  // A county's ~430 grids are too many for one select (and weigh every statistics page): the picker then offers
  // the chosen grid's own community, and the by-grid table below links every grid (as the queue's filter bar
  // lists buildings only for a chosen grid past LONG_LIST).
  const narrowPicker = grids.length > LONG_LIST;
  const scopeLabel = grid ? `${grid.communityName} · ${grid.name}` : user.scopeNodes.map((n) => n.name).join('、');

  return (
    <>
      <PageHeader title="统计分析" subtitle={`${scopeLabel} · ${period.label} · ${period.firstDay} 至 ${period.lastDay}（按提交时间）`} />
      {!parsed.success && (
        <p role="alert" className="mb-3 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          统计条件无效（{parsed.error.issues.map((i) => i.message).join('；')}），已显示{PERIOD_LABELS[DEFAULT_PERIOD]}统计。
        </p>
      )}
      <PeriodForm
        period={period.preset}
        firstDay={period.firstDay}
        lastDay={period.lastDay}
        gridId={grid?.id}
        grids={narrowPicker ? grids.filter((g) => g.communityId === grid?.communityId) : grids}
        narrowed={narrowPicker}
        showGridPicker={grids.length > 1}
      />
      <StatsView stats={stats} scope={{ firstDay: period.firstDay, lastDay: period.lastDay, gridId: grid?.id }} scopeLabel={scopeLabel} listing={listing} />
    </>
  );
}
