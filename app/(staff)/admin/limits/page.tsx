import type { Metadata } from 'next';
import { LimitsForm } from '@/components/admin/limit-form';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { listCategoriesWithLimits } from '@/lib/admin/queries';
import { requireUser } from '@/lib/auth/current-user';
import { DEFAULT_LIMITS } from '@/lib/cases/due';

export const metadata: Metadata = { title: '办理时限' };

export default async function TimeLimitsPage() {
  await requireUser(['admin']);
  const rows = (await listCategoriesWithLimits(appStore().db)).map((c) => {
    const limit = (u: 'normal' | 'urgent') => {
      const l = c.limits.find((x) => x.urgency === u) ?? DEFAULT_LIMITS[u];
      return { acceptHours: l.acceptHours, resolveHours: l.resolveHours };
    };
    return { id: c.id, name: c.name, group: c.group, normal: limit('normal'), urgent: limit('urgent') };
  });
  return (
    <>
      <PageHeader title="办理时限" subtitle="每类事项按紧急程度设置受理与办结时限；修改后对之后开始计时的环节生效" />
      <LimitsForm rows={rows} />
    </>
  );
}
