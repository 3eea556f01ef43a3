import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FlashBanner } from '@/components/pledges/flash-banner';
import { PledgeGroupSelect } from '@/components/pledges/group-select';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { RATING_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import { formatDateTime, formatDay } from '@/lib/format/datetime';
import { getPartyMemberHome } from '@/lib/org/party-members';
import { readFlash } from '@/lib/pledges/flash';
import { branchOf, branchesIn, itemsForMember, memberMonth, pledgeBoard } from '@/lib/pledges/queries';
import { dayOfMonth, EVALUATION_LABELS, PLEDGE_KIND_LABELS, PLEDGE_OPENING_DAYS, PLEDGE_STATUS_LABELS } from '@/lib/pledges/rules';
import { monthName } from '@/lib/stats/period';
import { pledgeAction, progressAction } from './actions';

export const metadata: Metadata = { title: '我的承诺' };

const input = 'mt-1 block min-h-12 w-full rounded-lg border border-stone-400 bg-white px-3 text-base';
const button = 'min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800';

/** 党员每月一件事 for the member: this month's promise, the days left, the list to choose from, the branch's board. */
export default async function MemberPledgesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['party_member']);
  if (user.partyMemberId === null) notFound();
  const flash = readFlash(await searchParams);
  const db = appStore().db;
  const now = new Date();
  const home = await getPartyMemberHome(db, user.partyMemberId);
  if (!home) notFound();
  const [mine, items, branches] = await Promise.all([memberMonth(db, user.partyMemberId, now), itemsForMember(db, home.member.nodePath, now), branchesIn(db, user.scope)]);
  const branch = branchOf(branches, home.member.nodePath);
  const board = branch ? await pledgeBoard(db, branch.path, mine.month) : [];
  const live = mine.pledges.filter((p) => p.status !== 'rejected');
  // A commitment awaiting the secretary's approval is not yet published (晒诺): said apart, as the desk counts it.
  const confirmed = live.filter((p) => p.status === 'approved').length;
  const awaiting = live.length - confirmed;
  // An item is pledged once a month: the list says so instead of offering it again.
  const taken = new Set(mine.pledges.map((p) => p.itemId).filter((id) => id !== null));
  const opening = dayOfMonth(now) <= PLEDGE_OPENING_DAYS;

  return (
    <>
      <PageHeader title="我的承诺" subtitle={`党员每月一件事 · ${monthName(mine.month)} · 本月还剩 ${mine.daysLeft} 天`}>
        <Link prefetch={false} href="/member/board" className="inline-flex min-h-12 items-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-50">
          去认领台认领群众诉求
        </Link>
      </PageHeader>
      <FlashBanner flash={flash} />
      <p
        data-testid="pledge-state"
        className={`mb-4 rounded-lg border px-3 py-2 text-sm ${live.length > 0 ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-amber-300 bg-amber-50 text-amber-900'}`}
      >
        {live.length > 0
          ? confirmed > 0
            ? `本月已晒诺 ${confirmed} 项${awaiting > 0 ? `，另有 ${awaiting} 项待书记审核` : ''}。`
            : `本月的承诺（${awaiting} 项）待书记审核，通过后即为晒诺。`
          : opening
            ? '月初晒诺：请在本月前几天认领一件事项或写下自己的承诺。'
            : '本月还没有晒诺，请尽快认领一件事项或写下自己的承诺。'}
      </p>

      <Section title={`本月承诺（${mine.pledges.length}）`} id="my-pledges">
        {mine.pledges.length === 0 ? (
          <p className="text-sm text-stone-600">
            还没有承诺。可以认领下面<a href="#items" className="underline">民意事项清单</a>里的一项，到认领台认领群众诉求，或<a href="#own" className="underline">写下自己的承诺</a>。
          </p>
        ) : (
          <ul className="divide-y divide-stone-200" aria-label="本月承诺">
            {mine.pledges.map((p) => {
              const flags = mine.flags.find((f) => f.id === p.id);
              return (
                <li key={p.id} className="py-3">
                  <p className="font-medium">{p.title}</p>
                  <p className="mt-0.5 text-xs text-stone-600">
                    {PLEDGE_KIND_LABELS[p.kind]} · {p.group} · {PLEDGE_STATUS_LABELS[p.status]}
                    {p.recordedByName && ` · 由${p.recordedByName}代录`}
                    {p.caseStatus && ` · 诉求${STATUS_LABELS[p.caseStatus as keyof typeof STATUS_LABELS]}`}
                    {flags?.overdue && ' · 已超期'}
                    {flags?.noProgress && ' · 尚无进展'}
                  </p>
                  {p.reviewNote && <p className="mt-1 text-sm">审核意见：{p.reviewNote}</p>}
                  {p.progressNote && (
                    <p className="mt-1 text-sm">
                      最新进展：{p.progressNote}
                      <span className="ml-1 text-xs text-stone-600">{p.progressAt && formatDateTime(p.progressAt)}</span>
                    </p>
                  )}
                  {p.evaluation && (
                    <p className="mt-1 text-sm">
                      评议：<strong>{EVALUATION_LABELS[p.evaluation]}</strong>
                      {p.evaluationComment && `（${p.evaluationComment}）`}
                    </p>
                  )}
                  {p.caseRating && <p className="mt-1 text-sm">群众评价：{RATING_LABELS[p.caseRating as keyof typeof RATING_LABELS]}</p>}
                  {p.kind === 'case' && p.caseNumber && (
                    <Link prefetch={false} href={`/cases/${p.caseNumber}`} className="mt-1 inline-flex min-h-11 items-center text-sm font-medium text-brand-800 underline">
                      打开事项记录进展
                    </Link>
                  )}
                  {p.kind !== 'case' && p.status !== 'rejected' && !p.evaluation && (
                    <form action={progressAction} className="mt-2 grid gap-2 sm:grid-cols-[1fr_auto] sm:items-end">
                      <input type="hidden" name="pledgeId" value={p.id} />
                      <label className="min-w-0 text-sm">
                        报告进展
                        <input name="note" required minLength={2} maxLength={300} className={input} placeholder="例如：已上门两次，下周继续" />
                      </label>
                      <button type="submit" className="min-h-12 rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-50">
                        提交进展
                      </button>
                    </form>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      <Section title={`民意事项清单（${items.length}）`} id="items">
        {items.length === 0 ? (
          <p className="text-sm text-stone-600">社区暂未发布清单事项，可以到认领台认领群众诉求，或在下面写下自己的承诺。</p>
        ) : (
          <ul className="divide-y divide-stone-200" aria-label="民意事项清单">
            {items.map((item) => (
              <li key={item.id} className="flex items-start gap-3 py-3">
                <span className="min-w-0 flex-1">
                  <span className="block font-medium">{item.title}</span>
                  <span className="block text-xs text-stone-600">
                    {item.group} · {item.nodeName}
                    {item.place && ` · ${item.place}`}
                    {item.dueOn && ` · ${formatDay(item.dueOn)} 前完成`}
                  </span>
                  {item.description && <span className="mt-0.5 block text-sm text-stone-700">{item.description}</span>}
                </span>
                {taken.has(item.id) ? (
                  <span className="inline-flex min-h-12 shrink-0 items-center rounded-lg border border-emerald-300 bg-emerald-50 px-3 text-sm font-medium text-emerald-900">✓ 本月已认领</span>
                ) : (
                  <form action={pledgeAction} className="shrink-0">
                    <input type="hidden" name="kind" value="item" />
                    <input type="hidden" name="itemId" value={item.id} />
                    <button type="submit" className={button} aria-label={`认领：${item.title}`}>
                      认领
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="写下自己的承诺" id="own">
        <form action={pledgeAction} className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="kind" value="own" />
          <label className="text-sm font-medium sm:col-span-2">
            我承诺本月
            <input name="title" required minLength={4} maxLength={60} className={input} placeholder="例如：为楼栋独居老人代购一次药品" />
          </label>
          <PledgeGroupSelect className={input} />
          <label className="text-sm font-medium">
            说明（可不填）
            <input name="description" maxLength={500} className={input} />
          </label>
          <p className="text-xs text-stone-600 sm:col-span-2">自己的承诺由社区书记审核后生效。</p>
          <button type="submit" className={`${button} sm:col-span-2 sm:justify-self-start`}>
            提交承诺
          </button>
        </form>
      </Section>

      <Section title={`${branch?.partyOrgName ?? branch?.name ?? '本支部'}晒诺榜（${board.length}）`} id="board">
        {board.length === 0 ? (
          <p className="text-sm text-stone-600">本月还没有人晒诺。</p>
        ) : (
          <ul className="grid gap-1 text-sm sm:grid-cols-2" aria-label="支部晒诺榜">
            {board.map((b) => (
              <li key={b.id} className="rounded-lg bg-stone-50 px-3 py-2">
                <span className="font-medium">{b.memberName}</span>：{b.title}
                {b.status === 'pending' && <span className="ml-1 text-xs text-stone-600">（待审核）</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
