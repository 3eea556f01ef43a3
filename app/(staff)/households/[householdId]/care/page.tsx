import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CareTagsForm } from '@/components/registry/care-tags-form';
import { BackLink } from '@/components/shell/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { parseId } from '@/lib/org/schemas';
import { readCareTags, STORED_CARE_TAGS } from '@/lib/registry/care-tags';
import { elderlyHouseholdIds, registerDay } from '@/lib/registry/elderly';
import { editableHousehold } from '@/lib/registry/households';

export const metadata: Metadata = { title: '关爱标签' };

export default async function CareTagsPage({ params }: { params: Promise<{ householdId: string }> }) {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const id = parseId((await params).householdId);
  if (id === null) notFound();
  const db = appStore().db;
  const household = await editableHousehold(db, user, id);
  if (!household) notFound();
  return (
    <>
      <BackLink fallback={`/households/${id}`} />
      <PageHeader title="关爱标签" subtitle={household.address} />
      <CareTagsForm householdId={id} tags={STORED_CARE_TAGS} current={await readCareTags(db, id)} elderly={(await elderlyHouseholdIds(db, [id], registerDay())).has(id)} />
    </>
  );
}
