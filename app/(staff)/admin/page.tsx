import type { Metadata } from 'next';
import Link from 'next/link';
import { CountStats } from '@/components/org/count-stats';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { listCategoriesWithLimits } from '@/lib/admin/queries';
import { ROLES } from '@/db/schema';
import { accountCountsByRole } from '@/lib/registry/accounts';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getOrgTree } from '@/lib/org/queries';

export const metadata: Metadata = { title: '系统概览' };

export default async function AdminHome() {
  const user = await requireUser(['admin']);
  const roots = await getOrgTree(appStore().db, user.scope);
  const accountCounts = await accountCountsByRole(appStore().db, user);
  const categoryRows = await listCategoriesWithLimits(appStore().db);
  return (
    <>
      <PageHeader title="系统概览" subtitle="组织架构、账号与事项分类">
        <Link href="/org" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
          浏览组织架构
        </Link>
      </PageHeader>
      {roots.map((r) => (
        <Section key={r.id} title={r.name} id={`root-${r.id}`}>
          <CountStats counts={r.counts} />
        </Section>
      ))}
      {roots.every((r) => r.counts.grids === 0) && (
        <Section title="开始使用" id="getting-started">
          <p className="mb-2 text-stone-700">这里还没有网格。一个社区的日常工作从这几步开始：</p>
          <ol className="list-decimal space-y-1 pl-6 text-stone-800">
            <li>
              在
              <Link href="/org" className="mx-1 text-brand-800 underline">
                组织架构
              </Link>
              中为社区建立网格和楼栋；
            </li>
            <li>录入或导入住户、居民和党员台账；</li>
            <li>
              在
              <Link href="/admin/accounts/new" className="mx-1 text-brand-800 underline">
                账号管理
              </Link>
              中为社区书记和网格员开通账号（系统给出一次性密码）。
            </li>
          </ol>
        </Section>
      )}
      <Section title="账号" id="accounts">
        <ul className="flex flex-wrap gap-2">
          {ROLES.map((role) => (
            <li key={role} className="rounded-lg border border-stone-300 px-3 py-2">
              <span className="text-sm text-stone-700">{ROLE_LABELS[role]}</span>
              <span className="ml-2 text-lg font-semibold tabular-nums">{accountCounts[role] ?? 0}</span>
            </li>
          ))}
        </ul>
        <p className="mt-3 text-sm">
          <Link href="/admin/accounts" className="text-brand-800 underline">
            管理账号
          </Link>
          ：新建、重置密码、停用，调整角色和管辖范围。
        </p>
      </Section>
      <Section title="事项分类与办理时限" id="categories">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-stone-300 text-stone-600">
              <tr>
                <th scope="col" className="py-2 pr-3">分类</th>
                <th scope="col" className="py-2 pr-3">类别</th>
                <th scope="col" className="py-2 pr-3">一般：受理 / 办结</th>
                <th scope="col" className="py-2">紧急：受理 / 办结</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {categoryRows.map((c) => {
                const limit = (u: 'normal' | 'urgent') => {
                  const l = c.limits.find((x) => x.urgency === u);
                  return l ? `${l.acceptHours} 小时 / ${l.resolveHours} 小时` : '—';
                };
                return (
                  <tr key={c.id}>
                    <td className="py-2 pr-3">{c.name}</td>
                    <td className="py-2 pr-3">{c.group}</td>
                    <td className="py-2 pr-3 tabular-nums">{limit('normal')}</td>
                    <td className="py-2 tabular-nums">{limit('urgent')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
    </>
  );
}
