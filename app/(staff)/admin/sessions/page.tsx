import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { listAccountsWithSessions } from '@/lib/auth/sessions';
import { formatDateTime } from '@/lib/format/datetime';
import { endAccountSessionsAction } from './actions';

export const metadata: Metadata = { title: '登录会话' };

export default async function SessionsPage() {
  await requireUser(['admin']);
  const rows = await listAccountsWithSessions(appStore().db);
  return (
    <>
      <PageHeader title="登录会话" subtitle="当前已登录的账号；手机丢失或人员调离时，可让该账号在所有设备上退出" />
      <Section title={`已登录的账号（${rows.length}）`} id="sessions">
        {rows.length === 0 ? (
          <p className="text-stone-600">目前没有已登录的账号。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {rows.map((r) => (
              <li key={r.accountId} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <p className="font-medium">
                    {r.displayName} <span className="font-mono text-sm text-stone-600">{r.username}</span>
                  </p>
                  <p className="text-sm text-stone-600">
                    {ROLE_LABELS[r.role]} · {r.sessions} 处登录 · 最近活动 {formatDateTime(r.lastSeenAt)}
                  </p>
                </div>
                <form action={endAccountSessionsAction}>
                  <input type="hidden" name="accountId" value={r.accountId} />
                  <button
                    type="submit"
                    aria-label={`${r.displayName}（${r.username}）全部退出`}
                    className="min-h-11 rounded-lg border border-red-700 px-4 font-medium text-red-800 hover:bg-red-50"
                  >
                    全部退出
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
