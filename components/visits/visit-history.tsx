// A household's visit history (走访记录) on its page, newest first.
import Link from 'next/link';
import { formatDateTime } from '@/lib/format/datetime';
import type { VisitEntry } from '@/lib/visits/history';

export function VisitHistory({ visits, recordHref }: { visits: VisitEntry[]; recordHref?: string }) {
  return (
    <section aria-labelledby="visits-heading" className="mb-6 rounded-xl border border-stone-200 bg-white p-4 shadow-sm">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="visits-heading" className="text-lg font-semibold">
          走访记录（{visits.length}）
        </h2>
        {recordHref && (
          <Link href={recordHref} className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
            记录走访
          </Link>
        )}
      </div>
      {visits.length === 0 ? (
        <p className="text-sm text-stone-600">还没有走访记录。</p>
      ) : (
        <ol className="divide-y divide-stone-200">
          {visits.map((v) => (
            <li key={v.id} className="py-2 text-sm">
              <p className="font-medium">
                {formatDateTime(v.visitedAt)} · {v.visitorName}
                {v.met && <span className="font-normal text-stone-700"> · 见到：{v.met}</span>}
              </p>
              {v.notes && <p className="mt-0.5 whitespace-pre-wrap">{v.notes}</p>}
              {v.observations && <p className="mt-0.5 whitespace-pre-wrap text-amber-900">发现：{v.observations}</p>}
              <p className="mt-0.5 flex flex-wrap gap-3">
                {v.hasPhoto && (
                  <a href={`/api/visit-photos/${v.id}`} className="text-blue-800 underline" target="_blank" rel="noreferrer">
                    查看照片
                  </a>
                )}
                {v.caseNumber && (
                  <Link href={`/cases/${v.caseNumber}`} className="font-mono text-blue-800 underline">
                    诉求 {v.caseNumber}
                  </Link>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
