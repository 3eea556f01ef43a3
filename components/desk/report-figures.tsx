import { FIGURE_DEFINITIONS, RATE_DEFINITIONS, type RateKey, type Stats } from '@/lib/stats';
import { formatCount, formatHours, formatRate } from '@/lib/stats/format';

const RATE_KEYS: readonly RateKey[] = ['response', 'resolution', 'satisfaction'];

/** The month's headline: the three rates with the counts they come from, then the other figures. Compact enough for a third of an A4 page. */
export function ReportFigures({ stats }: { stats: Stats }) {
  const t = stats.totals;
  const others: { label: string; value: string }[] = [
    { label: FIGURE_DEFINITIONS.received.label, value: `${formatCount(t.received)} 件` },
    { label: '不予受理 / 重复', value: `${formatCount(t.rejected)} / ${formatCount(t.duplicate)} 件` },
    { label: FIGURE_DEFINITIONS.overdue.label, value: `${formatCount(t.overdue)} 件` },
    { label: FIGURE_DEFINITIONS.overdueNow.label, value: `${formatCount(stats.overdueNow)} 件` },
    { label: `${FIGURE_DEFINITIONS.hoursToAccept.label}中位数`, value: formatHours(stats.hoursToAccept.median) },
    { label: `${FIGURE_DEFINITIONS.hoursToResolve.label}中位数`, value: formatHours(stats.hoursToResolve.median) },
    { label: `${FIGURE_DEFINITIONS.hoursToResolve.label} 90% 分位`, value: formatHours(stats.hoursToResolve.p90) },
    { label: `${FIGURE_DEFINITIONS.partyClaims.label}（认领 / 已办）`, value: `${formatCount(stats.partyClaims.claims)} / ${formatCount(stats.partyClaims.done)} 件` },
  ];
  return (
    <>
      <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3 print:grid-cols-3">
        {RATE_KEYS.map((key) => {
          const d = RATE_DEFINITIONS[key];
          const r = t[key];
          return (
            <div key={key} className="rounded-lg border border-stone-300 px-3 py-2">
              <dt className="text-sm font-medium text-stone-800">{d.label}</dt>
              <dd className="text-2xl font-bold tabular-nums">{formatRate(r)}</dd>
              <dd className="text-sm tabular-nums text-stone-700">
                {d.numeratorLabel} {formatCount(r.numerator)} ÷ {d.denominatorLabel} {formatCount(r.denominator)}
              </dd>
            </div>
          );
        })}
      </dl>
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4 print:grid-cols-4">
        {others.map((f) => (
          <div key={f.label}>
            <dt className="text-stone-600">{f.label}</dt>
            <dd className="font-semibold tabular-nums">{f.value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
