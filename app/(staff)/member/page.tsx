import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CaseList } from '@/components/cases/case-list';
import { CareTags } from '@/components/org/care-tags';
import { RefreshButton } from '@/components/shell/refresh-button';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { auditView } from '@/lib/audit/views';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { pledgeMonth } from '@/lib/cases/lifecycle';
import { myClaims } from '@/lib/cases/queries';
import { PARTY_MEMBER_KIND_LABELS } from '@/lib/org/labels';
import { getPartyMemberHome } from '@/lib/org/party-members';
import { formatDateTime } from '@/lib/format/datetime';
import { memberMonth, unreadPledgeReminders } from '@/lib/pledges/queries';
import { monthName } from '@/lib/stats/period';
import { dismissReminderAction } from './pledges/actions';

export const metadata: Metadata = { title: '我的认领' };

export default async function PartyMemberHome() {
  const user = await requireUser(['party_member']);
  if (user.partyMemberId === null) notFound();
  const db = appStore().db;
  const home = await getPartyMemberHome(db, user.partyMemberId);
  if (!home) notFound();
  const { member, central } = home;
  const now = new Date();
  // Neighbours' phone numbers are personal data: showing them is logged, as a household record's view is.
  if (central && central.looksAfter.some((h) => h.contact)) {
    await auditView(appStore(), { accountId: user.id, action: 'view_household', subject: `central_household:${central.id}`, detail: 'linked households contact phones' });
  }
  const [claims, month, reminders] = await Promise.all([
    myClaims(db, actorFromUser(user), pledgeMonth(now), now),
    memberMonth(db, user.partyMemberId, now),
    unreadPledgeReminders(db, user.id),
  ]);
  const pledged = month.pledges.filter((p) => p.status !== 'rejected');
  const open = claims.items.filter((c) => c.status === 'in_progress' || c.status === 'assigned');
  const done = claims.items.filter((c) => !open.includes(c));
  return (
    <>
      <PageHeader title="我的认领" subtitle={`${PARTY_MEMBER_KIND_LABELS[member.kind]} · 包联 ${member.nodeName}`}>
        <div className="flex gap-2">
          <RefreshButton />
          <Link prefetch={false} href="/member/board" className="inline-flex min-h-12 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800">
            去认领台
          </Link>
        </div>
      </PageHeader>
      {reminders.length > 0 && (
        <section aria-label="督诺提醒" className="mb-4 rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-amber-950">
          {reminders.map((r) => (
            <div key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-1">
              <p className="text-sm" data-testid="pledge-reminder">
                <strong>督诺提醒</strong> {r.note}
                <span className="ml-1 text-xs">（{formatDateTime(r.createdAt)}）</span>
              </p>
              <form action={dismissReminderAction}>
                <input type="hidden" name="notificationId" value={r.id} />
                <input type="hidden" name="back" value="/member" />
                <button type="submit" className="min-h-11 rounded-lg border border-amber-600 bg-white px-3 text-sm font-medium">
                  知道了
                </button>
              </form>
            </div>
          ))}
        </section>
      )}
      <div
        className={`mb-4 rounded-lg border px-3 py-2 text-sm ${pledged.length > 0 ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-amber-300 bg-amber-50 text-amber-900'}`}
      >
        <p>
          党员每月一件事（{monthName(month.month)}，还剩 {month.daysLeft} 天）：本月已晒诺 <strong data-testid="pledge-count">{pledged.length}</strong> 项
          {pledged.length > 0 ? '。' : '，请认领一件事项或写下自己的承诺。'}
        </p>
        {pledged.length > 0 && (
          <ul className="mt-1 list-inside list-disc" aria-label="本月承诺">
            {pledged.map((p) => (
              <li key={p.id}>{p.title}</li>
            ))}
          </ul>
        )}
        <Link prefetch={false} href="/member/pledges" className="mt-1 inline-flex min-h-11 items-center font-medium underline">
          {pledged.length > 0 ? '查看承诺、报告进展' : '去晒诺'}
        </Link>
      </div>
      <Section title={central ? `我联系的住户（${central.looksAfter.length} 户）` : '我联系的住户'} id="households">
        {central ? (
          <>
            <p className="mb-3 text-sm">
              党员中心户 {central.address}；需要关爱的住户排在前面。
            </p>
            <ul className="divide-y divide-stone-200">
              {central.looksAfter.map((h) => (
                <li key={h.householdId} className="flex min-h-14 items-center justify-between gap-2 py-2">
                  <span className="min-w-0">
                    <span className="block font-medium">
                      {h.address}
                      <span className="ml-2 text-xs font-normal text-stone-600">{h.size} 人</span>
                    </span>
                    <CareTags tags={h.tags} />
                  </span>
                  {h.contact ? (
                    <a
                      href={`tel:${h.contact.phone}`}
                      className="inline-flex min-h-12 shrink-0 items-center gap-1 rounded-lg border border-emerald-700 px-3 font-medium text-emerald-900 hover:bg-emerald-50"
                    >
                      <span aria-hidden="true">☎</span> 拨打<span className="sr-only"> {h.address} {h.contact.name}</span>
                    </a>
                  ) : (
                    <span className="shrink-0 text-xs text-stone-600">未留电话</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="text-sm text-stone-600">您暂未担任党员中心户。</p>
        )}
      </Section>
      <Section title={`办理中（${open.length}）`} id="open-claims">
        <CaseList items={open} now={now} empty="没有正在办理的认领事项" />
      </Section>
      <Section title={`已办（${done.length}）`} id="done-claims">
        <CaseList items={done} now={now} empty="还没有办结的认领事项" />
      </Section>
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
    </>
  );
}
