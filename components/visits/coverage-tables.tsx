// 走访覆盖 on the secretary's desk: per grid and per grid worker, households visited within their interval out of those to visit.
import { Section } from '@/components/ui/section';
import type { CoverageRow, VisitCoverage } from '@/lib/visits/coverage';

function percent(r: CoverageRow): string {
  return r.rate === null ? '—' : `${Math.round(r.rate * 1000) / 10}%`;
}

function Table({ caption, first, rows, total }: { caption: string; first: string; rows: CoverageRow[]; total?: CoverageRow }) {
  return (
    // Cards on a phone (globals.css .table-cards); on a tablet it scrolls sideways: focusable so a keyboard can scroll it, named by its table.
    <div className="mb-4 sm:overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
      <table className="table-cards w-full text-sm sm:min-w-[32rem]">
        <caption className="mb-1 text-left font-medium">{caption}</caption>
        <thead>
          <tr className="border-b border-stone-300 text-left text-stone-700">
            <th scope="col" className="py-1 pr-2 font-medium">{first}</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">应走访（户）</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">周期内已走访</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">待走访</th>
            <th scope="col" className="py-1 pr-2 text-right font-medium">覆盖率</th>
            <th scope="col" className="py-1 text-right font-medium">近30天走访（次）</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {[...rows, ...(total ? [total] : [])].map((r) => (
            <tr key={`${r.id}-${r.name}`} className={`border-b border-stone-200 ${r === total ? 'font-semibold' : ''}`}>
              <th scope="row" className="py-1 pr-2 text-left font-medium">{r.name}</th>
              <td data-label="应走访" className="card-tile py-1 pr-2 text-right">{r.households.toLocaleString('zh-CN')}</td>
              <td data-label="已走访" className="card-tile py-1 pr-2 text-right">{r.covered.toLocaleString('zh-CN')}</td>
              <td data-label="待走访" className={`card-tile py-1 pr-2 text-right ${r.due > 0 ? 'text-red-800' : ''}`}>{r.due.toLocaleString('zh-CN')}</td>
              <td data-label="覆盖率" className="card-tile py-1 pr-2 text-right">{percent(r)}</td>
              <td data-label="近30天走访" className="card-tile py-1 text-right">{r.visits30d.toLocaleString('zh-CN')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function VisitCoverageSection({ coverage }: { coverage: VisitCoverage }) {
  return (
    <Section title="走访覆盖（民情账本）" id="visits">
      <p className="mb-3 text-sm text-stone-700">
        覆盖率 = 在走访周期内已走访的在住户 ÷ 应走访的在住户。周期按关爱标签（独居、80岁以上每周，特困、残疾每两周，其他每年，以管理员设置为准）；网格员一行按其负责网格的住户计。
      </p>
      <Table caption="按网格" first="网格" rows={coverage.grids} total={coverage.total} />
      <Table caption="按网格员" first="网格员" rows={coverage.workers} />
    </Section>
  );
}
