// Choosing the period and the scope of the statistics: one-tap presets, and a plain GET form for a custom range or one grid.
import Link from 'next/link';
import type { GridChoice } from '@/lib/stats/grids';
import { PERIOD_LABELS, PERIOD_PRESETS, type PeriodPreset } from '@/lib/stats/period';

function statsHref(period: PeriodPreset, gridId: number | undefined): string {
  const p = new URLSearchParams({ period });
  if (gridId) p.set('gridId', String(gridId));
  return `/desk/stats?${p}`;
}

export function PeriodForm({
  period,
  firstDay,
  lastDay,
  gridId,
  grids,
  narrowed = false,
  showGridPicker,
}: {
  period: PeriodPreset;
  firstDay: string;
  lastDay: string;
  gridId: number | undefined;
  grids: GridChoice[];
  /** The scope has more grids than the picker lists: `grids` are the chosen grid's community's (or none); the by-grid table links every grid. */
  narrowed?: boolean;
  showGridPicker: boolean;
}) {
  const field = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-2';
  const manyCommunities = new Set(grids.map((g) => g.communityName)).size > 1;
  // Narrowed without a chosen grid, the select would hold "全部网格" alone: the note says where the grids are.
  const listed = showGridPicker && (!narrowed || grids.length > 0);
  return (
    <div className="mb-5 rounded-xl border border-stone-200 bg-white p-3">
      <nav aria-label="统计时段" className="mb-3 flex flex-wrap gap-2">
        {PERIOD_PRESETS.filter((p) => p !== 'custom').map((p) => (
          <Link
            key={p}
            href={statsHref(p, gridId)}
            aria-current={p === period ? 'page' : undefined}
            className={`inline-flex min-h-11 items-center rounded-full border px-4 text-sm ${
              p === period ? 'border-brand-700 bg-brand-700 font-semibold text-white' : 'border-stone-400 bg-white text-stone-800 hover:bg-stone-50'
            }`}
          >
            {PERIOD_LABELS[p]}
            {p === period && <span className="sr-only">（当前）</span>}
          </Link>
        ))}
        {period === 'custom' && (
          <span aria-current="page" className="inline-flex min-h-11 items-center rounded-full border border-brand-700 bg-brand-700 px-4 text-sm font-semibold text-white">
            {PERIOD_LABELS.custom}
            <span className="sr-only">（当前）</span>
          </span>
        )}
      </nav>
      <form action="/desk/stats" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {/* The dates start as the shown period's own, so changing only the grid keeps the period. */}
        <input type="hidden" name="period" value="custom" />
        <label className="text-sm">
          开始日期
          <input type="date" name="from" required defaultValue={firstDay} className={field} />
        </label>
        <label className="text-sm">
          结束日期
          <input type="date" name="to" required defaultValue={lastDay} className={field} />
        </label>
        {listed ? (
          <label className="text-sm">
            范围
            <select name="gridId" defaultValue={gridId ?? ''} className={field}>
              <option value="">全部网格</option>
              {grids.map((g) => (
                <option key={g.id} value={g.id}>
                  {manyCommunities ? `${g.communityName} · ${g.name}` : g.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          gridId && <input type="hidden" name="gridId" value={gridId} />
        )}
        <div className="flex items-end">
          <button type="submit" className="min-h-11 w-full rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800">
            查看统计
          </button>
        </div>
        {showGridPicker && narrowed && (
          <p className="col-span-full text-xs text-stone-600" data-testid="grid-picker-note">
            网格较多，“范围”{gridId ? '只列出本网格所在社区（村）的网格' : '不逐一列出'}；其他网格请在下方
            <a href="#by-grid" className="text-blue-800 underline underline-offset-2">
              “按网格”
            </a>
            表中点网格名称查看。
          </p>
        )}
        <p className="col-span-full text-xs text-stone-600">按北京时间的自然日统计，含开始和结束当天，最长 3 年。</p>
      </form>
    </div>
  );
}
