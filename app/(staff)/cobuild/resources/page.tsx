import type { Metadata } from 'next';
import { ResourceActiveForm, ResourceForm } from '@/components/cobuild/forms';
import { CobuildTabs } from '@/components/cobuild/tabs';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { isDesk } from '@/lib/cobuild/access';
import { listResources, RESOURCE_KIND_LABELS } from '@/lib/cobuild/resources';

export const metadata: Metadata = { title: '资源清单' };

/** 资源清单: what each unit offers (服务/人员/场地/资金); a liaison keeps their own unit's, a secretary their co-building units'. */
export default async function ResourcesPage() {
  const user = await requireUser(['admin', 'secretary', 'unit_liaison']);
  const unitsWithResources = await listResources(appStore().db, user);
  return (
    <>
      <PageHeader title="资源清单" subtitle="共建单位可为社区提供的服务、人员、场地和资金；不再提供的资源停用即可，记录保留" />
      {isDesk(user.role) && <CobuildTabs current="/cobuild/resources" />}
      {unitsWithResources.length === 0 && <p className="text-sm text-stone-600">暂无共建单位。</p>}
      {unitsWithResources.map((u) => (
        <Section key={u.id} title={u.name} id={`unit-${u.id}`}>
          <p className="mb-2 text-sm text-stone-600">共建社区：{u.nodeName}</p>
          {u.resources.length === 0 ? (
            <p className="text-sm text-stone-600">尚未登记资源。</p>
          ) : (
            <ul className="space-y-2">
              {u.resources.map((r) => (
                <li key={r.id} className="rounded-lg border border-stone-200 p-3" aria-label={r.description}>
                  <p className="font-medium">
                    <span className="mr-2 rounded bg-stone-100 px-1.5 py-0.5 text-xs">{RESOURCE_KIND_LABELS[r.kind]}</span>
                    {r.description}
                    {!r.active && <span className="ml-2 rounded bg-stone-600 px-1.5 py-0.5 text-xs text-white">已停用</span>}
                  </p>
                  <p className="mt-1 text-sm text-stone-700">可提供：{r.availability}</p>
                  {u.editable && (
                    <details className="mt-2">
                      <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium text-blue-800">编辑此资源</summary>
                      <div className="mt-2 space-y-3">
                        <ResourceForm unitId={u.id} resource={r} />
                        <ResourceActiveForm resourceId={r.id} active={r.active} />
                      </div>
                    </details>
                  )}
                </li>
              ))}
            </ul>
          )}
          {u.editable && (
            <details className="mt-3" open={u.resources.length === 0}>
              <summary className="min-h-11 cursor-pointer py-2 font-medium text-blue-800">为{u.name}添加资源</summary>
              <div className="mt-2">
                <ResourceForm unitId={u.id} />
              </div>
            </details>
          )}
        </Section>
      ))}
    </>
  );
}
