import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { maskPhone } from '@/lib/auth/scope';
import { PARTY_MEMBER_KIND_LABELS } from '@/lib/org/labels';
import { listPartyMembers, partyMemberListSchema } from '@/lib/registry/party-members';

export const metadata: Metadata = { title: '党员管理' };

const inputClass = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-3 text-base';

/** The community's registered party members (在职党员 and 流动党员), by the building they serve. */
export default async function PartyMembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser(['admin', 'secretary']);
  const filter = partyMemberListSchema.parse(await searchParams);
  const { items, hasMore } = await listPartyMembers(appStore().db, user.scope, filter);
  return (
    <>
      <PageHeader title="党员管理" subtitle="在职党员报到、流动党员、组织关系转出与党员中心户">
        <Link href="/party-members/new" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
          党员报到登记
        </Link>
      </PageHeader>
      <form role="search" action="/party-members" className="mb-4 grid gap-3 sm:grid-cols-4 sm:items-end">
        <label className="text-sm font-medium">
          姓名或手机尾号
          <input name="q" defaultValue={filter.q ?? ''} maxLength={20} className={inputClass} />
        </label>
        <label className="text-sm font-medium">
          类别
          <select name="kind" defaultValue={filter.kind ?? ''} className={inputClass}>
            <option value="">全部</option>
            <option value="in_service">在职党员</option>
            <option value="floating">流动党员</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          状态
          <select name="status" defaultValue={filter.status ?? 'active'} className={inputClass}>
            <option value="active">在册</option>
            <option value="transferred_out">已转出</option>
          </select>
        </label>
        <button type="submit" className="min-h-11 rounded-lg bg-stone-800 px-4 font-semibold text-white hover:bg-stone-900">
          查找
        </button>
      </form>
      <Section title={`党员（${items.length}${hasMore ? '+' : ''}）`} id="members">
        {items.length === 0 ? (
          <p className="text-sm text-stone-600">没有符合条件的党员。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {items.map((m) => (
              <li key={m.id}>
                <Link href={`/party-members/${m.id}`} className="flex min-h-12 flex-wrap items-center justify-between gap-2 py-2 hover:bg-stone-50">
                  <span>
                    <span className="font-medium">{m.name}</span>
                    <span className="ml-2 text-sm text-stone-600">
                      {PARTY_MEMBER_KIND_LABELS[m.kind]} · {m.servesLabel}
                      {m.unitName ? ` · ${m.unitName}` : m.workplace ? ` · ${m.workplace}` : ''}
                    </span>
                    {m.centralId && <span className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs text-white">党员中心户</span>}
                  </span>
                  <span className="text-sm tabular-nums text-stone-700">{maskPhone(m.phone)}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {hasMore && <p className="mt-2 text-sm text-stone-600">只显示前 200 名，请用姓名或类别缩小范围。</p>}
      </Section>
    </>
  );
}
