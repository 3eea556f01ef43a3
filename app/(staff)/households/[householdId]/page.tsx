import type { Metadata } from 'next';
import { ageOn, isoDate } from '@/lib/registry/identity';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/org/breadcrumbs';
import { CareTags } from '@/components/org/care-tags';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { getDb } from '@/db/client';
import { recordAudit } from '@/lib/audit/log';
import { requireUser } from '@/lib/auth/current-user';
import { isWithinScope, maskPhone } from '@/lib/auth/scope';
import { getHousehold } from '@/lib/org/households';
import { PARTY_MEMBER_KIND_LABELS, RELATION_LABELS } from '@/lib/org/labels';
import { parseId } from '@/lib/org/schemas';
import { VisitHistory } from '@/components/visits/visit-history';
import { householdVisits } from '@/lib/visits/history';

export const metadata: Metadata = { title: '住户档案' };

export default async function HouseholdPage({ params }: { params: Promise<{ householdId: string }> }) {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const id = parseId((await params).householdId);
  if (id === null) notFound();
  const db = getDb();
  const record = getHousehold(db, user.scope, id);
  if (!record) notFound();
  recordAudit(db, { accountId: user.id, action: 'view_household', subject: `household:${id}` });
  const { household, node, ancestors, members, tags, lookedAfterBy, looksAfter } = record;
  const today = isoDate(new Date());

  return (
    <>
      <Breadcrumbs
        crumbs={[...ancestors, node].map((a) => ({ id: a.id, name: a.name, linked: isWithinScope(user.scope, a.path) }))}
        current={[household.unit, household.room].filter(Boolean).join(' ') || household.address}
      />
      <PageHeader title={household.address} subtitle={`${household.size} 人`}>
        <CareTags tags={tags} />
      </PageHeader>

      <Section title="家庭成员" id="members">
        <ul className="divide-y divide-stone-200">
          {members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{m.name}</span>
                <span className="ml-2 text-sm text-stone-600">
                  {RELATION_LABELS[m.relation]} · {m.gender === 'M' ? '男' : '女'} · {m.birthDate ? `${ageOn(m.birthDate, today)} 岁` : '年龄不详'}
                </span>
                {m.partyMemberKind && (
                  <span className="ml-2 rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-900">{PARTY_MEMBER_KIND_LABELS[m.partyMemberKind]}</span>
                )}
              </span>
              {m.phone && <span className="text-sm tabular-nums text-stone-700">{maskPhone(m.phone)}</span>}
            </li>
          ))}
        </ul>
      </Section>

      <VisitHistory
        visits={householdVisits(db, user.scope, id)}
        recordHref={user.role === 'grid_worker' && household.status === 'occupied' ? `/work/visits/${id}` : undefined}
      />

      <Section title="党员中心户联系" id="central">
        {looksAfter ? (
          <>
            <p className="mb-2 text-sm">本户是党员中心户，联系以下 {looksAfter.length} 户：</p>
            <ul className="flex flex-wrap gap-1 text-sm">
              {looksAfter.map((h) => (
                <li key={h.householdId}>
                  <Link href={`/households/${h.householdId}`} className="inline-block rounded bg-stone-100 px-2 py-1 hover:bg-stone-200">
                    {h.address}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : lookedAfterBy ? (
          <p className="text-sm">
            由党员中心户{' '}
            <Link href={`/households/${lookedAfterBy.householdId}`} className="text-blue-800 underline">
              {lookedAfterBy.address}
            </Link>
            （党员 {lookedAfterBy.memberName}）联系。
          </p>
        ) : (
          <p className="text-sm text-stone-600">尚未纳入党员中心户联系范围。</p>
        )}
      </Section>
    </>
  );
}
