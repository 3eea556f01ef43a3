// The board as an A4 poster for the physical bulletin board: the figures, the latest lit wishes, and the QR code of the board. Script-free (pages/_document.tsx).
import type { GetServerSideProps } from 'next';
import { MonthFigures } from '@/components/board/board-parts';
import { QrCode } from '@/components/intake/qr-code';
import { PublicHead } from '@/components/public/page-head';
import { appStore } from '@/db/store';
import { findBoardCommunity, litWishesSince, loadBoard, type BoardCommunity, type BoardMonth } from '@/lib/board/board';
import { boardIdSchema } from '@/lib/board/schemas';
import { publicBaseUrl } from '@/lib/cases/public-url';
import { nodeHeaders } from '@/lib/http/form-post';
import { publicPageCacheControl } from '@/lib/http/public-cache';
import { chinaMonth, chinaStart } from '@/lib/stats/period';

export const config = { unstable_runtimeJS: false };

type Props = { community: BoardCommunity; url: string; months: BoardMonth[]; lit: { publicationId: number; text: string; litBy: string | null }[]; litThisYear: number };

/** The same for everybody who asks at the same address (the QR code is of the host asked: the proxy's cache key has it). */
export const getServerSideProps: GetServerSideProps<Props> = async ({ params, req, res }) => {
  const id = boardIdSchema.safeParse(params?.id);
  const db = appStore().db;
  const community = id.success ? await findBoardCommunity(db, id.data) : null;
  if (!community) return { notFound: true };
  res.setHeader('Cache-Control', publicPageCacheControl(req, { personal: false }));
  const now = new Date();
  const { months, wall } = await loadBoard(db, community, now);
  const lit = wall.items
    .filter((w) => w.state === 'lit')
    .slice(0, 6)
    .map((w) => ({ publicationId: w.publicationId, text: w.text, litBy: w.litBy }));
  const litThisYear = await litWishesSince(db, community, chinaStart(`${chinaMonth(now).slice(0, 4)}-01`));
  return { props: { community, url: `${publicBaseUrl(nodeHeaders(req))}/b/${community.id}`, months, lit, litThisYear } };
};

export default function BoardPosterPage({ community: c, url, months, lit, litThisYear }: Props) {
  return (
    <main className="poster mx-auto max-w-[210mm] bg-white p-6 print:p-0">
      <PublicHead title="社区公开栏海报" />
      <style>{'@page { size: A4 portrait; margin: 12mm; } @media print { .poster { max-width: none; } }'}</style>
      <p className="text-base font-medium text-brand-700">萤火 · 三务公开</p>
      <h1 className="text-3xl font-bold">{c.name} 社区公开栏</h1>
      <p className="mt-1 text-lg text-stone-700">看得懂、看得清、心里亮</p>

      <section className="mt-5" aria-labelledby="poster-results">
        <h2 id="poster-results" className="mb-2 text-xl font-semibold">
          诉求办理情况
        </h2>
        <MonthFigures months={months} />
      </section>

      <section className="mt-5" aria-labelledby="poster-wishes">
        <h2 id="poster-wishes" className="text-xl font-semibold">
          微光心愿 · 今年已点亮 {litThisYear} 个
        </h2>
        <ul className="mt-2 grid grid-cols-2 gap-2 text-base">
          {lit.map((w) => (
            <li key={w.publicationId} className="rounded-lg border border-stone-300 p-2 print:break-inside-avoid">
              <p>{w.text}</p>
              {w.litBy && <p className="text-sm text-stone-700">点亮人：{w.litBy}</p>}
            </li>
          ))}
        </ul>
      </section>

      <section className="mt-6 flex items-center gap-6 print:break-inside-avoid" aria-label="扫码查看公开栏">
        <QrCode text={url} label={`${c.name} 社区公开栏二维码`} className="h-40 w-40" />
        <div>
          <p className="text-xl font-semibold">扫码查看公开栏、心愿墙</p>
          <p className="mt-1 break-all text-sm text-stone-700">{url}</p>
          <p className="mt-2 text-sm text-stone-700">有事找网格员：扫描楼栋或小区的二维码提交诉求。</p>
        </div>
      </section>
      <p data-print-hide className="mt-6 text-sm text-stone-600">
        使用浏览器的“打印”功能，选择 A4 纸张即可打印。
      </p>
    </main>
  );
}
