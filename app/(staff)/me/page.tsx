import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { requireUser } from '@/lib/auth/current-user';
import { roleLabelOf } from '@/lib/auth/roles';
import { signOutAction } from '../actions';

export const metadata: Metadata = { title: '我的' };

/** 我的: who is signed in, for which part of the tree, changing the password and signing out within thumb's reach. */
export default async function MePage() {
  const user = await requireUser();
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="我的" />
      <dl className="grid grid-cols-[5rem_1fr] gap-y-3 rounded-xl border border-stone-200 bg-white p-4 text-base">
        <dt className="text-stone-600">姓名</dt>
        <dd className="font-medium">{user.displayName}</dd>
        <dt className="text-stone-600">身份</dt>
        <dd>{roleLabelOf(user.role, user.scopeNodes.map((n) => n.kind))}</dd>
        <dt className="text-stone-600">负责</dt>
        <dd>{user.scopeNodes.map((n) => n.name).join('、') || '—'}</dd>
      </dl>
      {/* On a phone the header's link row gives way to the tab bar: the password is changed from here. */}
      <Link href="/account/password" className="mt-6 flex min-h-12 w-full items-center justify-center rounded-lg border border-stone-400 bg-white px-4 text-base font-medium hover:bg-stone-100">
        修改密码
      </Link>
      <form action={signOutAction} className="mt-3">
        <button type="submit" className="min-h-12 w-full rounded-lg border border-stone-400 bg-white px-4 text-base font-medium hover:bg-stone-100">
          退出登录
        </button>
      </form>
    </div>
  );
}
