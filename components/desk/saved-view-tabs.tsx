import Link from 'next/link';
import { formatBoundedCount } from '@/lib/cases/case-list';
import { filtersToSearchParams, SAVED_VIEWS, withoutPaging, type QueueFilters, type SavedView } from '@/lib/desk/filters';
import type { ViewCounts } from '@/lib/desk/queue';

/**
 * The saved views as one-tap tabs; each keeps the other filters and shows how many it holds.
 * Not prefetched: each is a full queue query, and six of them on every queue view held up the click that mattered.
 * A count at the cap reads "1,000+"; the page's 精确计数 link makes every tab exact.
 */
export function SavedViewTabs({ filters, counts }: { filters: QueueFilters; counts: ViewCounts }) {
  const href = (view: SavedView | undefined) => {
    // A tab starts its list from the top; an exact count asked for stays exact.
    const params = filtersToSearchParams({ ...withoutPaging(filters), view, count: filters.count });
    return params.size ? `/desk/cases?${params}` : '/desk/cases';
  };
  const tab = 'inline-flex min-h-11 items-center gap-2 rounded-lg border px-3 text-sm font-medium';
  const active = 'border-brand-700 bg-brand-700 text-white';
  const idle = 'border-stone-300 bg-white text-stone-900 hover:bg-stone-50';
  return (
    // On a phone the views are one row that scrolls sideways (as the worker's chips), not three rows above the list;
    // relative: the counts' screen-reader text (absolutely positioned) scrolls with the row instead of widening the page.
    <nav aria-label="快捷视图" className="relative -mx-4 mb-4 overflow-x-auto px-4 sm:mx-0 sm:overflow-visible sm:px-0">
      <ul className="flex gap-2 whitespace-nowrap sm:flex-wrap">
        <li>
          <Link href={href(undefined)} prefetch={false} aria-current={filters.view ? undefined : 'page'} className={`${tab} ${filters.view ? idle : active}`}>
            全部
            <span className={`rounded-full px-2 text-xs tabular-nums ${filters.view ? 'bg-stone-100 text-stone-800' : 'bg-white text-brand-800'}`}>
              {formatBoundedCount(counts.all)}
              <span className="sr-only">{counts.all.atLeast ? ' 件以上' : ' 件'}</span>
            </span>
          </Link>
        </li>
        {SAVED_VIEWS.map((v) => {
          const on = filters.view === v.key;
          return (
            <li key={v.key}>
              <Link href={href(v.key)} prefetch={false} aria-current={on ? 'page' : undefined} title={v.hint} className={`${tab} ${on ? active : idle}`}>
                {v.label}
                <span className={`rounded-full px-2 text-xs tabular-nums ${on ? 'bg-white text-brand-800' : 'bg-stone-100 text-stone-800'}`}>
                  {formatBoundedCount(counts[v.key])}
                  <span className="sr-only">{counts[v.key].atLeast ? ' 件以上' : ' 件'}</span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
