import Link from 'next/link';
import { CASE_SOURCES, CASE_STATUSES } from '@/db/schema';
import { RATING_LABELS, SOURCE_LABELS, STATUS_LABELS, URGENCY_LABELS } from '@/lib/cases/labels';
import { PAGE_SIZES, SORT_LABELS, SORTS, type QueueFilters } from '@/lib/desk/filters';
import type { QueueOptions } from '@/lib/desk/queue-options';

const control = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-2 py-2';

function Select({ label, name, value, children }: { label: string; name: string; value: string | number | undefined; children: React.ReactNode }) {
  return (
    <label className="text-sm">
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
export function QueueFilterForm({ filters: f, options }: { filters: QueueFilters; options: QueueOptions }) {
  const buildings = f.gridId ? options.buildings.filter((b) => b.gridId === f.gridId) : options.buildings;
  const gridName = new Map(options.grids.map((g) => [g.id, g.name]));
  const buildingGroups = [...new Set(buildings.map((b) => b.gridId))];
  const showCommunity = new Set(options.grids.map((g) => g.communityName)).size > 1;
  return (
    <form action="/desk/cases" method="get" role="search" aria-label="筛选事项" className="mb-4 rounded-xl border border-stone-200 bg-white p-3">
      {f.view && <input type="hidden" name="view" value={f.view} />}
      <div className="flex flex-wrap items-end gap-3">
        <label className="min-w-60 flex-1 text-sm">
          搜索（编号、内容、地点、居民姓名）
          <input type="search" name="q" defaultValue={f.q ?? ''} maxLength={50} placeholder="如：路灯、漏水、YH2026…" className={control} />
        </label>
        <Select label="排序" name="sort" value={f.sort}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </Select>
        <Select label="每页" name="pageSize" value={f.pageSize}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n} 条
            </option>
          ))}
        </Select>
        <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800">
          筛选
        </button>
        <Link href={f.view ? `/desk/cases?view=${f.view}` : '/desk/cases'} className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 px-4 hover:bg-stone-50">
          清除条件
        </Link>
      </div>

      <fieldset className="mt-3">
        <legend className="text-sm">状态（可多选）</legend>
        <div className="mt-1 flex flex-wrap gap-2">
          {CASE_STATUSES.map((s) => (
            <label key={s} className="flex min-h-10 items-center gap-2 rounded-lg border border-stone-300 px-3 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
              <input type="checkbox" name="status" value={s} defaultChecked={f.status?.includes(s)} className="size-4" />
              {STATUS_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>

      <div className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Select label="网格" name="gridId" value={f.gridId}>
          <option value="">全部网格</option>
          {options.grids.map((g) => (
            <option key={g.id} value={g.id}>
              {showCommunity && g.communityName ? `${g.communityName} · ` : ''}
              {g.name}
            </option>
          ))}
        </Select>
        <Select label={f.gridId ? '楼栋（本网格）' : '楼栋'} name="buildingId" value={f.buildingId}>
          <option value="">全部楼栋</option>
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
        <Select label="分类" name="categoryId" value={f.categoryId}>
          <option value="">全部分类</option>
          {options.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.active ? '' : '（已停用）'}
            </option>
          ))}
        </Select>
        <Select label="来源" name="source" value={f.source}>
          <option value="">全部来源</option>
          {CASE_SOURCES.map((s) => (
            <option key={s} value={s}>
              {SOURCE_LABELS[s]}
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
        </Select>
        <Select label="承办人" name="handlerId" value={f.handlerId}>
          <option value="">全部</option>
          <optgroup label="网格员">
            {options.handlers
              .filter((h) => h.role === 'grid_worker')
              .map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
          </optgroup>
          <optgroup label="党员">
            {options.handlers
              .filter((h) => h.role === 'party_member')
              .map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
          </optgroup>
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
        <label className="flex min-h-11 items-center gap-2 self-end text-sm">
          <input type="checkbox" name="overdue" value="1" defaultChecked={f.overdue === true} className="size-5" />
          只看超期
        </label>
        <label className="flex min-h-11 items-center gap-2 self-end text-sm">
          <input type="checkbox" name="supervised" value="1" defaultChecked={f.supervised === true} className="size-5" />
          只看督办
        </label>
      </div>
    </form>
  );
}
