import type { ExportLogRow } from '@/lib/desk/export-audit';
import { formatDateTime } from '@/lib/format/datetime';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { monthName } from '@/lib/stats/period';

/** Recent exports of personal data: who, when, what, how many rows. A table on a desk, cards on a phone (globals.css .table-cards). */
export function ExportLog({ rows }: { rows: readonly ExportLogRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-stone-600">还没有导出记录。</p>;
  return (
    <div className="sm:overflow-x-auto">
      <table className="table-cards w-full text-left text-sm sm:min-w-[40rem]">
        <caption className="sr-only">最近的导出记录</caption>
        <thead className="border-b border-stone-300 text-stone-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              时间
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              导出人
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              内容
            </th>
            <th scope="col" className="py-2 pr-3 font-medium">
              筛选条件
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              行数
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="whitespace-nowrap py-2 pr-3 tabular-nums">{formatDateTime(r.at)}</td>
              <td data-label="导出人" className="whitespace-nowrap py-2 pr-3">
                {r.who}
                <span className="block text-xs text-stone-600">{ROLE_LABELS[r.role]}</span>
              </td>
              <td data-label="内容" className="whitespace-nowrap py-2 pr-3">{r.kind === 'ledger' ? `月度台账 ${r.month ? monthName(r.month) : ''}` : '事项清单'}</td>
              <td data-label="筛选条件" className="py-2 pr-3">{r.filterText}</td>
              <td data-label="行数" className="py-2 text-right tabular-nums">
                {r.rows === null ? '—' : r.rows.toLocaleString('zh-CN')}
                {r.incomplete && <span className="block text-xs text-amber-800">下载中断，至多已发送这些行</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
