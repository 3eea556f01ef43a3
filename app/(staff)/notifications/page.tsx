import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { NOTIFICATION_LABELS } from '@/lib/cases/labels';
import { formatDateTime } from '@/lib/format/datetime';
import { listNotifications } from '@/lib/notifications/queries';
import { markAllReadAction } from './actions';

export const metadata: Metadata = { title: '通知' };

export default async function NotificationsPage() {
  const user = await requireUser();
  const items = listNotifications(getDb(), user.id);
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <>
      <PageHeader title="通知" subtitle={unread > 0 ? `${unread} 条未读` : '没有未读通知'}>
        {unread > 0 && (
          <form action={markAllReadAction}>
            <button type="submit" className="min-h-11 rounded-lg border border-stone-400 bg-white px-4 hover:bg-stone-100">
              全部标为已读
            </button>
          </form>
        )}
      </PageHeader>
      {items.length === 0 ? (
        <p className="text-sm text-stone-600">暂无通知。</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {items.map((n) => (
            <li key={n.id}>
              <Link href={`/cases/${n.caseNumber}`} className="block min-h-14 px-3 py-2 hover:bg-stone-50">
                <span className="flex items-center gap-2">
                  {!n.readAt && <span className="rounded bg-brand-700 px-1.5 py-0.5 text-xs text-white">未读</span>}
                  <span className="font-medium">{NOTIFICATION_LABELS[n.kind]}</span>
                  <span className="font-mono text-xs text-stone-600">{n.caseNumber}</span>
                </span>
                <span className="mt-0.5 line-clamp-1 block text-sm text-stone-800">{n.note ?? n.caseDescription}</span>
                <span className="block text-xs text-stone-600">{formatDateTime(n.createdAt)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
