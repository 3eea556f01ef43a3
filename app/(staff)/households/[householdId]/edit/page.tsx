import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { HouseholdForm } from '@/components/registry/household-form';
import { StatusForm } from '@/components/registry/status-form';
import { BackLink } from '@/components/shell/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { parseId } from '@/lib/org/schemas';
import { composeAddress, editableHousehold, HOUSEHOLD_STATUS_LABELS, householdNodeChoices } from '@/lib/registry/households';

export const metadata: Metadata = { title: '编辑住户' };

export default async function EditHouseholdPage({ params }: { params: Promise<{ householdId: string }> }) {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const id = parseId((await params).householdId);
  if (id === null) notFound();
  const db = appStore().db;
  const household = await editableHousehold(db, user, id);
  if (!household) notFound();
  const choices = await householdNodeChoices(db, user.scope);
  const here = choices.find((c) => c.id === household.nodeId);
  // An address that is just the composed one is left blank, so it follows a move or a new room number.
  const composed = here ? composeAddress(here, household.unit, household.room) : null;
  return (
    <>
      <BackLink fallback={`/households/${id}`} />
      <PageHeader title="编辑住户" subtitle={household.address} />
      <Section title="住户信息" id="facts">
        <HouseholdForm
          householdId={id}
          choices={choices}
          initial={{
            nodeId: String(household.nodeId),
            unit: household.unit ?? '',
            room: household.room ?? '',
            address: household.address === composed ? '' : household.address,
            size: String(household.size),
          }}
        />
      </Section>
      <Section title="住户状态" id="status">
        <p className="mb-3 text-sm text-stone-700">空置或已迁出的住户保留档案和历史记录，不计入户数和关爱户。</p>
        <StatusForm householdId={id} current={household.status} options={Object.entries(HOUSEHOLD_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
      </Section>
    </>
  );
}
