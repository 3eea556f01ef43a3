import Link from 'next/link';
import type { Cursor } from '@/lib/cases/case-list';
import { filtersToSearchParams, withoutPaging, type QueueFilters } from '@/lib/desk/filters';

/**
 * Paging for the queue: 上一页 / 下一页 by keyset (plain links, no script needed), back to the
 * start, and a jump to a day for the date orders. There is no "page N of M": reaching a row deep in
 * the list is done by narrowing (filters, search) or by its day, which an index finds directly.
 * Thumb-sized on a 360 px phone: the two step links share the first row, at least 44 px tall.
 */
export function QueuePager({ filters, prev, next, atStart }: { filters: QueueFilters; prev: Cursor | null; next: Cursor | null; atStart: boolean }) {
  const base = withoutPaging(filters);
  const href = (extra: Partial<QueueFilters>) => {
    const params = filtersToSearchParams({ ...base, count: filters.count, ...extra });
    return params.size ? `/desk/cases?${params}` : '/desk/cases';
  };
  const link = 'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-50';
  const off = 'inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg border border-stone-200 px-4 text-stone-500';
  const dated = filters.sort !== 'due';
  // The jump form carries every other filter as hidden fields, so jumping keeps the queue as it is.
  const hidden = [...filtersToSearchParams({ ...base, count: filters.count }).entries()];
  if (atStart && !next && !prev) return null;
  return (
    <nav aria-label="分页" className="mt-4 flex flex-col gap-3 text-sm sm:flex-row sm:flex-wrap sm:items-center sm:justify-between">
      <div className="grid grid-cols-2 gap-2 sm:flex">
        {prev ? (
          <Link href={href({ before: prev })} prefetch={false} className={link} rel="prev">
            上一页
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            上一页
          </span>
        )}
        {next ? (
          <Link href={href({ after: next })} prefetch={false} className={link} rel="next">
            下一页
          </Link>
        ) : (
          <span className={off} aria-disabled="true">
            下一页
          </span>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {!atStart && (
          <Link href={href({})} prefetch={false} className={link}>
            回到开头
          </Link>
        )}
        {dated && (
          <form action="/desk/cases" method="get" className="flex flex-1 items-center gap-2">
            {hidden.map(([k, v], i) => (
              <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
            ))}
            <label htmlFor="jump-day" className="shrink-0">
              跳到日期
            </label>
            <input id="jump-day" name="at" type="date" defaultValue={filters.at} required className="min-h-11 min-w-0 flex-1 rounded-lg border border-stone-400 px-2 tabular-nums" />
            <button type="submit" className={link}>
              跳转
            </button>
          </form>
        )}
      </div>
    </nav>
  );
}
