import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CentralHouseholdButton, TransferOutForm } from '@/components/registry/member-buttons';
import { PartyMemberForm } from '@/components/registry/party-member-form';
import { BackLink } from '@/components/shell/back-link';
import { Toast } from '@/components/shell/toast';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { maskPhone } from '@/lib/auth/scope';
import { PARTY_MEMBER_KIND_LABELS } from '@/lib/org/labels';
import { parseId } from '@/lib/org/schemas';
import { householdNodeChoices } from '@/lib/registry/households';
import { coBuildingUnitChoices, getPartyMember, PARTY_MEMBER_STATUS_LABELS } from '@/lib/registry/party-members';

export const metadata: Metadata = { title: '党员' };

const DONE: Record<string, string> = {
  registered: '已登记报到',
  updated: '已保存',
  transferred: '已办理组织关系转出',
  central_created: '已设为党员中心户',
  central_removed: '已撤销党员中心户',
  unchanged: '没有修改',
};

export default async function PartyMemberPage({ params, searchParams }: { params: Promise<{ partyMemberId: string }>; searchParams: Promise<{ done?: string }> }) {
  const user = await requireUser(['admin', 'secretary']);
  const id = parseId((await params).partyMemberId);
  if (id === null) notFound();
  const db = appStore().db;
  const record = await getPartyMember(db, user, id);
  if (!record) notFound();
  const { member, person, home, central, looksAfter } = record;
  const done = (await searchParams).done;
  const active = member.status === 'active';
  return (
    <>
      {done && DONE[done] && <Toast message={DONE[done]} />}
      <BackLink fallback="/party-members" />
      <PageHeader
        title={person.name}
        subtitle={`${PARTY_MEMBER_KIND_LABELS[member.kind]} · ${PARTY_MEMBER_STATUS_LABELS[member.status]}${member.leftOn ? `（${member.leftOn} 转出）` : ''} · ${maskPhone(person.phone) || '未留电话'}`}
      />
      <p className="-mt-2 mb-4 text-sm">
        {home ? (
          <>
            住址：
            <Link href={`/households/${home.id}`} className="text-blue-800 underline">
              {home.address}
            </Link>
          </>
        ) : (
          '不住在本社区'
        )}
      </p>
      {active && (
        <Section title="报到信息" id="service">
          <PartyMemberForm
            partyMemberId={id}
            initial={{ kind: member.kind, workplace: member.workplace ?? '', unitId: member.unitId ? String(member.unitId) : '', nodeId: String(member.nodeId), registeredOn: member.registeredOn }}
            nodes={await householdNodeChoices(db, user.scope)}
            units={await coBuildingUnitChoices(db, user.scope)}
          />
        </Section>
      )}
      <Section title="党员中心户" id="central">
        {central ? (
          <>
            <p className="mb-2 text-sm">本户是党员中心户，联系 {looksAfter.length} 户（在住户页面可把住户调整给其他中心户）：</p>
            <ul className="flex flex-wrap gap-1 text-sm">
              {looksAfter.map((h) => (
                <li key={h.householdId}>
                  <Link href={`/households/${h.householdId}#central`} className="inline-block rounded bg-stone-100 px-2 py-1 hover:bg-stone-200">
                    {h.address}
                  </Link>
                </li>
              ))}
            </ul>
            <CentralHouseholdButton partyMemberId={id} centralId={central.id} />
          </>
        ) : home && active ? (
          <>
            <p className="text-sm text-stone-700">尚未设立党员中心户。设立后，可在各住户页面把邻近住户交由本户联系。</p>
            <CentralHouseholdButton partyMemberId={id} centralId={null} />
          </>
        ) : (
          <p className="text-sm text-stone-600">{active ? '不住在本社区的党员不能设立党员中心户。' : '已转出。'}</p>
        )}
      </Section>
      {active && (
        <Section title="组织关系转出" id="transfer">
          <p className="mb-3 text-sm text-stone-700">转出后保留记录，不再计入党员人数。</p>
          <TransferOutForm partyMemberId={id} />
        </Section>
      )}
    </>
  );
}
