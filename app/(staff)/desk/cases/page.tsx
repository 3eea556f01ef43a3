import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { BulkActions } from '@/components/desk/bulk-actions';
import { DownloadButton } from '@/components/desk/download-button';
import { QueueFilterForm } from '@/components/desk/queue-filter-form';
import { QueuePager } from '@/components/desk/queue-pager';
import { QueueTable } from '@/components/desk/queue-table';
import { SavedViewTabs } from '@/components/desk/saved-view-tabs';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { caseNumberSchema } from '@/lib/cases/schemas';
import { filtersToSearchParams, parseQueueFilters, PHONE_PAGE_SIZE, withoutPaging } from '@/lib/desk/filters';
import { loadDeskQueue } from '@/lib/desk/queue';
import { LONG_LIST, PHONE_LONG_LIST, queueOptions } from '@/lib/desk/queue-options';
import { isPhoneRequest } from '@/lib/http/device';

export const metadata: Metadata = { title: '事项队列' };

type Search = Record<string, string | string[] | undefined>;

/** The secretary's queue: every request in scope, filtered, searched and paged through the URL. */
export default async function DeskCasesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser(['secretary', 'admin']);
  const search = await searchParams;
  // A full tracking number typed into the search box opens that case directly.
  const typed = typeof search.q === 'string' ? caseNumberSchema.safeParse(search.q.trim().toUpperCase()) : null;
  if (typed?.success) redirect(`/cases/${typed.data}`);

  const db = appStore().db;
  const now = new Date();
  const viewer = actorFromUser(user);
  // A phone's first view is a shorter page; links carry the size on, and a size the user picks wins.
  const phone = isPhoneRequest(await headers());
  const phoneDefault = search.pageSize === undefined && phone;
  const parsed = parseQueueFilters(phoneDefault ? { ...search, pageSize: String(PHONE_PAGE_SIZE) } : search);
  const chosen = { gridId: parsed.filters.gridId, buildingId: parsed.filters.buildingId, handlerId: parsed.filters.handlerId };
  // The queue and the filter's options side by side (on PostgreSQL each on connections of its own). On a phone,
  // buildings and handlers are offered grid by grid from a shorter length on: a select of a hundred names is no help
  // on a small screen, and the community's ~220 options were a third of the page's weight and of the work of showing
  // it (Lighthouse's total blocking time on a mid-range phone).
  const [result, options] = await Promise.all([loadDeskQueue(db, viewer, parsed, now), queueOptions(db, user.scope, chosen, phone ? PHONE_LONG_LIST : LONG_LIST)]);
  const { filters, problems, counts, total } = result;
  const exportFields = filtersToSearchParams({ ...withoutPaging(filters), pageSize: undefined });
  const exactHref = `/desk/cases?${filtersToSearchParams({ ...filters, count: 'exact' })}`;

  return (
    <>
      <PageHeader title="事项队列" subtitle={user.scopeNodes.map((n) => n.name).join('、')}>
        <DownloadButton action="/desk/export" fields={exportFields} label="导出当前结果（Excel）" />
      </PageHeader>
      {problems.length > 0 && (
        <div role="alert" className="mb-3 rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">部分筛选条件无效，已忽略这些条件，其余条件照常生效：</p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <SavedViewTabs filters={filters} counts={counts} />
      <QueueFilterForm key={filtersToSearchParams(withoutPaging(filters)).toString()} filters={filters} options={options} compact={phone} />
      {/* 派给网格员's list of grid workers is read when the secretary picks that action (a county has ~430). */}
      <BulkActions categories={options.categories.filter((c) => c.active)} />
      {result.ratings && (
        // A statistics drill-down: the figure it came from counts ratings (each supporter's once), not cases.
        <p className="mb-1 text-sm" data-testid="rating-tally">
          其中评价 <strong className="tabular-nums">{(result.ratings.own + result.ratings.supporters).toLocaleString('zh-CN')}</strong> 条：居民本人{' '}
          <span className="tabular-nums">{result.ratings.own.toLocaleString('zh-CN')}</span> 条，附议居民{' '}
          <span className="tabular-nums">{result.ratings.supporters.toLocaleString('zh-CN')}</span> 条（与统计页口径一致）
        </p>
      )}
      <p className="mb-2 text-sm" aria-live="polite">
        {total.atLeast ? (
          <>
            超过 <strong className="tabular-nums">{total.n.toLocaleString('zh-CN')}</strong> 件
            {/* Counting every row of a large scope is the one cost that grows with the data: only on request. */}
            <Link href={exactHref} prefetch={false} className="ml-2 inline-flex min-h-11 items-center px-1 text-brand-800 underline">
              精确计数
            </Link>
          </>
        ) : (
          <>
            共 <strong className="tabular-nums">{total.n.toLocaleString('zh-CN')}</strong> 件
          </>
        )}
        {result.rows.length > 0 &&
          (result.atStart ? (
            <>
              ，显示第 <span className="tabular-nums">1</span>–<span className="tabular-nums">{result.rows.length.toLocaleString('zh-CN')}</span> 件
            </>
          ) : (
            <>
              ，本页 <span className="tabular-nums">{result.rows.length.toLocaleString('zh-CN')}</span> 件
              {filters.at && <>（{filters.at} 起）</>}
            </>
          ))}
      </p>
      {result.rows.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-6 text-center text-stone-700">没有符合条件的事项。可以放宽筛选条件，或点“清除条件”。</p>
      ) : (
        <QueueTable rows={result.rows} now={now} />
      )}
      <QueuePager filters={filters} prev={result.prev} next={result.next} atStart={result.atStart} />
    </>
  );
}
