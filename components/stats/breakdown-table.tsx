// A table of figures per group (grid, worker, category, source, month): counts link to the cases behind them.
// The links are plain <a>s: the region around them navigates them softly (SoftNavRegion), one client component per
// table rather than one per link.
import { SoftNavRegion } from '@/components/ui/soft-nav-region';
import { formatCount, formatFraction, formatRate } from '@/lib/stats/format';
import type { Figures, Rate } from '@/lib/stats/types';

export type BreakdownRow = {
  key: string;
  name: React.ReactNode;
  figures: Figures;
  /** Links to the queue: the received cases of the group, its overdue ones, its unsatisfied ones. */
  receivedHref?: string;
  overdueHref?: string;
  unsatisfiedHref?: string;
  /** Cells for `extraColumns`, in order. */
  extra?: React.ReactNode[];
};

function CountLink({ n, href, label }: { n: number; href?: string; label: string }) {
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

/** Wide tables scroll sideways inside their own box on a tablet and read as cards on a phone (globals.css .table-cards); the caption names the table. */
export function BreakdownTable({
  caption,
  nameHeader,
  rows,
  extraColumns = [],
  hideResponse = false,
  tall = false,
  testId,
}: {
  caption: string;
  nameHeader: string;
  rows: BreakdownRow[];
  extraColumns?: string[];
  /** Response is about triage, before anyone holds the case: meaningless per handler. */
  hideResponse?: boolean;
  /** Long tables scroll inside a box of limited height, with the header kept in view. */
  tall?: boolean;
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
            <th scope="col" className={th}>
              收到
            </th>
            {!hideResponse && (
              <th scope="col" className={th}>
                响应率
              </th>
            )}
            <th scope="col" className={th}>
              解决率
            </th>
            <th scope="col" className={th}>
              满意率
            </th>
            <th scope="col" className={th}>
              不满意
            </th>
            <th scope="col" className={th}>
              其中超期
            </th>
            {extraColumns.map((c) => (
              <th key={c} scope="col" className={th}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="px-2 py-2 text-left font-normal">
                {r.name}
              </th>
              <td data-label="收到" className="card-tile px-2 py-2 text-right">
                <CountLink n={r.figures.received} href={r.receivedHref} label="收到" />
              </td>
              {!hideResponse && <RateCell rate={r.figures.response} label="响应率" />}
              <RateCell rate={r.figures.resolution} label="解决率" />
              <RateCell rate={r.figures.satisfaction} label="满意率" />
              <td data-label="不满意" className="card-tile px-2 py-2 text-right">
                <CountLink n={r.figures.ratings.unsatisfied} href={r.unsatisfiedHref} label="不满意" />
              </td>
              <td data-label="其中超期" className="card-tile px-2 py-2 text-right">
                <CountLink n={r.figures.overdue} href={r.overdueHref} label="超期" />
              </td>
              {(r.extra ?? []).map((cell, i) => (
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
