import type { Metadata } from 'next';
import Link from 'next/link';
import { CountStats } from '@/components/org/count-stats';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { getDb } from '@/db/client';
import { listAccounts, listCategoriesWithLimits } from '@/lib/admin/queries';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { maskPhone } from '@/lib/auth/scope';
import { getOrgTree } from '@/lib/org/queries';

export const metadata: Metadata = { title: '系统概览' };

export default async function AdminHome() {
  const user = await requireUser(['admin']);
  const db = getDb();
  const roots = getOrgTree(db, user.scope);
  const accountRows = listAccounts(db);
  const categoryRows = listCategoriesWithLimits(db);
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
      <Section title={`账号（${accountRows.length}）`} id="accounts">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-stone-300 text-stone-600">
              <tr>
                <th scope="col" className="py-2 pr-3">账号</th>
                <th scope="col" className="py-2 pr-3">姓名</th>
                <th scope="col" className="py-2 pr-3">角色</th>
                <th scope="col" className="py-2 pr-3">管辖范围 / 单位</th>
                <th scope="col" className="py-2 pr-3">手机</th>
                <th scope="col" className="py-2">状态</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {accountRows.map((a) => (
                <tr key={a.id}>
                  <td className="py-2 pr-3 font-mono">{a.username}</td>
                  <td className="py-2 pr-3">{a.displayName}</td>
                  <td className="py-2 pr-3">{ROLE_LABELS[a.role]}</td>
                  <td className="py-2 pr-3">{[a.unitName, a.scopeNames].filter(Boolean).join(' · ')}</td>
                  <td className="py-2 pr-3 tabular-nums">{maskPhone(a.phone)}</td>
                  <td className="py-2">{a.active ? '启用' : '停用'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
