import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/shell/back-link';
import { CareTags } from '@/components/org/care-tags';
import { PageHeader } from '@/components/ui/page-header';
import { VisitForm } from '@/components/visits/visit-form';
import { appStore } from '@/db/store';
import { auditView } from '@/lib/audit/views';
import { requireUser } from '@/lib/auth/current-user';
import { CARE_TAG_LABELS } from '@/lib/org/labels';
import { parseId } from '@/lib/org/schemas';
import { readCareTags, STORED_CARE_TAGS } from '@/lib/registry/care-tags';
import { visitStateOf } from '@/lib/visits/due';
import { getVisitIntervals } from '@/lib/visits/intervals';
import { householdMemberNames, householdInScope } from '@/lib/visits/record';

export const metadata: Metadata = { title: '入户走访' };

/** 入户走访: record a visit to one household of the worker's grids; any other household is "not found". */
export default async function VisitPage({ params }: { params: Promise<{ householdId: string }> }) {
  const user = await requireUser(['grid_worker']);
  const id = parseId((await params).householdId);
  if (id === null) notFound();
  const reads = appStore().db;
  const household = await householdInScope(reads, user.scope, id);
  if (!household || household.status !== 'occupied') notFound();
  // The form lists the residents' names: a view of personal data, logged like the household page.
  await auditView(appStore(), { accountId: user.id, action: 'view_household', subject: `household:${id}` });
  const state = await visitStateOf(reads, household, await getVisitIntervals(reads));
  const stored = new Set((await readCareTags(reads, id)).map((t) => t.tag));
  const last = state?.lastVisitedAt ? `上次走访 ${state.daysSince === 0 ? '今天' : `${state.daysSince} 天前`}` : '从未走访';

  return (
    <div className="mx-auto max-w-xl">
      <BackLink fallback="/work/visits" />
      <PageHeader title={household.address} subtitle={`${last} · 应每 ${state?.intervalDays ?? '—'} 天走访一次`}>
        <CareTags tags={state?.tags ?? []} />
      </PageHeader>
      <VisitForm
        householdId={id}
        memberNames={await householdMemberNames(reads, id)}
        elderly80={state?.tags.includes('elderly_80') ?? false}
        tags={STORED_CARE_TAGS.map((t) => ({ value: t, label: CARE_TAG_LABELS[t], checked: stored.has(t) }))}
      />
    </div>
  );
}
