import type { TimelineEntry } from '@/lib/cases/queries';
import { ACTION_LABELS, RATING_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import type { Rating } from '@/db/schema';
import { formatDateTime } from '@/lib/format/datetime';

function detail(e: TimelineEntry): string | null {
  const d = e.data ?? {};
  if (e.action === 'submit' && d.wantsCallback) return '居民希望办结后回访';
  if (e.action === 'rate' && typeof d.rating === 'string') return `${RATING_LABELS[d.rating as Rating]}${d.via === 'follow_up' ? '（回访记录）' : '（居民评价）'}`;
  if (e.action === 'request_extension' && typeof d.hours === 'number') return `申请延期 ${d.hours} 小时`;
  if (e.action === 'decide_extension') return d.grant ? `同意延期 ${String(d.hours)} 小时` : '不同意延期';
  if (e.action === 'supervise' && typeof d.dueAt === 'string') return `新时限 ${formatDateTime(new Date(d.dueAt))}`;
  if (e.action === 'mark_duplicate' && typeof d.duplicateOf === 'string') return `与 ${d.duplicateOf} 重复`;
  return null;
}

/** The append-only history of a case, oldest first. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="relative space-y-4 border-l-2 border-stone-200 pl-4">
      {entries.map((e) => (
        <li key={e.id} className="relative">
          <span aria-hidden="true" className="absolute -left-[1.4rem] top-1.5 h-3 w-3 rounded-full border-2 border-white bg-brand-700" />
          <p className="text-sm">
            <span className="font-semibold">{ACTION_LABELS[e.action as keyof typeof ACTION_LABELS] ?? e.action}</span>
            <span className="ml-2 text-stone-700">{e.actorLabel}</span>
          </p>
          <p className="text-xs text-stone-600">
            <time dateTime={e.at.toISOString()}>{formatDateTime(e.at)}</time>
            {e.fromStatus !== e.toStatus && (
              <span className="ml-2">
                {e.fromStatus ? `${STATUS_LABELS[e.fromStatus]} → ` : ''}
                {STATUS_LABELS[e.toStatus]}
              </span>
            )}
          </p>
          {detail(e) && <p className="mt-1 text-sm text-stone-800">{detail(e)}</p>}
          {e.note && <p className="mt-1 whitespace-pre-wrap rounded bg-stone-100 px-2 py-1 text-sm">{e.note}</p>}
          {e.photoIds.length > 0 && (
            <ul className="mt-2 flex gap-2" aria-label="照片">
              {e.photoIds.map((id) => (
                <li key={id}>
                  <a href={`/api/photos/${id}`} target="_blank" rel="noreferrer">
                    {/* eslint-disable-next-line @next/next/no-img-element -- private photos are served by an authorising route, not the image optimiser */}
                    <img src={`/api/photos/${id}`} alt={`${ACTION_LABELS[e.action as keyof typeof ACTION_LABELS] ?? ''}照片`} loading="lazy" className="h-20 w-20 rounded object-cover" />
                  </a>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
