import type { Metadata } from 'next';
import Link from 'next/link';
import { CountInline, CountStats } from '@/components/org/count-stats';
import { RetiredBadge } from '@/components/org/retired-badge';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { CARE_TAGS } from '@/db/schema';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { countCasesSince } from '@/lib/cases/queries';
import { chinaDayStart, SAVED_VIEWS } from '@/lib/desk/filters';
import { savedViewCounts } from '@/lib/desk/queue';
import { formatBoundedCount } from '@/lib/cases/case-list';
import { countCareTags } from '@/lib/org/care';
import { CARE_TAG_LABELS } from '@/lib/org/labels';
import { getOrgTree, type OrgTreeNode } from '@/lib/org/queries';
import { VisitCoverageSection } from '@/components/visits/coverage-tables';
import { visitCoverage } from '@/lib/visits/coverage';

export const metadata: Metadata = { title: '书记工作台' };

/** Every grid below the given roots, in tree order. */
function gridsOf(nodes: OrgTreeNode[]): OrgTreeNode[] {
  return nodes.flatMap((n) => (n.kind === 'grid' ? [n] : gridsOf(n.children)));
}

// Its links are not prefetched: each would fetch only a route outline (see components/shell/bottom-tabs.tsx).
export default async function DeskHome() {
  const user = await requireUser(['secretary']);
  const db = appStore().db;
  const now = new Date();
  const viewer = actorFromUser(user);
  const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  // Side by side: on PostgreSQL each read runs on a connection of its own, at once (SQLite runs them in turn).
  const [roots, care, views, newToday, coverage] = await Promise.all([
    getOrgTree(db, user.scope),
    countCareTags(db, user.scope),
    savedViewCounts(db, viewer, {}, now),
    countCasesSince(db, viewer, chinaDayStart(today)),
    visitCoverage(db, user.scope, now),
  ]);
  const grids = gridsOf(roots);
  return (
    <>
      <PageHeader title="书记工作台" subtitle={user.scopeNodes.map((n) => n.name).join('、')}>
        <Link prefetch={false} href="/org" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
          浏览组织架构
        </Link>
      </PageHeader>
      <Section title="今日工作" id="today">
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
          {SAVED_VIEWS.map((v) => (
            <li key={v.key}>
              <Link
                prefetch={false}
                href={`/desk/cases?view=${v.key}`}
                className={`flex min-h-20 flex-col justify-center rounded-lg border px-3 py-2 hover:bg-stone-50 ${v.key === 'overdue' && views.overdue.n > 0 ? 'border-red-300 bg-red-50' : 'border-stone-300 bg-white'}`}
              >
                <span className="text-sm text-stone-700">{v.label}</span>
                <span className="text-2xl font-semibold tabular-nums">
                  {formatBoundedCount(views[v.key])}
                  <span className="ml-1 text-sm font-normal text-stone-700">件</span>
                </span>
              </Link>
            </li>
          ))}
          <li>
            <Link
              prefetch={false}
              href={`/desk/cases?from=${today}`}
              className="flex min-h-20 flex-col justify-center rounded-lg border border-stone-300 bg-white px-3 py-2 hover:bg-stone-50"
            >
              <span className="text-sm text-stone-700">今日新增</span>
              <span className="text-2xl font-semibold tabular-nums">
                {newToday.toLocaleString('zh-CN')}
                <span className="ml-1 text-sm font-normal text-stone-700">件</span>
              </span>
            </Link>
          </li>
        </ul>
        <p className="mt-3 text-sm">
          <Link prefetch={false} href="/desk/cases" className="text-blue-800 underline underline-offset-2">
            打开事项队列
          </Link>
          ，按状态、网格、分类等筛选，或批量受理、派单、督办。
        </p>
      </Section>
      {roots.map((r) => (
        <div key={r.id} className="mb-6">
          <CountStats counts={r.counts} />
        </div>
      ))}
      <Section title="关爱对象" id="care">
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
          {CARE_TAGS.map((t) => (
            <div key={t} className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2">
              <dt className="text-xs text-amber-900">{CARE_TAG_LABELS[t]}</dt>
              <dd className="text-lg font-semibold tabular-nums">{care[t].toLocaleString('zh-CN')} 户</dd>
            </div>
          ))}
        </dl>
      </Section>
      <VisitCoverageSection coverage={coverage} />
      <Section title={`网格（${grids.length}）`} id="grids">
        {grids.length === 0 && (
          <p className="text-stone-700">
            还没有网格。网格和楼栋建立、住户台账导入之后，这里会列出每个网格的住户、党员和关爱对象。可以先在
            <Link href="/admin/accounts" className="mx-1 text-blue-800 underline underline-offset-2">
              账号管理
            </Link>
            中为网格员开通账号。
          </p>
        )}
        <ul className="divide-y divide-stone-200">
          {grids.map((g) => (
            <li key={g.id} className="py-2">
              <Link prefetch={false} href={`/org/${g.id}`} className="flex min-h-11 flex-col justify-center rounded px-1 hover:bg-stone-50">
                <span className="font-medium text-blue-800">
                  {g.name}
                  {g.retired && (
                    <span className="ml-2">
                      <RetiredBadge />
                    </span>
                  )}
                  <span className="ml-2 text-xs font-normal text-stone-700">网格员：{g.gridWorkers.map((w) => w.name).join('、') || '未配备'}</span>
                </span>
                <CountInline counts={g.counts} keys={['buildings', 'households', 'residents', 'partyMembers', 'centralHouseholds', 'careHouseholds']} />
              </Link>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
