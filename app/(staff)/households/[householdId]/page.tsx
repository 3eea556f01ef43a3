import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/components/org/breadcrumbs';
import { CareTags } from '@/components/org/care-tags';
import { CentralHouseholdForm } from '@/components/registry/central-form';
import { Toast } from '@/components/shell/toast';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { auditView } from '@/lib/audit/views';
import { requireUser } from '@/lib/auth/current-user';
import { isWithinScope, maskPhone } from '@/lib/auth/scope';
import { getHousehold } from '@/lib/org/households';
import { CARE_TAG_LABELS, PARTY_MEMBER_KIND_LABELS, RELATION_LABELS } from '@/lib/org/labels';
import { parseId } from '@/lib/org/schemas';
import { VisitHistory } from '@/components/visits/visit-history';
import { householdVisits } from '@/lib/visits/history';
import { mayEditHouseholds, mayEditParty } from '@/lib/registry/editors';
import { HOUSEHOLD_DONE } from '@/lib/registry/form-state';
import { HOUSEHOLD_STATUS_LABELS } from '@/lib/registry/households';
import { ageOn, isoDate } from '@/lib/registry/identity';
import { centralHouseholdChoices } from '@/lib/registry/party-members';
import { PERSON_STATUS_LABELS, revealsIdNumbers } from '@/lib/registry/persons';

export const metadata: Metadata = { title: '住户档案' };

const linkButton = 'inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-3 text-sm font-medium hover:bg-stone-50';

export default async function HouseholdPage({ params, searchParams }: { params: Promise<{ householdId: string }>; searchParams: Promise<{ done?: string }> }) {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const id = parseId((await params).householdId);
  if (id === null) notFound();
  const db = appStore().db;
  const today = isoDate(new Date());
  const record = await getHousehold(db, user.scope, id, { revealIdNumbers: revealsIdNumbers(user.role), today });
  if (!record) notFound();
  await auditView(appStore(), { accountId: user.id, action: 'view_household', subject: `household:${id}` });
  const { household, node, ancestors, members, tags, careTags, lookedAfterBy, looksAfter } = record;
  const canEdit = mayEditHouseholds(user.role);
  const done = (await searchParams).done;
  const doneMessage = done ? HOUSEHOLD_DONE[done] : undefined;
  const centralChoices = mayEditParty(user.role) && !looksAfter ? (await centralHouseholdChoices(db, user.scope, household.nodePath)).filter((c) => c.householdId !== household.id) : null;

  return (
    <>
      {doneMessage && <Toast message={doneMessage} />}
      <Breadcrumbs
        crumbs={[...ancestors, node].map((a) => ({ id: a.id, name: a.name, linked: isWithinScope(user.scope, a.path) }))}
        current={[household.unit, household.room].filter(Boolean).join(' ') || household.address}
      />
      <PageHeader title={household.address} subtitle={`${household.size} 人 · ${HOUSEHOLD_STATUS_LABELS[household.status]}${household.statusSince ? `（${household.statusSince} 起）` : ''}`}>
        <CareTags tags={tags} />
      </PageHeader>
      {canEdit && (
        <p className="-mt-2 mb-5 flex flex-wrap gap-2">
          <Link href={`/households/${id}/edit`} className={linkButton}>
            编辑住户信息
          </Link>
          <Link href={`/households/${id}/care`} className={linkButton}>
            编辑关爱标签
          </Link>
          <Link href={`/households/${id}/residents`} className={linkButton}>
            添加家庭成员
          </Link>
          <Link href={`/households/${id}/points`} className={linkButton}>
            户积分
          </Link>
        </p>
      )}

      <Section title="家庭成员" id="members">
        <ul className="divide-y divide-stone-200">
          {members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="min-w-0">
                <span className="font-medium">{m.name}</span>
                <span className="ml-2 text-sm text-stone-600">
                  {RELATION_LABELS[m.relation]} · {m.gender === 'M' ? '男' : '女'} · {m.birthDate ? `${ageOn(m.birthDate, today)} 岁` : '年龄不详'}
                </span>
                {m.status !== 'present' && (
                  <span className="ml-2 rounded bg-stone-200 px-1.5 py-0.5 text-xs text-stone-800">
                    {PERSON_STATUS_LABELS[m.status]}
                    {m.statusSince && ` ${m.statusSince}`}
                  </span>
                )}
                {m.partyMemberKind && m.partyMemberStatus === 'active' && (
                  <span className="ml-2 rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-900">{PARTY_MEMBER_KIND_LABELS[m.partyMemberKind]}</span>
                )}
                <span className="block text-sm text-stone-700 tabular-nums">
                  {m.phone && <span className="mr-3">{maskPhone(m.phone)}</span>}
                  {m.idNumber && <span aria-label="身份证号">{m.idNumber}</span>}
                </span>
              </span>
              <span className="flex gap-2">
                {mayEditParty(user.role) && !m.partyMemberId && m.status === 'present' && (
                  <Link href={`/party-members/new?person=${m.id}`} className={linkButton} aria-label={`登记 ${m.name} 为党员`}>
                    登记党员
                  </Link>
                )}
                {mayEditParty(user.role) && m.partyMemberId && (
                  <Link href={`/party-members/${m.partyMemberId}`} className={linkButton} aria-label={`${m.name} 的党员信息`}>
                    党员信息
                  </Link>
                )}
                {canEdit && (
                  <Link href={`/households/${id}/residents?person=${m.id}`} className={linkButton} aria-label={`编辑 ${m.name}`}>
                    编辑
                  </Link>
                )}
              </span>
            </li>
          ))}
        </ul>
        {members.length === 0 && <p className="text-sm text-stone-600">尚未登记家庭成员。</p>}
      </Section>

      <Section title="关爱标签" id="care">
        {tags.length === 0 ? (
          <p className="text-sm text-stone-600">无。</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {tags.includes('elderly_80') && <li>80岁以上（按出生日期自动计算）</li>}
            {careTags.map((t) => (
              <li key={t.tag}>
                <span className="font-medium">{CARE_TAG_LABELS[t.tag]}</span>
                {t.since && <span className="ml-2 text-stone-600">自 {t.since}</span>}
                {t.note && <span className="ml-2 text-stone-700">· {t.note}</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <VisitHistory
        visits={await householdVisits(db, user.scope, id)}
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
        {centralChoices && (
          <CentralHouseholdForm
            householdId={id}
            current={lookedAfterBy?.id ?? null}
            choices={centralChoices.map((c) => ({ id: c.id, label: `${c.address}（${c.memberName}）` }))}
          />
        )}
      </Section>
    </>
  );
}
