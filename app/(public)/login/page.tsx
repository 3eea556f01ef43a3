import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { safeCallbackPath } from '@/lib/auth/callback';
import { signedInLanding } from '@/lib/auth/current-user';
import { ROLE_HOME } from '@/lib/auth/roles';

export const metadata: Metadata = { title: '登录' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const landing = await signedInLanding((user) => ROLE_HOME[user.role]);
  if (landing) redirect(landing);
  const { callbackUrl } = await searchParams;
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center px-5 py-10">
      <div className="mb-8 text-center">
        <p aria-hidden="true" className="text-4xl">
          ✦
        </p>
        <h1 className="mt-2 text-2xl font-bold text-brand-800">萤火 · 网格服务</h1>
        <p className="mt-1 text-sm text-stone-600">居民提事项 — 网格理事 — 联动办事</p>
      </div>
      <LoginForm callbackUrl={safeCallbackPath(callbackUrl)} />
      <p className="mt-8 text-center text-xs text-stone-600">网格员、社区书记、党员、单位联络人请使用本人账号登录</p>
    </main>
  );
}
