import type { Metadata } from 'next';
import Link from 'next/link';
import { CountInline } from '@/components/org/count-stats';
import { RetiredBadge } from '@/components/org/retired-badge';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { getOrgTree } from '@/lib/org/queries';
import { householdSearchSchema, searchHouseholds } from '@/lib/org/search';

export const metadata: Metadata = { title: '我的网格' };

export default async function MyGridsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['grid_worker']);
  const db = appStore().db;
  const grids = await getOrgTree(db, user.scope);
  const { q } = await searchParams;
  const search = typeof q === 'string' ? householdSearchSchema.safeParse({ q }) : null;
  const hits = search?.success ? await searchHouseholds(db, user.scope, search.data.q) : null;

  return (
    <>
      <PageHeader title="我的网格" subtitle={grids.map((g) => g.name).join('、')} />
      <form role="search" action="/work/grids" className="mb-5 flex gap-2">
        <label htmlFor="q" className="sr-only">
          查找住户
        </label>
        <input
          id="q"
          name="q"
          defaultValue={typeof q === 'string' ? q : ''}
          placeholder="楼栋房号、姓名或手机尾号"
          maxLength={40}
          enterKeyHint="search"
          className="min-h-12 flex-1 rounded-lg border border-stone-400 bg-white px-3 text-base"
        />
        <button type="submit" className="min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white">
          查找
        </button>
      </form>
      {search && !search.success && (
        <p role="alert" className="mb-4 text-sm text-red-700">
          {search.error.issues[0]?.message}
        </p>
      )}
      {hits && (
        <Section title={`查找结果（${hits.length}）`} id="results">
          {hits.length === 0 ? (
            <p className="text-sm text-stone-600">没有找到匹配的住户。</p>
          ) : (
            <ul className="divide-y divide-stone-200">
              {hits.map((h) => (
                <li key={h.id}>
                  <Link href={`/households/${h.id}`} className="flex min-h-12 items-center justify-between gap-2 py-2">
                    <span className="font-medium">{h.address}</span>
                    <span className="text-sm text-stone-600">{h.size} 人</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {grids.map((grid) => (
        <Section key={grid.id} title={grid.name} id={`grid-${grid.id}`}>
          <p className="mb-3">
            <CountInline counts={grid.counts} keys={['households', 'residents', 'partyMembers', 'centralHouseholds', 'careHouseholds']} />
          </p>
          <p className="mb-3">
            <Link href={`/org/${grid.id}`} className="text-blue-800 underline">
              查看网格详情
            </Link>
          </p>
          {grid.children.length > 0 && (
            <ul className="grid grid-cols-3 gap-2 sm:grid-cols-6">
              {grid.children.map((b) => (
                <li key={b.id}>
                  <Link
                    href={`/org/${b.id}`}
                    className="flex min-h-14 flex-col items-center justify-center rounded-lg border border-stone-300 bg-stone-50 text-center hover:bg-stone-100"
                  >
                    <span className="font-semibold">{b.name}</span>
                    <span className="text-xs text-stone-600">{b.counts.households} 户</span>
                    {b.retired && <RetiredBadge />}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
      ))}
    </>
  );
}
