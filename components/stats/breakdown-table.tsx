// A table of figures per group (grid, worker, category, source, month): counts link to the cases behind them.
// Drawn by BreakdownTableView from compact rows (the figures and the links, not the markup of every cell).
import type { Figures } from '@/lib/stats/types';
import { BreakdownTableView, type CompactRow } from './breakdown-table-view';

export type BreakdownRow = {
  key: string;
  name: string;
  /** The name as a link (the grid's own statistics), with words after it for screen readers. */
  nameHref?: string;
  nameHint?: string;
  figures: Figures;
  /** Links to the queue: the received cases of the group, its overdue ones, its unsatisfied ones. */
  receivedHref?: string;
  overdueHref?: string;
  unsatisfiedHref?: string;
  /** Cells for `extraColumns`, in order. */
  extra?: string[];
};

function compact(r: BreakdownRow): CompactRow {
  const f = r.figures;
  return {
    key: r.key,
    name: r.name,
    ...(r.nameHref && { nameHref: r.nameHref }),
    ...(r.nameHint && { nameHint: r.nameHint }),
    counts: [
      f.received,
      f.response.numerator,
      f.response.denominator,
      f.resolution.numerator,
      f.resolution.denominator,
      f.satisfaction.numerator,
      f.satisfaction.denominator,
      f.ratings.unsatisfied,
      f.overdue,
    ],
    hrefs: [r.receivedHref ?? null, r.unsatisfiedHref ?? null, r.overdueHref ?? null],
    ...(r.extra && { extra: r.extra }),
  };
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
  return (
    <BreakdownTableView caption={caption} nameHeader={nameHeader} rows={rows.map(compact)} extraColumns={extraColumns} hideResponse={hideResponse} tall={tall} testId={testId} />
  );
}
