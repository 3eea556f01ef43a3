import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { MonthFigures, WishCard } from '@/components/board/board-parts';
import { appStore } from '@/db/store';
import { findBoardCommunity, loadBoard, WISH_STATE_LABELS } from '@/lib/board/board';
import { boardIdSchema } from '@/lib/board/schemas';
import { claimWish } from './actions';

type Params = { params: Promise<{ id: string }> };

async function community(params: Params['params']) {
  const id = boardIdSchema.safeParse((await params).id);
  return id.success ? findBoardCommunity(appStore().db, id.data) : null;
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const c = await community(params);
  return { title: c ? `社区公开栏 · ${c.name}` : '社区公开栏' };
}

/** The community's public board: 公开栏 figures and the 心愿墙, no sign-in, nothing of any resident. Rendered per request (the CSP nonce, app/layout.tsx), from cached data. */
export default async function BoardPage({ params }: Params) {
  const c = await community(params);
  if (!c) notFound();
  // Cached per server, and fresh after every staff decision (lib/board/board.ts loadBoard).
  const { months, wall: all } = await loadBoard(appStore().db, c);
  const wall = { counts: all.counts, items: all.items.slice(0, 60) };

  return (
    <main className="mx-auto min-h-dvh max-w-2xl px-4 pb-12 pt-5">
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 社区公开栏
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-snug text-stone-900">{c.name}</h1>
      <p className="mt-1 text-base text-stone-700">三务公开：看得懂、看得清、心里亮。</p>
      <p className="mt-2 text-sm">
        <Link href={`/b/${c.id}/poster`} className="font-medium text-blue-800 underline" prefetch={false}>
          打印海报（A4）
        </Link>
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
        <p className="mt-1 text-sm text-stone-700">
          {(['open', 'claimed', 'lit'] as const).map((s) => `${WISH_STATE_LABELS[s]} ${wall.counts[s]}`).join(' · ')}
        </p>
        {wall.items.length === 0 ? (
          <p className="mt-3 text-base text-stone-600">暂无公开的心愿。</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {wall.items.map((item) => (
              <WishCard
                key={item.publicationId}
                item={item}
                claim={
                  item.claimable ? (
                    <form action={claimWish.bind(null, c.id, item.publicationId)} className="mt-3">
                      <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-4 text-base font-semibold text-white">
                        我是党员，认领这个心愿
                      </button>
                    </form>
                  ) : undefined
                }
              />
            ))}
          </ul>
        )}
      </section>
      <p className="mt-8 text-center text-sm text-stone-600">本页只展示社区工作人员审核后公开的内容，不含任何居民个人信息。</p>
    </main>
  );
}
