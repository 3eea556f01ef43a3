import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CareTags } from '@/components/org/care-tags';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { PARTY_MEMBER_KIND_LABELS } from '@/lib/org/labels';
import { getPartyMemberHome } from '@/lib/org/party-members';

export const metadata: Metadata = { title: '我的服务' };

export default async function PartyMemberHome() {
  const user = await requireUser(['party_member']);
  if (user.partyMemberId === null) notFound();
  const home = getPartyMemberHome(getDb(), user.partyMemberId);
  if (!home) notFound();
  const { member, central } = home;
  return (
    <>
      <PageHeader title="我的服务" subtitle={`${PARTY_MEMBER_KIND_LABELS[member.kind]} · 包联 ${member.nodeName}`} />
      <Section title="报到信息" id="profile">
        <dl className="grid grid-cols-[6rem_1fr] gap-y-2 text-sm">
          <dt className="text-stone-600">姓名</dt>
          <dd>{member.name}</dd>
          <dt className="text-stone-600">工作单位</dt>
          <dd>{member.workplace ?? '—'}</dd>
          <dt className="text-stone-600">包联楼栋</dt>
          <dd>{member.nodeName}</dd>
          <dt className="text-stone-600">报到日期</dt>
          <dd>{member.registeredOn}</dd>
        </dl>
      </Section>
      <Section title="党员中心户联系户" id="households">
        {central ? (
          <>
            <p className="mb-3 text-sm">
              中心户 {central.address}，联系 {central.looksAfter.length} 户：
            </p>
            <ul className="divide-y divide-stone-200">
              {central.looksAfter.map((h) => (
                <li key={h.householdId} className="flex min-h-12 flex-wrap items-center justify-between gap-2 py-2">
                  <span>
                    {h.address}
                    <span className="ml-2 text-xs text-stone-600">{h.size} 人</span>
                  </span>
                  <CareTags tags={h.tags} />
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-sm text-stone-600">您暂未担任党员中心户。</p>
        )}
      </Section>
    </>
  );
}
