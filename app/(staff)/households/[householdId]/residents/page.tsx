import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ResidentForm } from '@/components/registry/resident-form';
import { StatusForm } from '@/components/registry/status-form';
import { BackLink } from '@/components/shell/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { auditView } from '@/lib/audit/views';
import { requireUser } from '@/lib/auth/current-user';
import { parseId } from '@/lib/org/schemas';
import { editableHousehold } from '@/lib/registry/households';
import { maskIdNumber } from '@/lib/registry/identity';
import { editableResident, PERSON_STATUS_LABELS, revealsIdNumbers } from '@/lib/registry/persons';

export const metadata: Metadata = { title: '家庭成员' };

/** Adds a member to the household, or with ?person=<id> edits one of its members; anything else is "not found". */
export default async function ResidentPage({ params, searchParams }: { params: Promise<{ householdId: string }>; searchParams: Promise<{ person?: string }> }) {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const householdId = parseId((await params).householdId);
  if (householdId === null) notFound();
  const db = appStore().db;
  const household = await editableHousehold(db, user, householdId);
  if (!household) notFound();
  const rawPerson = (await searchParams).person;

  if (rawPerson === undefined) {
    return (
      <>
        <BackLink fallback={`/households/${householdId}`} />
        <PageHeader title="添加家庭成员" subtitle={household.address} />
        <ResidentForm householdId={householdId} idNumber={null} initial={{ name: '', gender: '', birthDate: '', phone: '', relation: 'other', movedInOn: '' }} />
      </>
    );
  }

  const personId = typeof rawPerson === 'string' ? parseId(rawPerson) : null;
  const person = personId === null ? null : await editableResident(db, user, personId);
  if (!person || personId === null || person.householdId !== householdId) notFound();
  // The form shows the full phone number for editing: a view of personal data, logged like the household page.
  await auditView(appStore(), { accountId: user.id, action: 'view_household', subject: `household:${householdId}` });
  const full = revealsIdNumbers(user.role);
  return (
    <>
      <BackLink fallback={`/households/${householdId}`} />
      <PageHeader title={`编辑成员：${person.name}`} subtitle={household.address} />
      <Section title="基本信息" id="facts">
        <ResidentForm
          householdId={householdId}
          personId={personId}
          idNumber={person.idNumber ? { shown: full ? person.idNumber : maskIdNumber(person.idNumber), full } : null}
          initial={{
            name: person.name,
            gender: person.gender,
            birthDate: person.birthDate ?? '',
            phone: person.phone ?? '',
            relation: person.relation,
            movedInOn: person.movedInOn ?? '',
          }}
        />
      </Section>
      <Section title="在册状态" id="status">
        <p className="mb-3 text-sm text-stone-700">迁出或去世的成员保留记录，不再计入居民数和80岁以上名册。</p>
        <StatusForm householdId={householdId} personId={personId} current={person.status} options={Object.entries(PERSON_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
      </Section>
    </>
  );
}
