import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { CaseList } from '@/components/cases/case-list';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { CASE_SOURCES, CASE_STATUSES } from '@/db/schema';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { SOURCE_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import { listCases } from '@/lib/cases/queries';
import { routingOptions } from '@/lib/cases/routing';
import { caseListQuerySchema, caseNumberSchema } from '@/lib/cases/schemas';
import { getOrgTree, type OrgTreeNode } from '@/lib/org/queries';

export const metadata: Metadata = { title: '事项' };

function gridsOf(nodes: OrgTreeNode[]): OrgTreeNode[] {
  return nodes.flatMap((n) => (n.kind === 'grid' ? [n] : gridsOf(n.children)));
}

type Search = Record<string, string | string[] | undefined>;

function pageHref(search: Search, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) {
    if (k === 'page' || v === undefined) continue;
    for (const value of Array.isArray(v) ? v : [v]) if (value) params.append(k, value);
  }
  params.set('page', String(page));
  return `/desk/cases?${params}`;
}

/** The secretary's case list: every request in the community, filtered through the URL. */
export default async function DeskCasesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser(['secretary', 'admin']);
  const search = await searchParams;
  if (typeof search.number === 'string' && search.number) {
    const number = caseNumberSchema.safeParse(search.number.trim().toUpperCase());
    if (number.success) redirect(`/cases/${number.data}`);
  }
  const parsed = caseListQuerySchema.safeParse(search);
  const query = parsed.success ? parsed.data : caseListQuerySchema.parse({});
  const db = getDb();
  const now = new Date();
  const result = listCases(db, actorFromUser(user), query, now);
  const grids = gridsOf(getOrgTree(db, user.scope));
  const categories = routingOptions(db, user.scope.paths[0] ?? '/').categories;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const select = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-2 py-2';

  return (
    <>
      <PageHeader title="事项" subtitle={`共 ${result.total.toLocaleString('zh-CN')} 件`}>
        <form action="/desk/cases" role="search" className="flex gap-2">
          <label htmlFor="number" className="sr-only">
            按编号查找
          </label>
          <input id="number" name="number" placeholder="事项编号 YH…" className="min-h-11 w-44 rounded-lg border border-stone-400 bg-white px-3" />
          <button type="submit" className="min-h-11 rounded-lg bg-stone-800 px-3 text-white">
            查找
          </button>
        </form>
      </PageHeader>
      {!parsed.success && (
        <p role="alert" className="mb-3 text-sm text-red-700">
          筛选条件无效，已显示全部事项。
        </p>
      )}
      <form action="/desk/cases" className="mb-4 grid grid-cols-2 gap-3 rounded-xl border border-stone-200 bg-white p-3 sm:grid-cols-3 lg:grid-cols-6">
        <label className="text-sm">
          状态
          <select name="status" defaultValue={query.status?.[0] ?? ''} className={select}>
            <option value="">全部</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          网格
          <select name="gridId" defaultValue={query.gridId ?? ''} className={select}>
            <option value="">全部</option>
            {grids.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          分类
          <select name="categoryId" defaultValue={query.categoryId ?? ''} className={select}>
            <option value="">全部</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          来源
          <select name="source" defaultValue={query.source ?? ''} className={select}>
            <option value="">全部</option>
            {CASE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {SOURCE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="flex flex-col justify-end gap-1 text-sm">
          <legend className="sr-only">标记</legend>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="overdue" value="1" defaultChecked={query.overdue === true} /> 只看超期
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="supervised" value="1" defaultChecked={query.supervised === true} /> 只看督办
          </label>
        </fieldset>
        <div className="flex items-end">
          <button type="submit" className="min-h-11 w-full rounded-lg bg-brand-700 px-4 font-semibold text-white">
            筛选
          </button>
        </div>
      </form>
      <div className="rounded-xl border border-stone-200 bg-white p-3">
        <CaseList items={result.items} now={now} empty="没有符合条件的事项" />
      </div>
      <nav aria-label="分页" className="mt-4 flex items-center justify-between text-sm">
        {query.page > 1 ? (
          <Link href={pageHref(search, query.page - 1)} className="min-h-11 rounded-lg border border-stone-400 bg-white px-4 py-2">
            上一页
          </Link>
        ) : (
          <span />
        )}
        <span>
          第 {query.page} / {pages} 页
        </span>
        {query.page < pages ? (
          <Link href={pageHref(search, query.page + 1)} className="min-h-11 rounded-lg border border-stone-400 bg-white px-4 py-2">
            下一页
          </Link>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}
