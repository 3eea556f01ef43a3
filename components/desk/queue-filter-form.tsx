import Link from 'next/link';
import { CASE_SOURCES, CASE_STATUSES } from '@/db/schema';
import { RATING_LABELS, SOURCE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '@/lib/cases/labels';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES, SORT_LABELS, SORTS, type QueueFilters } from '@/lib/desk/filters';
import type { QueueOptions } from '@/lib/desk/queue-options';

/** The 承办人 choices, grouped by role (a group without anyone in it is left out). */
const HANDLER_GROUPS = [
  { role: 'grid_worker', label: '网格员' },
  { role: 'party_member', label: '党员' },
] as const;

// One height for every control of the bar (the folded status list's too), thumb-sized: a select stood shorter than the status box beside it, and the two labels sat at different heights on a phone.
const control = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-2 py-2';

function Select({ label, name, value, children }: { label: string; name: string; value: string | number | undefined; children: React.ReactNode }) {
  return (
    <label className="block text-sm">
      {label}
      <select name={name} defaultValue={value ?? ''} className={control}>
        {children}
      </select>
    </label>
  );
}

/**
 * Every filter as a plain GET form: the URL carries the whole queue, so a view can be
 * bookmarked or sent to a colleague, and it works before any JavaScript has loaded.
 */
export function QueueFilterForm({ filters: f, options, compact = false }: { filters: QueueFilters; options: QueueOptions; compact?: boolean }) {
  const buildings = f.gridId ? options.buildings.filter((b) => b.gridId === f.gridId) : options.buildings;
  const gridName = new Map(options.grids.map((g) => [g.id, g.name]));
  const buildingGroups = [...new Set(buildings.map((b) => b.gridId))];
  const showCommunity = new Set(options.grids.map((g) => g.communityName)).size > 1;
  // "更多筛选" opens by itself when one of its filters is set, so a set filter is never hidden.
  const moreSet = [f.buildingId, f.source, f.urgency, f.rating, f.handlerId, f.unitId, f.from, f.to, f.overdue || undefined, f.supervised || undefined].filter(
    (v) => v !== undefined && v !== '',
  ).length;
  // On a phone (compact) 状态, 网格 and 分类 fold away with the rest, so the first screen shows cases, not a form.
  const commonSet = compact ? [f.status?.length ? f.status : undefined, f.gridId, f.categoryId].filter((v) => v !== undefined).length : 0;
  const folded = moreSet + commonSet;
  const statusText = f.status?.length ? f.status.map((x) => STATUS_LABELS[x]).join('、') : '全部状态';
  const common = (
    <>
        {/* Several statuses may be ticked at once, so a folded list of checkboxes instead of a select. */}
        <div className="relative min-w-36 flex-1 text-sm">
          <span aria-hidden="true">状态</span>
          <details className="mt-1">
          <summary className="flex min-h-11 cursor-pointer list-none items-center justify-between gap-1 rounded-lg border border-stone-400 bg-white px-2">
            <span className="sr-only">状态：</span>
            <span className="truncate">{statusText}</span>
            <span aria-hidden="true">▾</span>
          </summary>
          <fieldset className="absolute left-0 z-20 mt-1 w-60 rounded-lg border border-stone-300 bg-white p-2 shadow-lg">
            <legend className="sr-only">状态（可多选）</legend>
            {CASE_STATUSES.map((x) => (
              <label key={x} className="flex min-h-10 items-center gap-2 rounded px-2 hover:bg-stone-50">
                <input type="checkbox" name="status" value={x} defaultChecked={f.status?.includes(x)} className="size-4" />
                {STATUS_LABELS[x]}
              </label>
            ))}
          </fieldset>
          </details>
        </div>
        <div className="min-w-36 flex-1">
          <Select label="网格" name="gridId" value={f.gridId}>
            <option value="">全部网格</option>
            {options.grids.map((g) => (
              <option key={g.id} value={g.id}>
                {showCommunity && g.communityName ? `${g.communityName} · ` : ''}
                {g.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="min-w-36 flex-1">
          <Select label="分类" name="categoryId" value={f.categoryId}>
            <option value="">全部分类</option>
            {options.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.active ? '' : '（已停用）'}
              </option>
            ))}
          </Select>
        </div>
    </>
  );
  return (
    <form action="/desk/cases" method="get" role="search" aria-label="筛选事项" className="mb-3 rounded-xl border border-stone-200 bg-white p-3">
      {f.view && <input type="hidden" name="view" value={f.view} />}
      {/* A statistics drill-down counts supporters' ratings too (lib/desk/filters.ts): kept while the other filters change. */}
      {f.supporters && <input type="hidden" name="supporters" value="1" />}
      <div className="flex flex-wrap items-end gap-2">
        <label className="min-w-48 flex-[2_1_14rem] text-sm">
          搜索（编号、内容、地点、居民姓名）
          <input type="search" name="q" defaultValue={f.q ?? ''} maxLength={50} placeholder="如：路灯、漏水、YH2026…" className={control} />
        </label>
        {!compact && common}
        <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800">
          筛选
        </button>
        {/* Not prefetched: the prefetch of this very queue ran its queries again while the page was still starting up. */}
        {/* On a phone only when there is something to clear: a lone button on a line of its own pushed the list down. */}
        {(!compact || folded > 0 || f.q) && (
          <Link href={f.view ? `/desk/cases?view=${f.view}` : '/desk/cases'} prefetch={false} className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 px-3 hover:bg-stone-50">
            清除条件
          </Link>
        )}
      </div>

      <details open={folded > 0} className="mt-2">
        <summary className="inline-flex min-h-10 cursor-pointer items-center text-sm font-medium text-blue-800">
          更多筛选{folded > 0 ? `（已设 ${folded} 项）` : compact ? '（状态、网格、分类、楼栋、日期…）' : '（楼栋、来源、承办、日期、超期、排序…）'}
        </summary>
        <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {compact && common}
          <Select label={f.gridId ? '楼栋（本网格）' : options.buildingsNeedGrid ? '楼栋（先选网格）' : '楼栋'} name="buildingId" value={f.buildingId}>
            <option value="">{options.buildingsNeedGrid && !f.gridId ? '全部楼栋（选定网格后可按楼栋筛选）' : '全部楼栋'}</option>
            {buildingGroups.map((gid) => (
              <optgroup key={gid} label={gridName.get(gid) ?? ''}>
                {buildings
                  .filter((b) => b.gridId === gid)
                  .map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </Select>
          <Select label="来源" name="source" value={f.source}>
            <option value="">全部来源</option>
            {CASE_SOURCES.map((x) => (
              <option key={x} value={x}>
                {SOURCE_LABELS[x]}
              </option>
            ))}
          </Select>
          <Select label="紧急程度" name="urgency" value={f.urgency}>
            <option value="">全部</option>
            <option value="normal">{URGENCY_LABELS.normal}</option>
            <option value="urgent">{URGENCY_LABELS.urgent}</option>
          </Select>
          <Select label="评价" name="rating" value={f.rating}>
            <option value="">全部</option>
            <option value="satisfied">{RATING_LABELS.satisfied}</option>
            <option value="basically">{RATING_LABELS.basically}</option>
            <option value="unsatisfied">{RATING_LABELS.unsatisfied}</option>
            <option value="none">未评价</option>
            <option value="rated">已评价</option>
          </Select>
          <Select label={options.handlersNeedGrid ? (f.gridId ? '承办人（本网格）' : '承办人（先选网格）') : '承办人'} name="handlerId" value={f.handlerId}>
            <option value="">{options.handlersNeedGrid && !f.gridId ? '全部（选定网格后可按承办人筛选）' : '全部'}</option>
            {HANDLER_GROUPS.map(({ role, label }) => {
              const people = options.handlers.filter((h) => h.role === role);
              return (
                people.length > 0 && (
                  <optgroup key={role} label={label}>
                    {people.map((h) => (
                      <option key={h.id} value={h.id}>
                        {h.name}
                      </option>
                    ))}
                  </optgroup>
                )
              );
            })}
          </Select>
          <Select label="承办单位" name="unitId" value={f.unitId}>
            <option value="">全部</option>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </Select>
          <label className="text-sm">
            提交日期从
            <input type="date" name="from" defaultValue={f.from ?? ''} className={control} />
          </label>
          <label className="text-sm">
            提交日期至
            <input type="date" name="to" defaultValue={f.to ?? ''} className={control} />
          </label>
          <Select label="排序" name="sort" value={f.sort}>
            {SORTS.map((x) => (
              <option key={x} value={x}>
                {SORT_LABELS[x]}
              </option>
            ))}
          </Select>
          <Select label="每页" name="pageSize" value={f.pageSize ?? DEFAULT_PAGE_SIZE}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n} 条
              </option>
            ))}
          </Select>
          <label className="flex min-h-11 items-center gap-2 self-end text-sm">
            <input type="checkbox" name="overdue" value="1" defaultChecked={f.overdue === true} className="size-5" />
            只看超期
          </label>
          <label className="flex min-h-11 items-center gap-2 self-end text-sm">
            <input type="checkbox" name="supervised" value="1" defaultChecked={f.supervised === true} className="size-5" />
            只看督办
          </label>
        </div>
      </details>
    </form>
  );
}
