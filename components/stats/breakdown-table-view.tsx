'use client';
// The rows of a BreakdownTable, drawn from compact figures (breakdown-table.tsx): a county's statistics page lists
// some 130 rows of 20 elements each. Sent as the server's markup, every element went out twice (the HTML and the
// page's React payload) and was built twice on the server; as numbers and links they go out once, and the same HTML
// is drawn from them here. The links are plain <a>s that the table's region navigates softly (SoftNavRegion).
import { SoftNavRegion } from '@/components/ui/soft-nav-region';
import { formatCount, formatFraction, formatRate } from '@/lib/stats/format';
import type { Rate } from '@/lib/stats/types';

/**
 * One row: its key, name (with a link and a screen-reader hint when it has them), the counts
 * [received, response n/d, resolution n/d, satisfaction n/d, unsatisfied, overdue], the queue links
 * [received, unsatisfied, overdue] (null: none) and the text of any extra cells.
 */
export type CompactRow = {
  key: string;
  name: string;
  nameHref?: string;
  nameHint?: string;
  counts: readonly number[];
  hrefs: readonly (string | null)[];
  extra?: readonly string[];
};

const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator === 0 ? null : numerator / denominator });

function CountLink({ n, href, label }: { n: number; href: string | null; label: string }) {
  if (!href || n === 0) return <span className="tabular-nums">{formatCount(n)}</span>;
  return (
    <a href={href} aria-label={`${label} ${formatCount(n)} 件，查看事项`} className="tabular-nums text-blue-800 underline underline-offset-2 hover:text-blue-950">
      {formatCount(n)}
    </a>
  );
}

function RateCell({ rate, label }: { rate: Rate; label: string }) {
  return (
    <td data-label={label} className="card-tile px-2 py-2 text-right">
      <span className="tabular-nums font-medium">{formatRate(rate)}</span>
      <span className="block text-xs tabular-nums text-stone-600">{rate.denominator > 0 ? formatFraction(rate) : '无'}</span>
    </td>
  );
}

export function BreakdownTableView({
  caption,
  nameHeader,
  rows,
  extraColumns,
  hideResponse,
  tall,
  testId,
}: {
  caption: string;
  nameHeader: string;
  rows: readonly CompactRow[];
  extraColumns: readonly string[];
  hideResponse: boolean;
  tall: boolean;
  testId?: string;
}) {
  const th = 'px-2 py-2 text-right font-medium';
  return (
    <SoftNavRegion className={tall ? 'max-h-[32rem] overflow-y-auto sm:overflow-auto' : 'sm:overflow-x-auto'} role="region" aria-label={caption} tabIndex={0}>
      <table className="table-cards w-full border-collapse text-sm sm:min-w-[36rem]" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 border-b border-stone-300 bg-stone-50 text-stone-700">
          <tr>
            <th scope="col" className="px-2 py-2 text-left font-medium">
              {nameHeader}
            </th>
            {['收到', ...(hideResponse ? [] : ['响应率']), '解决率', '满意率', '不满意', '其中超期', ...extraColumns].map((c) => (
              <th key={c} scope="col" className={th}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map(({ key, name, nameHref, nameHint, counts: c, hrefs: h, extra }) => (
            <tr key={key}>
              <th scope="row" className="px-2 py-2 text-left font-normal">
                {nameHref ? (
                  <a href={nameHref} className="text-blue-800 underline underline-offset-2">
                    {name}
                    {nameHint && <span className="sr-only">{nameHint}</span>}
                  </a>
                ) : (
                  name
                )}
              </th>
              <td data-label="收到" className="card-tile px-2 py-2 text-right">
                <CountLink n={c[0]!} href={h[0] ?? null} label="收到" />
              </td>
              {!hideResponse && <RateCell rate={rate(c[1]!, c[2]!)} label="响应率" />}
              <RateCell rate={rate(c[3]!, c[4]!)} label="解决率" />
              <RateCell rate={rate(c[5]!, c[6]!)} label="满意率" />
              <td data-label="不满意" className="card-tile px-2 py-2 text-right">
                <CountLink n={c[7]!} href={h[1] ?? null} label="不满意" />
              </td>
              <td data-label="其中超期" className="card-tile px-2 py-2 text-right">
                <CountLink n={c[8]!} href={h[2] ?? null} label="超期" />
              </td>
              {(extra ?? []).map((cell, i) => (
                <td key={i} data-label={extraColumns[i]} className="card-tile px-2 py-2 text-right tabular-nums">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </SoftNavRegion>
  );
}
