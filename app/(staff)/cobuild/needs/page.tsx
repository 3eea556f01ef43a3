import type { Metadata } from 'next';
import Link from 'next/link';
import { NeedForm } from '@/components/cobuild/forms';
import { CobuildTabs } from '@/components/cobuild/tabs';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { communitiesOf } from '@/lib/cobuild/access';
import { gatherableRequests, listNeeds, NEED_SOURCE_LABELS } from '@/lib/cobuild/needs';

export const metadata: Metadata = { title: '需求清单' };

/** 需求清单 of the reader's communities, and a new need (the secretary's own, or gathering residents' requests). */
export default async function NeedsPage() {
  const user = await requireUser(['admin', 'secretary']);
  const db = appStore().db;
  const [needs, communities] = await Promise.all([listNeeds(db, user), communitiesOf(db, user.scope)]);
  // The picker of requests only for a single community: a township's would mix places.
  const candidates = communities.length === 1 ? await gatherableRequests(db, communities[0]!.path) : [];
  return (
    <>
      <PageHeader title="需求清单" subtitle="社区梳理、居民诉求和联席议事形成的需求；一项需求可归集多件居民诉求" />
      <CobuildTabs current="/cobuild/needs" />
      {/* The list is what one comes for; the form (with its long list of requests to gather) follows it. */}
      <p className="-mt-1 mb-4">
        <a href="#new-need" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800">
          ＋ 新增需求
        </a>
      </p>
      <Section title={`需求（${needs.length}）`} id="needs">
        {needs.length === 0 ? (
          <p className="text-sm text-stone-600">还没有需求。在下方新增需求，或在联席议事中记录会议形成的需求。</p>
        ) : (
          <ul className="space-y-2">
            {needs.map((n) => (
              <li key={n.id} className="rounded-lg border border-stone-200 p-3">
                <Link prefetch={false} href={`/cobuild/needs/${n.id}`} className="font-medium text-blue-800 underline">
                  {n.title}
                </Link>
                {!n.active && <span className="ml-2 rounded bg-stone-600 px-1.5 py-0.5 text-xs text-white">已撤销</span>}
                <p className="mt-1 text-sm text-stone-700">
                  {n.communityName} · {NEED_SOURCE_LABELS[n.source]} · 归集诉求 {n.requestCount} 件 · {n.projectCount > 0 ? `项目 ${n.projectCount} 个` : '尚未立项'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="新增需求" id="new-need">
        <NeedForm communities={communities.map((c) => ({ value: String(c.id), label: c.name }))} candidates={candidates.map((c) => ({ number: c.number, description: c.description }))} />
      </Section>
    </>
  );
}
