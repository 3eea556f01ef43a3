import Link from 'next/link';
import type { CaseListItem } from '@/lib/cases/queries';
import { describeDue } from '@/lib/cases/due';
import { formatShort } from '@/lib/format/datetime';
import { CaseBadges } from './status-badges';

function dueOf(c: CaseListItem): Date | null {
  if (c.status === 'submitted') return c.acceptDueAt;
  if (c.status === 'accepted' || c.status === 'assigned' || c.status === 'in_progress') return c.resolveDueAt;
  return null;
}

/** Case cards: one tap opens the case; big enough for a thumb. */
export function CaseList({
  items,
  empty = '暂无事项',
  now,
  action,
  anchorId,
}: {
  items: CaseListItem[];
  empty?: string;
  now: Date;
  action?: (c: CaseListItem) => React.ReactNode;
  /** The card "加载更多" scrolls to: the first one of the page just added. */
  anchorId?: number;
}) {
  if (items.length === 0) return <p className="text-sm text-stone-600">{empty}</p>;
  return (
    <ul className="divide-y divide-stone-200">
      {items.map((c) => {
        const due = dueOf(c);
        return (
          <li key={c.id} id={c.id === anchorId ? 'case-more' : undefined} className="scroll-mt-4 py-1" data-testid="case-card">
            {/* Not prefetched: on a phone's weak connection, rendering every listed case ahead of a tap
                costs the worker's data and the page's main thread (Lighthouse TBT) for pages never opened. */}
            <Link href={`/cases/${c.number}`} prefetch={false} className="block min-h-14 rounded-lg px-1 py-2 hover:bg-stone-50">
              <span className="flex flex-wrap items-center justify-between gap-1">
                <span className="font-medium">{c.categoryName ?? '未分类'}</span>
                <CaseBadges status={c.status} overdue={c.overdue} supervised={c.supervised} urgency={c.urgency} reopenCount={c.reopenCount} supportCount={c.supportCount} handlerKind={c.handlerKind} />
              </span>
              <span className="mt-0.5 line-clamp-2 block text-sm text-stone-800">{c.description}</span>
              <span className="mt-0.5 block text-xs text-stone-600">
                <span className="font-mono">{c.number}</span> · {c.gridName}
                {c.placeName !== c.gridName && ` ${c.placeName}`} · {formatShort(c.createdAt)}
                {due && <span className={c.overdue ? 'ml-1 font-semibold text-red-800' : 'ml-1'}>· {describeDue(due, now)}</span>}
              </span>
            </Link>
            {action?.(c)}
          </li>
        );
      })}
    </ul>
  );
}
