import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/auth/change-password-form';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { requireUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: '修改密码' };

export default async function ChangePasswordPage() {
  await requireUser();
  return (
    <>
      <PageHeader title="修改密码" subtitle="修改后，本账号在其他手机或电脑上的登录都会退出" />
      <Section title="设置新密码" id="password">
        <ChangePasswordForm />
      </Section>
    </>
  );
}
