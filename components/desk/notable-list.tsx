import Link from 'next/link';
import { NOTABLE_LABELS, type NotableCase, type NotableReason } from '@/lib/desk/notable-cases';
import { RATING_LABELS, STATUS_LABELS } from '@/lib/cases/labels';

/** The month's notable requests, grouped by why they are notable, each with its outcome so far. */
export function NotableList({ groups }: { groups: readonly { reason: NotableReason; items: NotableCase[] }[] }) {
  const shown = groups.filter((g) => g.items.length > 0);
  if (shown.length === 0) return <p className="text-sm text-stone-600">本月没有督办、吹哨、重办或超期事项。</p>;
  return (
    <div className="space-y-4">
      {shown.map((g) => (
        <div key={g.reason}>
          <h3 className="font-semibold">
            {NOTABLE_LABELS[g.reason].title}
            <span className="ml-2 text-xs font-normal text-stone-600">{NOTABLE_LABELS[g.reason].why}</span>
          </h3>
          <ol className="mt-1 divide-y divide-stone-200 text-sm">
            {g.items.map((c) => (
              <li key={c.number} className="py-1.5">
                <p>
                  <Link href={`/cases/${c.number}`} className="font-mono text-blue-800 underline print:text-black print:no-underline">
                    {c.number}
                  </Link>
                  <span className="ml-2 text-stone-700">{c.grid}</span>
                  <span className="ml-2 text-stone-700">
                    {STATUS_LABELS[c.status]}
                    {c.rating && ` · ${RATING_LABELS[c.rating]}`}
                    {c.hoursLate !== null && ` · 超期 ${lateText(c.hoursLate)}`}
                  </span>
                </p>
                <p className="line-clamp-2">{c.description}</p>
                {c.detail && <p className="text-stone-700">{detailLabel(g.reason)}：{c.detail}</p>}
                <p className="text-stone-700">办理结果：{c.outcome ?? '尚未办结'}</p>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

function detailLabel(reason: NotableReason): string {
  switch (reason) {
    case 'supervised':
      return '督办意见';
    case 'escalated':
      return '吹哨理由';
    case 'reopened':
      return '居民意见';
    case 'partyPraise':
      return '认领党员';
    case 'longestOverdue':
      return '说明';
  }
}

function lateText(hours: number): string {
  return hours < 24 ? `${Math.ceil(hours)} 小时` : `${Math.floor(hours / 24)} 天 ${Math.round(hours % 24)} 小时`;
}
