import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PartyMemberForm } from '@/components/registry/party-member-form';
import { BackLink } from '@/components/shell/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { parseId } from '@/lib/org/schemas';
import { householdNodeChoices } from '@/lib/registry/households';
import { isoDate } from '@/lib/registry/identity';
import { coBuildingUnitChoices } from '@/lib/registry/party-members';
import { residentOfScope } from '@/lib/registry/persons';

export const metadata: Metadata = { title: '党员报到登记' };

/** ?person=<id>: registering a resident (from their household page); otherwise someone who lives elsewhere. */
export default async function NewPartyMemberPage({ searchParams }: { searchParams: Promise<{ person?: string }> }) {
  const user = await requireUser(['admin', 'secretary']);
  const db = appStore().db;
  const raw = (await searchParams).person;
  const personId = typeof raw === 'string' ? parseId(raw) : null;
  const resident = personId === null ? null : await residentOfScope(db, user.scope, personId);
  if (raw !== undefined && !resident) notFound();
  return (
    <>
      <BackLink fallback="/party-members" />
      <PageHeader title="党员报到登记" subtitle="在职党员到社区报到，或登记流动党员。" />
      <PartyMemberForm
        resident={resident ?? undefined}
        initial={{ kind: 'in_service', workplace: '', unitId: '', nodeId: resident ? String(resident.nodeId) : '', registeredOn: isoDate(new Date()) }}
        nodes={await householdNodeChoices(db, user.scope)}
        units={await coBuildingUnitChoices(db, user.scope)}
      />
    </>
  );
}
