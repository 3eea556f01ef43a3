import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountForm } from '@/components/accounts/account-form';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { accountFormChoices } from '@/lib/registry/accounts';

export const metadata: Metadata = { title: '新建账号' };

export default async function NewAccountPage() {
  const user = await requireUser(['admin', 'secretary']);
  const choices = await accountFormChoices(appStore().db, user);
  return (
    <>
      <Link href="/admin/accounts" className="mb-2 inline-flex min-h-11 items-center text-brand-800 hover:underline">
        <span aria-hidden="true">←</span>&nbsp;账号管理
      </Link>
      <PageHeader title="新建账号" subtitle="系统生成一次性密码，持有人首次登录时必须修改" />
      <Section title="账号信息" id="account">
        <AccountForm roles={choices.roles.map((r) => ({ ...r, label: ROLE_LABELS[r.role] }))} scopes={choices.scopes} units={choices.units} />
      </Section>
    </>
  );
}
