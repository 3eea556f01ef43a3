import Link from 'next/link';
import { filtersToSearchParams, type QueueFilters } from '@/lib/desk/filters';

/** Paging for the queue: first, previous, next, last, and a jump to any page. */
export function QueuePager({ filters, pages }: { filters: QueueFilters; pages: number }) {
  if (pages <= 1) return null;
  const page = filters.page;
  const href = (p: number) => `/desk/cases?${filtersToSearchParams({ ...filters, page: p })}`;
  const link = 'inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-3 hover:bg-stone-50';
  const off = 'inline-flex min-h-11 items-center rounded-lg border border-stone-200 px-3 text-stone-500';
  // The jump form carries every other filter as hidden fields, so jumping keeps the queue as it is.
  const hidden = [...filtersToSearchParams({ ...filters, page: 1 }).entries()];
  return (
    <nav aria-label="分页" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <div className="flex gap-2">
        {page > 1 ? (
          <>
            <Link href={href(1)} className={link}>
              首页
            </Link>
            <Link href={href(page - 1)} className={link} rel="prev">
              上一页
            </Link>
          </>
        ) : (
          <>
            <span className={off} aria-disabled="true">首页</span>
            <span className={off} aria-disabled="true">上一页</span>
          </>
        )}
      </div>
      <form action="/desk/cases" method="get" className="flex items-center gap-2">
        {hidden.map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
        <label htmlFor="jump-page">
          <span aria-hidden="true">第</span>
          <span className="sr-only">跳转到第几页（共 {pages} 页）</span>
        </label>
        <input id="jump-page" name="page" type="number" min={1} max={pages} defaultValue={page} className="min-h-11 w-20 rounded-lg border border-stone-400 px-2 tabular-nums" />
        <span aria-hidden="true">/ {pages.toLocaleString('zh-CN')} 页</span>
        <button type="submit" className={link}>
          跳转
        </button>
      </form>
      <div className="flex gap-2">
        {page < pages ? (
          <>
            <Link href={href(page + 1)} className={link} rel="next">
              下一页
            </Link>
            <Link href={href(pages)} className={link}>
              末页
            </Link>
          </>
        ) : (
          <>
            <span className={off} aria-disabled="true">下一页</span>
            <span className={off} aria-disabled="true">末页</span>
          </>
        )}
      </div>
    </nav>
  );
}
