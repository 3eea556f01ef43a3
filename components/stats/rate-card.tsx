// One of the three rates as a big figure, with its two counts (each a link to the cases behind it) and its 口径.
import Link from 'next/link';
import type { RateDefinition } from '@/lib/stats/definitions';
import { formatCount, formatRate } from '@/lib/stats/format';
import type { Rate } from '@/lib/stats/types';

export function RateCard({
  id,
  definition,
  rate,
  numeratorHref,
  denominatorHref,
  children,
}: {
  id: string;
  definition: RateDefinition;
  rate: Rate;
  numeratorHref?: string;
  denominatorHref?: string;
  /** A further line, e.g. a link to the unsatisfied cases. */
  children?: React.ReactNode;
}) {
  const count = (n: number, href: string | undefined, what: string) =>
    href && n > 0 ? (
      <Link href={href} prefetch={false} className="font-semibold tabular-nums text-blue-800 underline underline-offset-2 hover:text-blue-950">
        {formatCount(n)}
        <span className="sr-only"> 件，查看{what}事项</span>
      </Link>
    ) : (
      <span className="font-semibold tabular-nums">{formatCount(n)}</span>
    );
  return (
    <section aria-labelledby={`${id}-heading`} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" data-testid={`rate-${id}`}>
      <h2 id={`${id}-heading`} className="text-base font-semibold text-stone-700">
        {definition.label}
      </h2>
      <p className="mt-1 text-4xl font-bold tabular-nums" data-testid={`rate-${id}-value`}>
        {formatRate(rate)}
        {rate.value === null && <span className="ml-2 align-middle text-sm font-normal text-stone-600">无可统计事项</span>}
      </p>
      <p className="mt-2 text-sm text-stone-700">
        {definition.numeratorLabel} {count(rate.numerator, numeratorHref, definition.numeratorLabel)} 件 ÷ {definition.denominatorLabel}{' '}
        {count(rate.denominator, denominatorHref, definition.denominatorLabel)} 件
      </p>
      {children && <div className="mt-1 text-sm text-stone-700">{children}</div>}
      <details className="mt-3 text-sm">
        <summary className="inline-flex min-h-11 items-center font-medium text-blue-800">口径：{definition.formula}</summary>
        <dl className="mt-2 space-y-2 rounded-lg bg-stone-50 p-3 text-stone-800">
          <div>
            <dt className="font-medium">分子</dt>
            <dd>{definition.numerator}</dd>
          </div>
          <div>
            <dt className="font-medium">分母</dt>
            <dd>{definition.denominator}</dd>
          </div>
          {definition.notes.map((note) => (
            <div key={note}>
              <dt className="sr-only">说明</dt>
              <dd>{note}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
