import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { ROLES } from '@/db/schema';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { maskPhone } from '@/lib/auth/scope';
import { ACCOUNT_LIST_LIMIT, accountFilterSchema, listAccountsInScope } from '@/lib/registry/accounts';

export const metadata: Metadata = { title: '账号管理' };

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-2.5 text-base';

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['admin', 'secretary']);
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const filter = accountFilterSchema.parse({ q: first(raw.q), role: first(raw.role), status: first(raw.status) });
  const { items, truncated } = await listAccountsInScope(appStore().db, user, filter);
  const filtered = Boolean(filter.q || filter.role || filter.status);
  return (
    <>
      <PageHeader title="账号管理" subtitle={user.role === 'admin' ? '管辖范围内的全部账号' : '本社区的网格员与党员账号由您管理'}>
        <Link href="/admin/accounts/new" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
          新建账号
        </Link>
      </PageHeader>
      <form method="get" role="search" aria-label="查找账号" className="mb-4 grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
        <div>
          <label htmlFor="accounts-q" className="block text-sm font-medium">
            账号、姓名或手机
          </label>
          <input id="accounts-q" name="q" type="search" defaultValue={filter.q} className={inputClass} />
        </div>
        <div>
          <label htmlFor="accounts-role" className="block text-sm font-medium">
            角色
          </label>
          <select id="accounts-role" name="role" defaultValue={filter.role ?? ''} className={inputClass}>
            <option value="">全部角色</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="accounts-status" className="block text-sm font-medium">
            状态
          </label>
          <select id="accounts-status" name="status" defaultValue={filter.status ?? ''} className={inputClass}>
            <option value="">全部</option>
            <option value="active">启用</option>
            <option value="disabled">停用</option>
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-lg border border-stone-500 bg-white px-4 font-medium hover:bg-stone-100">
          查找
        </button>
      </form>
      <Section title={`账号（${items.length}${truncated ? '+' : ''}）`} id="accounts">
        {truncated && <p className="mb-2 text-sm text-stone-600">只显示前 {ACCOUNT_LIST_LIMIT} 个，请用上面的条件缩小范围。</p>}
        {items.length === 0 ? (
          <p className="text-stone-600">{filtered ? '没有符合条件的账号。' : '还没有账号。点“新建账号”为网格员、书记或党员开通账号。'}</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {items.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-2.5">
                <div className="min-w-0">
                  <p className="font-medium">
                    {a.manageable ? (
                      <Link href={`/admin/accounts/${a.id}`} className="text-brand-800 underline">
                        {a.displayName}
                      </Link>
                    ) : (
                      a.displayName
                    )}
                    <span className="ml-2 font-mono text-sm text-stone-600">{a.username}</span>
                  </p>
                  <p className="text-sm text-stone-600">
                    {ROLE_LABELS[a.role]}
                    {[a.unitName, a.scopeNames].filter(Boolean).map((s) => ` · ${s}`)}
                    {a.phone && <span className="tabular-nums"> · {maskPhone(a.phone)}</span>}
                  </p>
                </div>
                <p className="flex gap-1 text-xs font-medium">
                  {!a.active && <span className="rounded bg-stone-200 px-1.5 py-0.5 text-stone-800">已停用</span>}
                  {a.active && a.mustChangePassword && <span className="rounded bg-amber-100 px-1.5 py-0.5 text-amber-900">待修改初始密码</span>}
                  {a.active && !a.mustChangePassword && <span className="rounded bg-green-100 px-1.5 py-0.5 text-green-900">启用</span>}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
