// The community's public board: 公开栏 figures and the 心愿墙, no sign-in, nothing of any resident. Script-free (pages/_document.tsx).
import type { GetServerSideProps } from 'next';
import { MonthFigures, WishCard } from '@/components/board/board-parts';
import { PublicHead } from '@/components/public/page-head';
import { appStore } from '@/db/store';
import { findBoardCommunity, loadBoard, type BoardCommunity, type BoardMonth } from '@/lib/board/board';
import { WISH_STATE_LABELS, type WishState } from '@/lib/board/labels';
import { boardIdSchema } from '@/lib/board/schemas';
import { publicPageCacheControl } from '@/lib/http/public-cache';
import { toWallJson, wallItemOf, type WallItemJson } from '@/lib/board/wall-json';

export const config = { unstable_runtimeJS: false };

type Props = { community: BoardCommunity; months: BoardMonth[]; counts: Record<WishState, number>; items: WallItemJson[] };

/**
 * Rendered per request from the board's cached data (lib/board/board.ts loadBoard: fresh after every staff decision),
 * the same for everybody (the claim button is on every claimable wish; the claim route checks who posts it), so the
 * proxy in front may share it for a second (lib/http/public-cache.ts).
 */
export const getServerSideProps: GetServerSideProps<Props> = async ({ params, req, res }) => {
  const id = boardIdSchema.safeParse(params?.id);
  const db = appStore().db;
  const community = id.success ? await findBoardCommunity(db, id.data) : null;
  if (!community) return { notFound: true };
  res.setHeader('Cache-Control', publicPageCacheControl(req, { personal: false }));
  const { months, wall } = await loadBoard(db, community);
  return { props: { community, months, counts: wall.counts, items: wall.items.slice(0, 60).map(toWallJson) } };
};

export default function BoardPage({ community: c, months, counts, items }: Props) {
  return (
    <main className="mx-auto min-h-dvh max-w-2xl px-4 pb-12 pt-5">
      <PublicHead title={`社区公开栏 · ${c.name}`} />
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 社区公开栏
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-snug text-stone-900">{c.name}</h1>
      <p className="mt-1 text-base text-stone-700">三务公开：看得懂、看得清、心里亮。</p>
      <p className="mt-2 text-sm">
        <a href={`/b/${c.id}/poster`} className="font-medium text-blue-800 underline">
          打印海报（A4）
        </a>
      </p>

      <section aria-labelledby="results-heading" className="mt-6">
        <h2 id="results-heading" className="text-lg font-semibold">
          公开栏 · 诉求办理情况
        </h2>
        <p className="mb-3 text-sm text-stone-600">与社区统计口径一致：收到件数按提交时间计，比率的定义见社区办事大厅公示。</p>
        <MonthFigures months={months} />
      </section>

      {/* Room for 党员每月一件事 pledges and 共建项目 progress: further <section>s here, from their own modules. */}

      <section aria-labelledby="wall-heading" className="mt-8">
        <h2 id="wall-heading" className="text-lg font-semibold">
          心愿墙
        </h2>
        <p className="mt-1 text-sm text-stone-700">{(['open', 'claimed', 'lit'] as const).map((s) => `${WISH_STATE_LABELS[s]} ${counts[s]}`).join(' · ')}</p>
        {items.length === 0 ? (
          <p className="mt-3 text-base text-stone-600">暂无公开的心愿。</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {items.map((json) => {
              const item = wallItemOf(json);
              return (
                <WishCard
                  key={item.publicationId}
                  item={item}
                  claim={
                    item.claimable ? (
                      // A plain form: app/(public)/b/[id]/claim/route.ts checks the party member and claims through the lifecycle.
                      <form method="post" action={`/b/${c.id}/claim`} className="mt-3">
                        <input type="hidden" name="publicationId" value={item.publicationId} />
                        <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-4 text-base font-semibold text-white">
                          我是党员，认领这个心愿
                        </button>
                      </form>
                    ) : undefined
                  }
                />
              );
            })}
          </ul>
        )}
      </section>
      <p className="mt-8 text-center text-sm text-stone-600">本页只展示社区工作人员审核后公开的内容，不含任何居民个人信息。</p>
    </main>
  );
}
