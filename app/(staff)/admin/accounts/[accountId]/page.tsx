import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AccountForm, ResetPasswordForm } from '@/components/accounts/account-form';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { formatDateTime } from '@/lib/format/datetime';
import { accountFormChoices, getManagedAccount } from '@/lib/registry/accounts';
import { setAccountActiveAction } from '../actions';

export const metadata: Metadata = { title: '账号' };

export default async function AccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const user = await requireUser(['admin', 'secretary']);
  const { accountId } = await params;
  if (!/^\d{1,9}$/.test(accountId)) notFound();
  const db = appStore().db;
  // Absent, out of scope, one's own or a role the manager does not manage: all the same "not found".
  const account = await getManagedAccount(db, user, Number(accountId));
  if (!account) notFound();
  const choices = await accountFormChoices(db, user);
  const values = {
    username: account.username,
    displayName: account.displayName,
    phone: account.phone ?? '',
    role: account.role,
    nodeIds: account.scopeNodes.map((n) => String(n.id)),
    unitId: account.unitId ? String(account.unitId) : '',
  };
  // The account's current nodes stay selectable even if retired since, so saving other fields does not fail on them.
  const scopes = [...choices.scopes, ...account.scopeNodes.filter((n) => !choices.scopes.some((s) => s.id === n.id)).map((n) => ({ ...n, label: n.name }))];
  return (
    <>
      <Link href="/admin/accounts" className="mb-2 inline-flex min-h-11 items-center text-brand-800 hover:underline">
        <span aria-hidden="true">←</span>&nbsp;账号管理
      </Link>
      <PageHeader title={`${account.displayName}（${account.username}）`} subtitle={`${ROLE_LABELS[account.role]} · 创建于 ${formatDateTime(account.createdAt)}`} />
      <p className="mb-4 flex flex-wrap gap-2 text-sm font-medium">
        <span className={`rounded px-2 py-0.5 ${account.active ? 'bg-green-100 text-green-900' : 'bg-stone-200 text-stone-800'}`}>{account.active ? '启用' : '已停用'}</span>
        {account.mustChangePassword && <span className="rounded bg-amber-100 px-2 py-0.5 text-amber-900">待修改初始密码</span>}
        {account.partyMemberName && <span className="rounded bg-stone-100 px-2 py-0.5">党员：{account.partyMemberName}</span>}
      </p>
      <Section title="账号信息" id="account">
        <AccountForm roles={choices.roles.map((r) => ({ ...r, label: ROLE_LABELS[r.role] }))} scopes={scopes} units={choices.units} account={{ id: account.id, values }} />
      </Section>
      <Section title="重置密码" id="reset">
        <ResetPasswordForm accountId={account.id} username={account.username} />
      </Section>
      <Section title={account.active ? '停用账号' : '启用账号'} id="status">
        <form action={setAccountActiveAction} className="space-y-3">
          <input type="hidden" name="accountId" value={account.id} />
          <input type="hidden" name="active" value={account.active ? 'false' : 'true'} />
          <p className="text-sm text-stone-700">
            {account.active ? '停用后，该账号在所有设备上的登录立即失效，也不能再登录；历史记录保留。' : '启用后，该账号可以用原密码重新登录。'}
          </p>
          <button
            type="submit"
            className={`min-h-12 rounded-lg px-5 font-semibold ${account.active ? 'bg-red-700 text-white hover:bg-red-800' : 'border border-stone-500 bg-white hover:bg-stone-100'}`}
          >
            {account.active ? '停用账号' : '启用账号'}
          </button>
        </form>
      </Section>
    </>
  );
}
