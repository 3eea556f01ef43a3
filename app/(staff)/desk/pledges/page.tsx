import type { Metadata } from 'next';
import Link from 'next/link';
import { FlashBanner } from '@/components/pledges/flash-banner';
import { PledgeGroupSelect } from '@/components/pledges/group-select';
import { PledgeNav } from '@/components/pledges/pledge-nav';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format/datetime';
import { idParamSchema } from '@/lib/org/schemas';
import { readFlash } from '@/lib/pledges/flash';
import { itemsInScope, midMonthCheck, type CheckedMember } from '@/lib/pledges/queries';
import { currentPledgeMonth } from '@/lib/pledges/rules';
import { monthName } from '@/lib/stats/period';
import { recordPledgeAction, remindAction, reviewAction } from './actions';

export const metadata: Metadata = { title: '月中督诺' };

const input = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-3';
const th = 'px-2 py-2 text-left font-medium';
/** Cell padding set once on the table: a community's list is hundreds of rows. */
const cells = '[&_td]:px-2 [&_td]:py-2';
/** Without a branch chosen, the list shows the first of those to urge (members who sign in first); a branch shows all. */
const SCOPE_LIST_LIMIT = 60;

/**
 * 月中督诺: for the running month, per branch and per member, who has no pledge, no progress, or is late; one action
 * reminds them all; own commitments to approve; a pledge recorded for a member who rarely signs in.
 */
/** A member's line in the list: what is missing, or how many pledges are confirmed and how many await approval. */
function memberSituation(m: CheckedMember): string {
  const awaiting = m.awaiting > 0 ? `${m.awaiting} 项待审核` : null;
  if (m.needsReminder) {
    return [m.check.noPledge && '未晒诺', m.check.noProgress > 0 && `${m.check.noProgress} 项无进展`, m.check.overdue > 0 && `${m.check.overdue} 项超期`, awaiting].filter(Boolean).join('、');
  }
  return [m.confirmed > 0 && `已晒诺 ${m.confirmed} 项`, awaiting].filter(Boolean).join('、');
}

export default async function PledgeCheckPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['secretary']);
  const search = await searchParams;
  const flash = readFlash(search);
  const now = new Date();
  const month = currentPledgeMonth(now);
  const db = appStore().db;
  const check = await midMonthCheck(db, user.scope, month, now);
  const picked = idParamSchema.safeParse(Array.isArray(search.branch) ? search.branch[0] : search.branch);
  const branch = picked.success ? check.branches.find((b) => b.id === picked.data) : undefined;
  const pending = branch ? check.pendingReviews.filter((p) => p.nodePath.startsWith(branch.path)) : check.pendingReviews;
  const allItems = branch ? await itemsInScope(db, user.scope, month) : [];
  // The record form's items: those the branch's members may pledge (kept for the community above it, or for the branch).
  const items = branch ? allItems.filter((i) => branch.path.startsWith(i.nodePath) || i.nodePath.startsWith(branch.path)) : [];
  const members = branch ? check.members.filter((m) => m.branchId === branch.id) : check.members;
  const flagged = members.filter((m) => m.needsReminder);
  const withAccount = flagged.filter((m) => m.accountId !== null);
  // One branch: every member, those to urge first; the whole scope: the first of those to urge, who sign in first.
  const listed = branch ? [...flagged, ...members.filter((m) => !m.needsReminder)] : [...withAccount, ...flagged.filter((m) => m.accountId === null)].slice(0, SCOPE_LIST_LIMIT);
  const branchName = new Map(check.branches.map((b) => [b.id, b.name]));
  const here = branch ? `/desk/pledges?branch=${branch.id}` : '/desk/pledges';
  const withoutPledge = members.filter((m) => m.check.noPledge);

  return (
    <>
      <PageHeader title="月中督诺" subtitle={`党员每月一件事 · ${monthName(month)} · 本月还剩 ${check.daysLeft} 天 · ${branch ? branch.name : user.scopeNodes.map((n) => n.name).join('、')}`} />
      <PledgeNav current="/desk/pledges" />
      <FlashBanner flash={flash} />

      <form action="/desk/pledges" className="mb-4 flex flex-wrap items-end gap-2" aria-label="选择支部">
        <label className="text-sm font-medium">
          支部
          <select name="branch" defaultValue={branch?.id ?? ''} className={input}>
            <option value="">全部支部</option>
            {check.branches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.partyOrgName ?? b.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="min-h-11 rounded-lg border border-stone-400 bg-white px-4 font-medium">
          查看
        </button>
      </form>

      <Section title="各支部晒诺情况" id="branches">
        <p id="branch-counts-note" className="mb-2 text-sm text-stone-700">
          按人数：已晒诺（承诺已确认）＋待审核（承诺待书记审核）＋未晒诺＝党员；待审承诺按项数，含往月未审的。
        </p>
        <div className="sm:overflow-x-auto">
          <table className={`table-cards w-full text-sm sm:min-w-[44rem] ${cells}`} aria-describedby="branch-counts-note" data-testid="branch-counts">
            <thead className="bg-stone-100">
              <tr>
                <th className={th}>支部</th>
                <th className={th}>党员</th>
                <th className={th}>已晒诺</th>
                <th className={th}>待审核</th>
                <th className={th}>未晒诺</th>
                <th className={th}>无进展</th>
                <th className={th}>超期</th>
                <th className={th}>待审承诺</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {check.branches.map((b) => (
                <tr key={b.id} data-branch-id={b.id} className={b.id === branch?.id ? 'bg-brand-50' : undefined}>
                  <td>
                    <Link prefetch={false} href={`/desk/pledges?branch=${b.id}`} className="font-medium underline">
                      {b.partyOrgName ?? b.name}
                    </Link>
                  </td>
                  <td data-label="党员" className="card-tile" data-testid="members">{b.members}</td>
                  <td data-label="已晒诺" className="card-tile">
                    <span data-testid="pledged">{b.pledged}</span>
                    <span className="ml-1 text-xs text-stone-600">{b.members > 0 ? `${Math.round((b.pledged / b.members) * 100)}%` : ''}</span>
                  </td>
                  <td data-label="待审核" className="card-tile" data-testid="awaiting">{b.awaiting}</td>
                  <td data-label="未晒诺" className="card-tile" data-testid="no-pledge">{b.noPledge}</td>
                  <td data-label="无进展" className="card-tile">{b.noProgress}</td>
                  <td data-label="超期" className="card-tile">{b.overdue}</td>
                  <td data-label="待审承诺" className="card-tile" data-testid="pending-reviews">{b.pendingReviews}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section title={branch ? `${branch.partyOrgName ?? branch.name}党员（${members.length}，需要督促 ${flagged.length}）` : `需要督促的党员（${flagged.length}）`} id="flagged">
        <form action={remindAction} className="mb-3 flex flex-wrap items-center gap-3">
          <input type="hidden" name="month" value={month} />
          <input type="hidden" name="branchId" value={branch?.id ?? ''} />
          <input type="hidden" name="back" value={here} />
          <button type="submit" disabled={withAccount.length === 0} className="min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 disabled:opacity-50">
            一键提醒（{withAccount.length} 人）
          </button>
          <span className="text-sm text-stone-700">
            站内通知发给有账号的党员；{flagged.length - withAccount.length} 名没有账号，请电话或上门提醒，也可以在下方代为录入承诺。
          </span>
        </form>
        {!branch && flagged.length > listed.length && (
          <p className="mb-2 text-sm text-stone-700">先列出 {listed.length} 名（有账号的在前），点上表中的支部查看该支部全部党员。</p>
        )}
        {listed.length === 0 ? (
          <p className="text-sm text-stone-600">没有需要督促的党员：本月都已晒诺（或承诺待审核）并有进展。</p>
        ) : (
          <div className="sm:overflow-x-auto">
            <table className={`table-cards w-full text-sm sm:min-w-[44rem] ${cells}`} aria-label={branch ? '支部党员' : '需要督促的党员'}>
              <thead className="bg-stone-100">
                <tr>
                  <th className={th}>党员</th>
                  <th className={th}>支部 · 楼栋</th>
                  <th className={th}>情况</th>
                  <th className={th}>账号</th>
                  <th className={th}>上次提醒</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {listed.map((m) => (
                  <tr key={m.id} data-testid={m.needsReminder ? 'flagged-member' : 'member'} data-member-id={m.id}>
                    <td className="font-medium">{m.name}</td>
                    <td data-label="支部 · 楼栋">
                      {/* A rural grid's members live in the grid itself: its name once. */}
                      {[m.branchId ? branchName.get(m.branchId) : '—', m.nodeName].filter((name, i, names) => i === 0 || name !== names[0]).join(' · ')}
                    </td>
                    <td data-label="情况">{memberSituation(m)}</td>
                    <td data-label="账号">
                      <span data-testid="member-account">{m.accountId === null ? '无账号' : (m.username ?? '有账号')}</span>
                    </td>
                    <td data-label="上次提醒">{m.remindedAt ? formatDateTime(m.remindedAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title={`待审核的自主承诺（${pending.length}）`} id="pending">
        {pending.length === 0 ? (
          <p className="text-sm text-stone-600">没有待审核的承诺。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {pending.map((p) => (
              <li key={p.id} className="flex flex-wrap items-end justify-between gap-2 py-3">
                <span>
                  <span className="block font-medium">
                    {p.memberName}：{p.title}
                  </span>
                  <span className="block text-xs text-stone-600">
                    {p.group} · {monthName(p.month)} · 提交于 {formatDateTime(p.createdAt)}
                  </span>
                  {p.description && <span className="block text-sm">{p.description}</span>}
                </span>
                <form action={reviewAction} className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="pledgeId" value={p.id} />
                  <input type="hidden" name="back" value={here} />
                  <label className="text-sm">
                    审核意见
                    <input name="note" maxLength={200} className={input} />
                  </label>
                  <button type="submit" name="approve" value="true" className="min-h-11 rounded-lg bg-emerald-700 px-3 font-medium text-white">
                    通过
                  </button>
                  <button type="submit" name="approve" value="false" className="min-h-11 rounded-lg border border-stone-400 bg-white px-3 font-medium">
                    不通过
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="代党员录入承诺" id="record">
        <p className="mb-2 text-sm text-stone-700">为不常登录的党员录入本月承诺，记录录入人；清单事项与自主承诺二选一。</p>
        {!branch ? (
          <p className="text-sm text-stone-600">请先在上方选择支部。</p>
        ) : (
        <form action={recordPledgeAction} className="grid gap-3 sm:grid-cols-2">
          <input type="hidden" name="back" value={`${here}#record`} />
          <label className="text-sm font-medium">
            党员（未晒诺的在前）
            <select name="partyMemberId" required defaultValue="" className={input}>
              <option value="" disabled>
                请选择
              </option>
              {[...withoutPledge, ...members.filter((m) => !m.check.noPledge)].map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} · {m.nodeName}
                  {m.check.noPledge ? '（未晒诺）' : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium">
            方式
            <select name="kind" required defaultValue="item" className={input}>
              <option value="item">认领清单事项</option>
              <option value="own">自主承诺</option>
            </select>
          </label>
          <label className="text-sm font-medium">
            清单事项（认领清单事项时）
            <select name="itemId" defaultValue="" className={input}>
              <option value="">请选择</option>
              {items
                .filter((i) => i.active)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.title}（{i.nodeName}）
                  </option>
                ))}
            </select>
          </label>
          <label className="text-sm font-medium">
            承诺内容（自主承诺时）
            <input name="title" maxLength={60} className={input} />
          </label>
          <PledgeGroupSelect className={input} label="类别（自主承诺时）" optional />
          <button type="submit" className="min-h-12 self-end rounded-lg bg-stone-800 px-4 font-semibold text-white hover:bg-stone-900">
            录入承诺
          </button>
        </form>
        )}
      </Section>
    </>
  );
}
