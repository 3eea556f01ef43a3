import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { CountStats } from '@/components/org/count-stats';
import { OrgTree } from '@/components/org/org-tree';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { ORG_BROWSER_ROLES } from '@/lib/auth/roles';
import { getOrgTree } from '@/lib/org/queries';

export const metadata: Metadata = { title: '组织架构' };

export default async function OrgBrowserPage() {
  const user = await requireUser(ORG_BROWSER_ROLES);
  const roots = await getOrgTree(appStore().db, user.scope);
  return (
    <>
      <PageHeader title="组织架构" subtitle="社区党总支 — 小区党支部 — 楼栋党小组 — 党员中心户" />
      {roots.map((root) => (
        <section key={root.id} aria-label={root.name} className="mb-6 space-y-4">
          <CountStats counts={root.counts} />
          {root.counts.grids === 0 && (
            <p className="rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
              {root.name}还没有网格。打开下面的社区，建立网格和楼栋，或导入住户台账；之后这里会显示各级的住户、居民和党员人数。
            </p>
          )}
          <div className="rounded-xl border border-stone-200 bg-white p-2 shadow-sm sm:p-4">
            <OrgTree nodes={[root]} />
          </div>
        </section>
      ))}
    </>
  );
}
