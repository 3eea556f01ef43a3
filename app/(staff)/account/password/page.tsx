import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { requireUserChangingPassword } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: '修改密码' };

export default async function ChangePasswordPage() {
  const user = await requireUserChangingPassword();
  return (
    <>
      <PageHeader title="修改密码" subtitle="修改后，本账号在其他手机或电脑上的登录都会退出" />
      {user.mustChangePassword && (
        <p role="alert" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          您正在使用一次性密码登录，请先设置自己的新密码，然后才能继续使用。“当前密码”处填写收到的一次性密码。
        </p>
      )}
      <Section title="设置新密码" id="password">
        <ChangePasswordForm />
      </Section>
    </>
  );
}
