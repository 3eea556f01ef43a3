// The pieces of the public board, drawn on the server: the month figures and the wish cards (no client script).
import type { BoardMonth, WallItem } from '@/lib/board/board';
import { WISH_STATE_LABELS, type WishState } from '@/lib/board/labels';
import { formatCount, formatRate } from '@/lib/stats/format';
import { formatDateTime } from '@/lib/format/datetime';

const STATE_STYLE: Record<WishState, string> = {
  open: 'border-amber-500 bg-amber-50 text-amber-900',
  claimed: 'border-blue-600 bg-blue-50 text-blue-900',
  lit: 'border-brand-700 bg-brand-50 text-brand-800',
};

/** 公开栏: one card per month, the figures the staff statistics show for the community. */
export function MonthFigures({ months }: { months: BoardMonth[] }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {months.map((m) => (
        <section key={m.label} aria-label={m.label} className="rounded-2xl border border-stone-200 bg-white p-4 shadow-sm print:shadow-none">
          <h3 className="text-base font-semibold text-stone-800">{m.label}</h3>
          <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 text-base">
            <div>
              <dt className="text-sm text-stone-600">收到诉求</dt>
              <dd className="text-2xl font-bold">{formatCount(m.figures.received)}</dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">已办结</dt>
              <dd className="text-2xl font-bold">{formatCount(m.figures.resolution.numerator)}</dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">响应率</dt>
              <dd className="text-lg font-semibold">{formatRate(m.figures.response)}</dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">解决率</dt>
              <dd className="text-lg font-semibold">{formatRate(m.figures.resolution)}</dd>
            </div>
            <div>
              <dt className="text-sm text-stone-600">满意率</dt>
              <dd className="text-lg font-semibold">{formatRate(m.figures.satisfaction)}</dd>
            </div>
          </dl>
        </section>
      ))}
    </div>
  );
}

/** One wish on the wall: the text staff published, its state in words, who lit it, the photos staff chose. */
export function WishCard({ item, claim }: { item: WallItem; claim?: React.ReactNode }) {
  return (
    <li className="rounded-2xl border border-stone-200 bg-white p-4 shadow-sm print:break-inside-avoid print:shadow-none" data-publication={item.publicationId}>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className={`rounded-full border px-2 py-0.5 font-semibold ${STATE_STYLE[item.state]}`}>{WISH_STATE_LABELS[item.state]}</span>
        <span className="text-stone-600">{item.placeName}</span>
      </p>
      <p className="mt-2 whitespace-pre-wrap text-base text-stone-900">{item.text}</p>
      {item.litBy && (
        <p className="mt-1 text-sm text-stone-700">
          {item.state === 'lit' ? '点亮人：' : '认领人：'}
          {item.litBy}
          {item.resolvedAt && (
            <>
              {' · '}
              <time dateTime={item.resolvedAt.toISOString()}>{formatDateTime(item.resolvedAt)}</time>
            </>
          )}
        </p>
      )}
      {item.photoIds.length > 0 && (
        <ul className="mt-3 grid grid-cols-3 gap-2" aria-label="办理照片">
          {item.photoIds.map((id, i) => (
            <li key={id}>
              {/* eslint-disable-next-line @next/next/no-img-element -- board photos come from an authorising route, small and few */}
              <img src={`/api/board-photos/${id}`} alt={`心愿办理照片 ${i + 1}`} loading="lazy" width={120} height={120} className="aspect-square w-full rounded-lg object-cover" />
            </li>
          ))}
        </ul>
      )}
      {claim}
    </li>
  );
}
