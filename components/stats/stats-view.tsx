// The statistics of one scope and period: the three rates, key figures, the monthly trend and the breakdowns.
import Link from 'next/link';
import { Section } from '@/components/ui/section';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { FIGURE_DEFINITIONS, RATE_DEFINITIONS, type FigureKey } from '@/lib/stats/definitions';
import { monthHref, overdueNowHref, receivedHref, type DrillScope } from '@/lib/stats/drill-down';
import { formatCount, formatHours, formatRate } from '@/lib/stats/format';
import { BREAKDOWN_TOP, listedWhole, type FullBreakdown } from '@/lib/stats/period';
import type { AreaRow, Percentiles, Rate, Stats, WorkerRow } from '@/lib/stats/types';
import { BreakdownTable, type BreakdownRow } from './breakdown-table';
import { CountBars, TrendChart } from './lazy-charts';
import { RateCard } from './rate-card';

const percent = (r: Rate) => (r.value === null ? null : Math.round(r.value * 1000) / 10);

function Figure({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white px-3 py-2" data-testid={testId}>
      <dt className="text-xs text-stone-600">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function Durations({ p }: { p: Percentiles }) {
  return (
    <>
      中位 {formatHours(p.median)}
      <span className="block text-sm font-normal text-stone-700">90% 在 {formatHours(p.p90)} 内</span>
    </>
  );
}

function FigureDefinitions({ keys }: { keys: FigureKey[] }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="inline-flex min-h-11 items-center font-medium text-blue-800">以上数字的口径</summary>
      <dl className="mt-2 space-y-2 rounded-lg bg-stone-50 p-3 text-stone-800">
        {keys.map((k) => (
          <div key={k}>
            <dt className="font-medium">{FIGURE_DEFINITIONS[k].label}</dt>
            <dd>{FIGURE_DEFINITIONS[k].text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function CountLink({ n, href }: { n: number; href: string }) {
  return (
    <Link href={href} prefetch={false} className="text-blue-800 underline underline-offset-2 hover:text-blue-950">
      {formatCount(n)} 件
    </Link>
  );
}

/** Above this many rows a breakdown scrolls inside its own box (a county has hundreds of grids). */
const TALL_FROM = 20;

/**
 * How a long breakdown is shown: a county has hundreds of grids and villages and thousands of
 * handlers. Past BREAKDOWN_WHOLE_UP_TO rows, unless it is opened in full (`?show=`), the page lists the
 * BREAKDOWN_TOP with the most requests, says so, and links to the whole list; opened, the list keeps its usual order.
 */
export type Listing = { show: FullBreakdown | undefined; href: (show: FullBreakdown | undefined, anchor: string) => string };

function busiest<T extends { received: number }>(rows: T[], which: FullBreakdown, listing: Listing): T[] {
  if (listing.show === which || listedWhole(rows.length)) return rows;
  // Stable: ties keep their tree (or name) order.
  return [...rows].sort((a, b) => b.received - a.received).slice(0, BREAKDOWN_TOP);
}

function ListingNote({ total, unit, which, anchor, listing }: { total: number; unit: string; which: FullBreakdown; anchor: string; listing: Listing }) {
  if (listedWhole(total)) return null;
  const link = 'inline-flex min-h-11 items-center font-medium text-blue-800 underline underline-offset-2 hover:text-blue-950';
  return listing.show === which ? (
    <p className="mb-2 text-sm text-stone-700" data-testid={`listing-${which}`}>
      共 {formatCount(total)} {unit}，已全部列出。{' '}
      <Link href={listing.href(undefined, anchor)} prefetch={false} className={link}>
        只看收到最多的 {BREAKDOWN_TOP} {unit}
      </Link>
    </p>
  ) : (
    <p className="mb-2 text-sm text-stone-700" data-testid={`listing-${which}`}>
      共 {formatCount(total)} {unit}，按收到件数列出前 {BREAKDOWN_TOP} {unit}。{' '}
      <Link href={listing.href(which, anchor)} prefetch={false} className={link}>
        查看全部 {formatCount(total)} {unit}
      </Link>
    </p>
  );
}

function areaRows(rows: AreaRow[]): BreakdownRow[] {
  // The queue has no community filter, so these rows link nowhere; their grids below do.
  return rows.map((a) => ({ key: String(a.nodeId), name: `${a.name}（${a.grids} 个网格）`, figures: a }));
}

function WorkerTable({
  rows,
  total,
  which,
  listing,
  caption,
  nameHeader,
  scope,
  claims,
  testId,
}: {
  /** The role's rows as computeStats listed them (HandlerListing): all of them, or the busiest BREAKDOWN_TOP. */
  rows: WorkerRow[];
  /** How many handlers the role has. */
  total: number;
  which: FullBreakdown;
  listing: Listing;
  caption: string;
  nameHeader: string;
  scope: DrillScope;
  claims: boolean;
  testId: string;
}) {
  // Already cut and in order of most received (lib/stats/tally.ts).
  return (
    <>
      <ListingNote total={total} unit="位" which={which} anchor="by-worker" listing={listing} />
      <BreakdownTable
        caption={caption}
        nameHeader={nameHeader}
        hideResponse
        tall={claims || rows.length > TALL_FROM}
        testId={testId}
        extraColumns={claims ? ['认领', '认领已办'] : []}
        rows={workerRows(rows, scope, claims)}
      />
    </>
  );
}

function workerRows(rows: WorkerRow[], scope: DrillScope, claims: boolean): BreakdownRow[] {
  return rows.map((w) => ({
    key: String(w.accountId),
    name: w.name,
    figures: w,
    receivedHref: receivedHref(scope, { handlerId: w.accountId }),
    overdueHref: receivedHref(scope, { handlerId: w.accountId, overdue: true }),
    unsatisfiedHref: receivedHref(scope, { handlerId: w.accountId, rating: 'unsatisfied', supporters: true }),
    extra: claims ? [formatCount(w.claims), formatCount(w.claimsDone)] : undefined,
  }));
}

export function StatsView({ stats, scope, scopeLabel, listing }: { stats: Stats; scope: DrillScope; scopeLabel: string; listing: Listing }) {
  const t = stats.totals;
  const received = receivedHref(scope);
  const gridWorkers = stats.byWorker.filter((w) => w.role === 'grid_worker');
  const partyMembers = stats.byWorker.filter((w) => w.role === 'party_member');
  const otherHandlers = stats.byWorker.filter((w) => w.role !== 'grid_worker' && w.role !== 'party_member');
  const communities = busiest(stats.byCommunity, 'community', listing);
  const grids = busiest(stats.byGrid, 'grid', listing);
  const trendSummary = `${scopeLabel}月度趋势：共 ${stats.byMonth.length} 个月，收到 ${formatCount(t.received)} 件，解决率 ${formatRate(t.resolution)}；各月数字见图下表格。`;

  return (
    <>
      <div className="mb-6 grid gap-4 md:grid-cols-3">
        <RateCard id="response" definition={RATE_DEFINITIONS.response} rate={t.response} denominatorHref={received} />
        <RateCard
          id="resolution"
          definition={RATE_DEFINITIONS.resolution}
          rate={t.resolution}
          numeratorHref={receivedHref(scope, { status: ['resolved', 'closed'] })}
        />
        {/* Every rating link counts the supporters' (附议) ratings too, as 满意率 does: the queue lists the cases behind the figure and how many ratings they hold. */}
        <RateCard id="satisfaction" definition={RATE_DEFINITIONS.satisfaction} rate={t.satisfaction} denominatorHref={receivedHref(scope, { rating: 'rated', supporters: true })}>
          满意 {t.ratings.satisfied > 0 ? <CountLink n={t.ratings.satisfied} href={receivedHref(scope, { rating: 'satisfied', supporters: true })} /> : '0 件'}，基本满意{' '}
          {t.ratings.basically > 0 ? <CountLink n={t.ratings.basically} href={receivedHref(scope, { rating: 'basically', supporters: true })} /> : '0 件'}，不满意{' '}
          {t.ratings.unsatisfied > 0 ? <CountLink n={t.ratings.unsatisfied} href={receivedHref(scope, { rating: 'unsatisfied', supporters: true })} /> : '0 件'}
        </RateCard>
      </div>

      <Section title="关键数字" id="figures">
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
          <Figure label="收到" testId="figure-received">
            <CountLink n={t.received} href={received} />
          </Figure>
          <Figure label="当前超期（不限时段）" testId="figure-overdue-now">
            {stats.overdueNow > 0 ? <CountLink n={stats.overdueNow} href={overdueNowHref(scope.gridId)} /> : '0 件'}
            <span className="block text-sm font-normal text-stone-700">其中本时段收到 {formatCount(t.overdue)} 件</span>
          </Figure>
          <Figure label="不予受理 / 重复">
            {t.rejected > 0 ? <CountLink n={t.rejected} href={receivedHref(scope, { status: ['rejected'] })} /> : '0 件'} /{' '}
            {t.duplicate > 0 ? <CountLink n={t.duplicate} href={receivedHref(scope, { status: ['duplicate'] })} /> : '0 件'}
          </Figure>
          <Figure label={`响应用时（${formatCount(stats.hoursToAccept.count)} 件）`} testId="figure-accept-hours">
            <Durations p={stats.hoursToAccept} />
          </Figure>
          <Figure label={`办结用时（${formatCount(stats.hoursToResolve.count)} 件）`} testId="figure-resolve-hours">
            <Durations p={stats.hoursToResolve} />
          </Figure>
          <Figure label="党员认领 / 已办" testId="figure-claims">
            {formatCount(stats.partyClaims.claims)} / {formatCount(stats.partyClaims.done)}
          </Figure>
        </dl>
        <FigureDefinitions keys={['period', 'received', 'overdueNow', 'overdue', 'hoursToAccept', 'hoursToResolve', 'partyClaims']} />
      </Section>

      <Section title="月度趋势" id="trend">
        {stats.byMonth.length < 2 ? (
          <p className="mb-2 text-sm text-stone-700">本时段只有一个月；选择“今年”或“近 12 个月”可查看逐月趋势图。</p>
        ) : (
          <TrendChart
            summary={trendSummary}
            points={stats.byMonth.map((m) => ({
              name: m.name,
              received: m.received,
              resolved: m.resolution.numerator,
              response: percent(m.response),
              resolution: percent(m.resolution),
              satisfaction: percent(m.satisfaction),
            }))}
          />
        )}
        <div className="mt-4">
          <BreakdownTable
            caption="各月数字"
            nameHeader="月份"
            testId="table-month"
            rows={stats.byMonth.map((m) => ({
              key: m.month,
              name: m.name,
              figures: m,
              receivedHref: monthHref(scope, m.month),
              overdueHref: monthHref(scope, m.month, { overdue: true }),
              unsatisfiedHref: monthHref(scope, m.month, { rating: 'unsatisfied', supporters: true }),
            }))}
          />
        </div>
      </Section>

      <Section title="按分类" id="by-category">
        <CountBars label="收到件数" summary={`按分类的收到件数，共 ${stats.byCategory.length} 类；数字见下表。`} rows={stats.byCategory.map((c) => ({ name: c.name, value: c.received }))} />
        <div className="mt-4">
          <BreakdownTable
            caption="按分类"
            nameHeader="分类"
            testId="table-category"
            rows={stats.byCategory.map((c) => ({
              key: String(c.categoryId),
              name: c.name,
              figures: c,
              // The queue cannot pick out "no category", so that row has no links.
              ...(c.categoryId !== null && {
                receivedHref: receivedHref(scope, { categoryId: c.categoryId }),
                overdueHref: receivedHref(scope, { categoryId: c.categoryId, overdue: true }),
                unsatisfiedHref: receivedHref(scope, { categoryId: c.categoryId, rating: 'unsatisfied', supporters: true }),
              }),
            }))}
          />
        </div>
      </Section>

      <Section title="按来源渠道" id="by-source">
        <CountBars label="收到件数" summary="按来源渠道的收到件数；数字见下表。" rows={stats.bySource.map((s) => ({ name: s.name, value: s.received }))} />
        <div className="mt-4">
          <BreakdownTable
            caption="按来源渠道"
            nameHeader="来源"
            testId="table-source"
            rows={stats.bySource.map((s) => ({
              key: s.source,
              name: s.name,
              figures: s,
              receivedHref: receivedHref(scope, { source: s.source }),
              overdueHref: receivedHref(scope, { source: s.source, overdue: true }),
              unsatisfiedHref: receivedHref(scope, { source: s.source, rating: 'unsatisfied', supporters: true }),
            }))}
          />
        </div>
      </Section>

      {stats.byTownship.length > 1 && (
        <Section title="按乡镇（街道）" id="by-township">
          <p className="mb-3 text-sm text-stone-700">{FIGURE_DEFINITIONS.area.text}</p>
          <BreakdownTable caption="按乡镇（街道）" nameHeader="乡镇（街道）" tall={stats.byTownship.length > TALL_FROM} testId="table-township" rows={areaRows(stats.byTownship)} />
        </Section>
      )}

      {stats.byCommunity.length > 1 && (
        <Section title="按社区（村）" id="by-community">
          {stats.byTownship.length <= 1 && <p className="mb-3 text-sm text-stone-700">{FIGURE_DEFINITIONS.area.text}</p>}
          <ListingNote total={stats.byCommunity.length} unit="个社区（村）" which="community" anchor="by-community" listing={listing} />
          <BreakdownTable
            caption="按社区（村）"
            nameHeader="社区（村）"
            tall={communities.length > TALL_FROM}
            testId="table-community"
            rows={areaRows(communities)}
          />
        </Section>
      )}

      <Section title="按网格" id="by-grid">
        <ListingNote total={stats.byGrid.length} unit="个网格" which="grid" anchor="by-grid" listing={listing} />
        <BreakdownTable
          caption="按网格"
          nameHeader="网格"
          tall={grids.length > TALL_FROM}
          testId="table-grid"
          rows={grids.map((g) => ({
            key: String(g.gridId),
            name: g.name,
            nameHref: `/desk/stats?${new URLSearchParams({ period: 'custom', from: scope.firstDay, to: scope.lastDay, gridId: String(g.gridId) })}`,
            nameHint: '（查看该网格的统计）',
            figures: g,
            receivedHref: receivedHref({ ...scope, gridId: g.gridId }),
            overdueHref: receivedHref({ ...scope, gridId: g.gridId }, { overdue: true }),
            unsatisfiedHref: receivedHref({ ...scope, gridId: g.gridId }, { rating: 'unsatisfied', supporters: true }),
          }))}
        />
      </Section>

      <Section title="按承办人" id="by-worker">
        <p className="mb-3 text-sm text-stone-700">{FIGURE_DEFINITIONS.worker.text}</p>
        <h3 className="mb-2 font-semibold">网格员（{formatCount(stats.handlerCounts.grid_worker)}）</h3>
        {gridWorkers.length ? (
          <WorkerTable rows={gridWorkers} total={stats.handlerCounts.grid_worker} which="grid_worker" listing={listing} caption="按网格员" nameHeader="网格员" scope={scope} claims={false} testId="table-grid-workers" />
        ) : (
          <p className="text-sm text-stone-600">本时段没有由网格员承办的事项。</p>
        )}
        <h3 className="mb-2 mt-5 font-semibold">党员（{formatCount(stats.handlerCounts.party_member)}）</h3>
        {partyMembers.length ? (
          <WorkerTable rows={partyMembers} total={stats.handlerCounts.party_member} which="party_member" listing={listing} caption="按党员" nameHeader="党员" scope={scope} claims testId="table-party-members" />
        ) : (
          <p className="text-sm text-stone-600">本时段没有党员认领或承办的事项。</p>
        )}
        {otherHandlers.length > 0 && (
          <>
            <h3 className="mb-2 mt-5 font-semibold">其他</h3>
            <BreakdownTable
              caption="其他承办人"
              nameHeader="承办人"
              hideResponse
              rows={workerRows(otherHandlers, scope, false).map((r, i) => ({ ...r, name: `${r.name}（${ROLE_LABELS[otherHandlers[i]!.role]}）` }))}
            />
          </>
        )}
      </Section>
    </>
  );
}
