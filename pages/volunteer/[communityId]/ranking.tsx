// The community's households by points earned in a month: place and family name only (龙盛华庭3号楼 王**家). Script-free (pages/_document.tsx).
import type { GetServerSideProps } from 'next';
import { z } from 'zod';
import { PublicHead } from '@/components/public/page-head';
import { appStore } from '@/db/store';
import { publicPageCacheControl } from '@/lib/http/public-cache';
import { parseId } from '@/lib/org/schemas';
import { publicCommunity } from '@/lib/points/activities';
import { chinaMonth, monthlyRanking, type RankingRow } from '@/lib/points/ranking';

export const config = { unstable_runtimeJS: false };

type Props = { community: { id: number; name: string }; months: string[]; month: string; rows: RankingRow[] };

const monthSchema = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式不正确');

/** The last six months, newest first: 'YYYY-MM'. */
function recentMonths(now: Date): string[] {
  const [y, m] = chinaMonth(now).split('-').map(Number) as [number, number];
  return Array.from({ length: 6 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** Households masked, the same for everybody: the proxy in front may share it for a second (lib/http/public-cache.ts). */
export const getServerSideProps: GetServerSideProps<Props> = async ({ params, query, req, res }) => {
  const id = parseId(String(params?.communityId ?? ''));
  if (id === null) return { notFound: true };
  const db = appStore().db;
  const community = await publicCommunity(db, id);
  if (!community) return { notFound: true };
  res.setHeader('Cache-Control', publicPageCacheControl(req, { personal: false }));
  const months = recentMonths(new Date());
  const asked = monthSchema.safeParse(query.month);
  const month = asked.success && months.includes(asked.data) ? asked.data : months[0]!;
  const rows = await monthlyRanking(db, community.path, month);
  return { props: { community: { id: community.id, name: community.name }, months, month, rows } };
};

export default function RankingPage({ community, months, month, rows }: Props) {
  return (
    <main className="mx-auto min-h-dvh max-w-lg px-4 pb-12 pt-5">
      <PublicHead title="志愿积分榜" noIndex />
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 志愿服务
      </p>
      <h1 className="mt-1 text-2xl font-bold text-stone-900">{community.name}志愿积分榜</h1>
      <nav aria-label="月份" className="mt-3 flex flex-wrap gap-2">
        {months.map((m) => (
          <a
            key={m}
            href={`/volunteer/${community.id}/ranking?month=${m}`}
            aria-current={m === month ? 'page' : undefined}
            className={`inline-flex min-h-11 items-center rounded-lg border px-3 text-sm ${m === month ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-400 bg-white'}`}
          >
            {Number(m.slice(5))}月
          </a>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="mt-6 text-stone-700">本月还没有积分记录。</p>
      ) : (
        <ol className="mt-5 divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white" aria-label={`${month} 积分榜`}>
          {rows.map((r, i) => (
            <li key={i} className="flex items-center justify-between gap-3 px-4 py-3">
              <span>
                <span className="mr-2 inline-block w-7 text-right font-semibold text-brand-700">{r.rank}</span>
                {r.label}
              </span>
              <span className="font-semibold">{r.points} 分</span>
            </li>
          ))}
        </ol>
      )}
      <p className="mt-4">
        <a href={`/volunteer/${community.id}`} className="inline-flex min-h-11 items-center text-blue-800 underline">
          ← 报名参加志愿活动
        </a>
      </p>
    </main>
  );
}
