import type { Metadata } from 'next';
import Link from 'next/link';
import { RefreshButton } from '@/components/shell/refresh-button';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { NOTIFICATION_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import { formatDateTime } from '@/lib/format/datetime';
import { listNotificationGroups, unreadCount } from '@/lib/notifications/queries';
import { markAllReadAction } from './actions';

export const metadata: Metadata = { title: '通知' };

/** Notifications grouped by case (a pledge reminder stands alone), newest first, one page at a time; the unread figure is the badge's. */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requireUser();
  const page = Math.max(1, Math.min(1000, Number.parseInt((await searchParams).page ?? '1', 10) || 1));
  const { db } = appStore();
  const [unread, { items, total, pageSize }] = await Promise.all([unreadCount(db, user.id), listNotificationGroups(db, user.id, page)]);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <>
      <PageHeader title="通知" subtitle={unread > 0 ? `${unread} 条未读` : '没有未读通知'}>
        <div className="flex gap-2">
          <RefreshButton />
          {unread > 0 && (
            <form action={markAllReadAction}>
              <button type="submit" className="min-h-11 rounded-lg border border-stone-400 bg-white px-4 hover:bg-stone-100">
                全部标为已读
              </button>
            </form>
          )}
        </div>
      </PageHeader>
      {items.length === 0 ? (
        <p className="text-sm text-stone-600">暂无通知。</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label="按事项分组的通知">
          {items.map((n) => (
            <li key={n.key}>
              <Link href={n.caseNumber ? `/cases/${n.caseNumber}` : user.role === 'party_member' ? '/member/pledges' : '/notifications'} prefetch={false} className="block min-h-14 px-3 py-2 hover:bg-stone-50">
                <span className="flex flex-wrap items-center gap-2">
                  {n.unread > 0 && <span className="rounded bg-brand-700 px-1.5 py-0.5 text-xs text-white">{n.unread} 条未读</span>}
                  <span className="font-medium">{NOTIFICATION_LABELS[n.kind]}</span>
                  {n.caseNumber && <span className="font-mono text-xs text-stone-600">{n.caseNumber}</span>}
                  {n.caseStatus && <span className="text-xs text-stone-700">· {STATUS_LABELS[n.caseStatus]}</span>}
                </span>
                <span className="mt-0.5 line-clamp-2 block text-sm text-stone-800">{n.note ?? n.caseDescription}</span>
                <span className="block text-xs text-stone-600">
                  {formatDateTime(n.createdAt)}
                  {n.count > 1 && ` · 共 ${n.count} 条通知`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav aria-label="通知分页" className="mt-4 flex items-center justify-between gap-2">
          {page > 1 ? (
            <Link href={`/notifications?page=${page - 1}`} className="flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4">
              上一页
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-stone-700">
            第 {page} / {pages} 页
          </span>
          {page < pages ? (
            <Link href={`/notifications?page=${page + 1}`} className="flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4">
              下一页
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </>
  );
}
