import type { Metadata } from 'next';
import Link from 'next/link';
import { CareTags } from '@/components/org/care-tags';
import { PageHeader } from '@/components/ui/page-header';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import type { HouseholdVisitState } from '@/lib/visits/due';
import { visitPlan } from '@/lib/visits/plan';

export const metadata: Metadata = { title: '今日走访' };

function stateText(h: HouseholdVisitState): string {
  if (h.visitedToday) return '今日已走访';
  if (h.daysSince === null) return '从未走访';
  return h.daysOverdue! > 0 ? `超期 ${h.daysOverdue} 天` : '今日到期';
}

/** 今日走访: the worker's due households, grouped by building, nearest first; one tap opens the visit form. */
export default async function VisitPlanPage() {
  const user = await requireUser(['grid_worker']);
  const plan = await visitPlan(appStore().db, user);

  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title="今日走访" subtitle={`待走访 ${plan.due} 户 · 今日已走访 ${plan.visitedToday} 户`} />
      <p className="mb-4 text-sm text-stone-600">
        {plan.anchor ? `从您上次走访的${plan.anchor.name}起，按楼栋顺序由近及远排列。` : '按楼栋顺序排列。'}
        走访周期：独居、80岁以上每周，特困、残疾每两周，其他住户每年（以管理员设置为准）。
      </p>
      {plan.places.length === 0 && <p className="rounded-xl border border-stone-200 bg-white p-4 text-stone-700">今天没有需要走访的住户，辛苦了！</p>}
      {plan.places.map((place) => (
        <section key={place.nodeId} aria-labelledby={`place-${place.nodeId}`} className="mb-4 rounded-xl border border-stone-200 bg-white px-3 py-2 shadow-sm">
          <h2 id={`place-${place.nodeId}`} className="py-1 text-base font-semibold">
            {place.name === place.gridName ? place.name : `${place.gridName} ${place.name}`}
            {place.isAnchor && <span className="ml-2 text-xs font-normal text-stone-600">（上次走访所在）</span>}
          </h2>
          <ul className="divide-y divide-stone-200">
            {place.households.map((h) => (
              <li key={h.householdId} data-testid="visit-plan-item">
                <Link href={`/work/visits/${h.householdId}`} className="flex min-h-14 items-center justify-between gap-3 py-2">
                  <span className="min-w-0">
                    <span className="block font-medium">{h.address}</span>
                    <span className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-stone-600">
                      <CareTags tags={h.tags} />
                      <span>每 {h.intervalDays} 天{h.daysSince !== null && !h.visitedToday ? ` · 上次 ${h.daysSince} 天前` : ''}</span>
                    </span>
                  </span>
                  <span
                    className={`shrink-0 rounded-full px-2 py-1 text-sm font-semibold ${
                      h.visitedToday ? 'bg-green-100 text-green-900' : h.daysOverdue ? 'bg-red-50 text-red-900' : 'bg-amber-50 text-amber-900'
                    }`}
                  >
                    {h.visitedToday && <span aria-hidden="true">✓ </span>}
                    {stateText(h)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
