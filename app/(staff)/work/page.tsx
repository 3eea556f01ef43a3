import type { Metadata } from 'next';
import Link from 'next/link';
import { CaseList } from '@/components/cases/case-list';
import { RefreshButton } from '@/components/shell/refresh-button';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { formatBoundedCount } from '@/lib/cases/case-list';
import { formatWorkerCursor, loadWorkerHome, WORKER_TABS, type WorkerCursor, type WorkerTab } from '@/lib/cases/worker-home';

export const metadata: Metadata = { title: '我的工作' };

const TAB_LABELS: Record<WorkerTab, string> = {
  all: '全部',
  overdue: '超期',
  fresh: '新诉求',
  mine: '我的待办',
  dueToday: '今日到期',
  followUp: '待回访',
};

const EMPTY: Record<WorkerTab, string> = {
  all: '没有待处理的事项，辛苦了！',
  overdue: '没有超期事项',
  fresh: '没有待受理的新诉求',
  mine: '没有派给您的事项',
  dueToday: '今天没有到期事项',
  followUp: '没有待回访的事项',
};

function href(tab: WorkerTab, search: string | undefined, at?: { after?: WorkerCursor; before?: WorkerCursor }): string {
  const params = new URLSearchParams();
  if (tab !== 'all') params.set('tab', tab);
  if (search) params.set('q', search);
  if (at?.after) params.set('after', formatWorkerCursor(at.after));
  if (at?.before) params.set('before', formatWorkerCursor(at.before));
  const s = params.toString();
  return s ? `/work?${s}` : '/work';
}

/** The grid worker's day on one screen: one list, most urgent first, filtered by a tab or a search. */
export default async function WorkerHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['grid_worker']);
  const params = await searchParams;
  const now = new Date();
  const { query, problem, counts, items, total, prev, next } = await loadWorkerHome(appStore().db, actorFromUser(user), params, now);
  const search = query.search;
  const step = 'flex min-h-12 items-center justify-center rounded-lg border border-stone-300 font-medium hover:bg-stone-50';
  const stepOff = 'flex min-h-12 items-center justify-center rounded-lg border border-stone-200 text-stone-500';

  return (
    <>
      <div className="mb-3 flex items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold sm:text-2xl">我的工作</h1>
          <p className="text-sm text-stone-600">{user.scopeNodes.map((n) => n.name).join('、')}</p>
        </div>
        <RefreshButton />
      </div>

      {problem && (
        <p role="alert" className="mb-3 rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
          {problem}
        </p>
      )}

      <form role="search" action="/work" className="mb-3 flex gap-2">
        {query.tab !== 'all' && <input type="hidden" name="tab" value={query.tab} />}
        <label htmlFor="work-search" className="sr-only">
          搜索事项（内容、地点或编号）
        </label>
        <input
          id="work-search"
          name="q"
          type="search"
          defaultValue={search}
          placeholder="搜索内容、地点或编号"
          className="min-h-12 min-w-0 flex-1 rounded-lg border border-stone-400 bg-white px-3 text-base"
        />
        <button type="submit" className="min-h-12 rounded-lg bg-stone-800 px-4 font-semibold text-white hover:bg-stone-900">
          搜索
        </button>
      </form>

      <nav aria-label="工作分类" className="-mx-4 mb-3 overflow-x-auto px-4">
        <ul className="flex gap-2 pb-1">
          {WORKER_TABS.map((tab) => {
            const current = tab === query.tab;
            const alarm = tab === 'overdue' && counts.overdue > 0;
            return (
              <li key={tab} className="shrink-0">
                <Link
                  href={href(tab, search)}
                  // Six filter views of this very page: prefetching each fetches its outline for nothing (see BottomTabs).
                  prefetch={false}
                  aria-current={current ? 'page' : undefined}
                  className={`flex min-h-11 items-center gap-1.5 whitespace-nowrap rounded-full border px-3 text-sm font-medium ${
                    current ? 'border-brand-800 bg-brand-700 text-white' : alarm ? 'border-red-300 bg-red-50 text-red-900' : 'border-stone-300 bg-white text-stone-800'
                  }`}
                >
                  {TAB_LABELS[tab]}
                  <span data-testid={`count-${tab}`} className={`rounded-full px-1.5 text-xs font-bold tabular-nums ${current ? 'bg-white/20' : 'bg-stone-100'}`}>
                    {counts[tab]}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <section aria-labelledby="work-list-heading" className="rounded-xl border border-stone-200 bg-white px-3 py-2 shadow-sm">
        <h2 id="work-list-heading" className="py-1 text-base font-semibold">
          {search ? `“${search}”的搜索结果（${formatBoundedCount(total)}）` : `${TAB_LABELS[query.tab]}（${formatBoundedCount(total)}）`}
          <span className="ml-2 text-xs font-normal text-stone-600">按紧急程度排序</span>
        </h2>
        <CaseList items={items} empty={search ? '没有找到匹配的事项' : EMPTY[query.tab]} now={now} anchorId={query.after || query.before ? items[0]?.id : undefined} />
        {(prev || next) && (
          // Two thumb-sized steps side by side; plain links, so paging works without JavaScript.
          <nav aria-label="翻页" className="mt-2 grid grid-cols-2 gap-2">
            {prev ? (
              <Link href={`${href(query.tab, search, { before: prev })}#case-more`} prefetch={false} rel="prev" className={step}>
                上一页
              </Link>
            ) : (
              <span aria-disabled="true" className={stepOff}>
                上一页
              </span>
            )}
            {next ? (
              <Link href={`${href(query.tab, search, { after: next })}#case-more`} prefetch={false} rel="next" className={step}>
                下一页
              </Link>
            ) : (
              <span aria-disabled="true" className={stepOff}>
                下一页
              </span>
            )}
          </nav>
        )}
      </section>
    </>
  );
}
