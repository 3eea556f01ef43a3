import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { HouseholdForm } from '@/components/registry/household-form';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { parseId } from '@/lib/org/schemas';
import { householdNodeChoices } from '@/lib/registry/households';

export const metadata: Metadata = { title: '新增住户' };

/** ?nodeId= preselects the building the user came from; one outside their scope is "not found". */
export default async function NewHouseholdPage({ searchParams }: { searchParams: Promise<{ nodeId?: string }> }) {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const choices = await householdNodeChoices(appStore().db, user.scope);
  const raw = (await searchParams).nodeId;
  const nodeId = typeof raw === 'string' ? parseId(raw) : null;
  if (typeof raw === 'string' && (nodeId === null || !choices.some((c) => c.id === nodeId))) notFound();
  return (
    <>
      <PageHeader title="新增住户" subtitle="带 * 的为必填项。新增后可继续添加家庭成员和关爱标签。" />
      <HouseholdForm initial={{ nodeId: nodeId ? String(nodeId) : '', unit: '', room: '', address: '', size: '1' }} choices={choices} />
    </>
  );
}
