import type { Metadata } from 'next';
import Link from 'next/link';
import { ClaimButton } from '@/components/board/claim-button';
import { CaseList } from '@/components/cases/case-list';
import { RefreshButton } from '@/components/shell/refresh-button';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actionForms } from '@/lib/cases/action-forms';
import { actorFromUser } from '@/lib/cases/actor';
import { claimBoard } from '@/lib/cases/queries';
import { boardFilterSchema } from '@/lib/cases/schemas';
import { getPartyMemberHome } from '@/lib/org/party-members';

export const metadata: Metadata = { title: '认领台' };

/** The case page's wording for the claim, on each card's button. */
const claimLabel = actionForms(['claim'], { categoryId: null, urgency: 'normal', escalationLevel: 0, extensionRequestedHours: null, extensionReason: null }, null)[0]!.submitLabel;

const selectClass = 'mt-1 block min-h-12 w-full rounded-lg border border-stone-400 bg-white px-3 text-base';

/** The claim board: requests the grid put up for party members to take on (认领), nearest to the member first. */
export default async function ClaimBoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['party_member']);
  const filter = boardFilterSchema.parse(await searchParams);
  const db = appStore().db;
  const now = new Date();
  const home = user.partyMemberId === null ? null : await getPartyMemberHome(db, user.partyMemberId);
  const board = await claimBoard(db, actorFromUser(user), { ...filter, near: filter.near && home ? home.member.nodePath : undefined }, now);
  const filtered = filter.categoryId !== undefined || filter.placeId !== undefined;

  return (
    <>
      <PageHeader title="认领台" subtitle="党员每月一件事：认领一件群众身边的小事">
        <RefreshButton />
      </PageHeader>

      <details open={filtered || undefined} className="mb-4 rounded-xl border border-stone-200 bg-white">
        <summary className="flex min-h-12 cursor-pointer items-center px-3 font-medium">
          筛选和排序
          <span className="ml-2 text-sm font-normal text-stone-600">{filtered ? '（已筛选）' : filter.near ? '（离我近的优先）' : '（快到期的优先）'}</span>
        </summary>
      <form action="/member/board" className="grid grid-cols-2 gap-3 border-t border-stone-200 p-3 sm:grid-cols-4" aria-label="筛选认领事项">
        <div>
          <label htmlFor="board-category" className="text-sm font-medium">
            分类
          </label>
          <select id="board-category" name="category" defaultValue={filter.categoryId ?? ''} className={selectClass}>
            <option value="">全部分类</option>
            {board.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="board-place" className="text-sm font-medium">
            楼栋/网格
          </label>
          <select id="board-place" name="place" defaultValue={filter.placeId ?? ''} className={selectClass}>
            <option value="">全部地点</option>
            {board.places.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name === p.gridName ? p.name : `${p.gridName} ${p.name}`}
              </option>
            ))}
          </select>
        </div>
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor="board-sort" className="text-sm font-medium">
            排序
          </label>
          <select id="board-sort" name="sort" defaultValue={filter.near ? 'near' : 'due'} className={selectClass}>
            <option value="near">离我近的优先{home ? `（${home.member.nodeName}）` : ''}</option>
            <option value="due">快到期的优先</option>
          </select>
        </div>
        <button type="submit" className="col-span-2 min-h-12 rounded-lg bg-stone-800 px-4 font-semibold text-white hover:bg-stone-900 sm:col-span-1">
          筛选
        </button>
      </form>
      </details>

      <section aria-labelledby="board-heading" className="rounded-xl border border-stone-200 bg-white px-3 py-2 shadow-sm">
        <h2 id="board-heading" className="py-1 text-lg font-semibold">
          待认领（{board.total}）
        </h2>
        {board.total > board.items.length && (
          <p className="text-sm text-stone-600">
            先显示{filter.near ? '离您最近' : '最快到期'}的 {board.items.length} 条，可用上面的筛选找其他事项。
          </p>
        )}
        {board.items.length === 0 ? (
          <div className="py-6 text-center">
            <p className="text-base font-medium">{filtered ? '没有符合筛选条件的待认领事项' : '暂时没有待认领的事项'}</p>
            <p className="mt-1 text-sm text-stone-600">
              {filtered ? '换个分类或地点看看。' : '网格员把适合党员办的小事发布到这里后，您会在这里看到。也可以先看看您联系的住户有没有需要。'}
            </p>
            <div className="mt-3 flex flex-wrap justify-center gap-2">
              {filtered && (
                <Link prefetch={false} href="/member/board" className="flex min-h-11 items-center rounded-lg border border-stone-400 px-4 font-medium">
                  清除筛选
                </Link>
              )}
              <Link prefetch={false} href="/member#households" className="flex min-h-11 items-center rounded-lg border border-stone-400 px-4 font-medium">
                看看我联系的住户
              </Link>
            </div>
          </div>
        ) : (
          <CaseList
            items={board.items}
            now={now}
            action={(c) => (
              <div className="px-1 pb-2">
                <ClaimButton number={c.number} version={c.version} label={claimLabel} />
              </div>
            )}
          />
        )}
      </section>
    </>
  );
}
