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
import { readFlash } from '@/lib/pledges/flash';
import { boardCasesInScope, branchesIn, itemsInScope } from '@/lib/pledges/queries';
import { currentPledgeMonth } from '@/lib/pledges/rules';
import { createItemAction, setItemActiveAction } from '../actions';

export const metadata: Metadata = { title: '民意事项清单' };

const input = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-3';

/** 民意事项清单: the items the secretary puts up for members to pledge, and the residents' requests on the claim board. */
export default async function PledgeItemsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['secretary']);
  const flash = readFlash(await searchParams);
  const now = new Date();
  const db = appStore().db;
  const month = currentPledgeMonth(now);
  const [items, board, branches] = await Promise.all([itemsInScope(db, user.scope, month), boardCasesInScope(db, user.scope), branchesIn(db, user.scope)]);
  const communities = user.scopeNodes.filter((n) => n.kind === 'community');

  return (
    <>
      <PageHeader title="民意事项清单" subtitle="党员每月一件事：社区发布的服务事项与认领台上的群众诉求" />
      <PledgeNav current="/desk/pledges/items" />
      <FlashBanner flash={flash} />

      <Section title="新增事项" id="new-item">
        <form action={createItemAction} className="grid gap-3 sm:grid-cols-2">
          <label className="text-sm font-medium sm:col-span-2">
            事项名称
            <input name="title" required minLength={2} maxLength={60} className={input} />
          </label>
          <PledgeGroupSelect className={input} />
          <label className="text-sm font-medium">
            适用范围
            <select name="nodeId" required defaultValue={communities[0]?.id ?? ''} className={input}>
              {communities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}（全体党员）
                </option>
              ))}
              {branches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.partyOrgName ?? b.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium">
            地点（可不填）
            <input name="place" maxLength={60} className={input} />
          </label>
          <label className="text-sm font-medium">
            完成期限（可不填）
            <input name="dueOn" type="date" className={input} />
          </label>
          <label className="text-sm font-medium sm:col-span-2">
            说明（可不填）
            <textarea name="description" maxLength={500} rows={2} className={`${input} py-2`} />
          </label>
          <button type="submit" className="min-h-12 rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 sm:justify-self-start">
            加入清单
          </button>
        </form>
      </Section>

      <Section title={`社区发布的事项（${items.filter((i) => i.active).length} 项在用）`} id="items">
        {items.length === 0 ? (
          <p className="text-sm text-stone-600">还没有事项。</p>
        ) : (
          <ul className="divide-y divide-stone-200" aria-label="社区发布的事项">
            {items.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <span className="min-w-0">
                  <span className="block font-medium">
                    {i.title}
                    {!i.active && <span className="ml-2 rounded bg-stone-200 px-1.5 text-xs">已停用</span>}
                  </span>
                  <span className="block text-xs text-stone-600">
                    {i.group} · {i.nodeName}
                    {i.place && ` · ${i.place}`}
                    {i.dueOn && ` · ${i.dueOn} 前完成`} · 本月 {i.takenThisMonth} 人认领 · {formatDateTime(i.createdAt)} 发布
                  </span>
                  {i.description && <span className="block text-sm text-stone-700">{i.description}</span>}
                </span>
                <form action={setItemActiveAction}>
                  <input type="hidden" name="itemId" value={i.id} />
                  <input type="hidden" name="active" value={i.active ? 'false' : 'true'} />
                  <button type="submit" className="min-h-11 rounded-lg border border-stone-400 bg-white px-3 text-sm font-medium">
                    {i.active ? '停用' : '恢复'}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={`认领台上的群众诉求（${board.total}）`} id="board">
        <p className="mb-2 text-sm text-stone-700">网格员发布到认领台的诉求，党员认领后即计为当月承诺。</p>
        {board.items.length === 0 ? (
          <p className="text-sm text-stone-600">认领台上暂无诉求。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {board.items.map((c) => (
              <li key={c.id} className="py-2 text-sm">
                <Link prefetch={false} href={`/cases/${c.number}`} className="font-mono underline">
                  {c.number}
                </Link>{' '}
                {c.categoryName ?? '未分类'} · {c.group ?? '—'} · {c.placeName}
                {c.resolveDueAt && <span className="text-stone-600"> · {formatDateTime(c.resolveDueAt)} 前办结</span>}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
