import type { Metadata } from 'next';
import { LimitForm } from '@/components/admin/limit-form';
import { PageHeader } from '@/components/ui/page-header';
import { getDb } from '@/db/client';
import { listCategoriesWithLimits } from '@/lib/admin/queries';
import { requireUser } from '@/lib/auth/current-user';
import { DEFAULT_LIMITS } from '@/lib/cases/due';
import { URGENCY_LABELS } from '@/lib/cases/labels';

export const metadata: Metadata = { title: '办理时限' };

export default async function TimeLimitsPage() {
  await requireUser(['admin']);
  const rows = listCategoriesWithLimits(getDb());
  return (
    <>
      <PageHeader title="办理时限" subtitle="每类事项按紧急程度设置受理与办结时限；修改后对之后开始计时的环节生效" />
      <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-stone-300 text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2">分类</th>
              <th scope="col" className="px-3 py-2">{URGENCY_LABELS.normal}</th>
              <th scope="col" className="px-3 py-2">{URGENCY_LABELS.urgent}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-200">
            {rows.map((c) => (
              <tr key={c.id}>
                <th scope="row" className="px-3 py-2 font-medium">
                  {c.name}
                  <span className="block text-xs font-normal text-stone-600">{c.group}</span>
                </th>
                {(['normal', 'urgent'] as const).map((u) => {
                  const l = c.limits.find((x) => x.urgency === u) ?? DEFAULT_LIMITS[u];
                  return (
                    <td key={u} className="px-3 py-2">
                      <LimitForm categoryId={c.id} urgency={u} label={`${c.name} ${URGENCY_LABELS[u]}`} acceptHours={l.acceptHours} resolveHours={l.resolveHours} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
