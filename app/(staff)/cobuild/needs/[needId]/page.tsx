import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { GatherForm, NeedEditForm, ProjectForm } from '@/components/cobuild/forms';
import { CobuildTabs, StatusBadge } from '@/components/cobuild/tabs';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { STATUS_LABELS } from '@/lib/cases/labels';
import { unitsServing } from '@/lib/cobuild/access';
import { meetingsOfCommunity } from '@/lib/cobuild/meetings';
import { gatherableRequests, NEED_SOURCE_LABELS, needInScope, needRequests } from '@/lib/cobuild/needs';
import { projectsOfNeeds } from '@/lib/cobuild/projects';
import { isProjectOverdue } from '@/lib/cobuild/rules';
import { formatDay } from '@/lib/format/datetime';
import { chinaDay } from '@/lib/stats/period';
import { idParamSchema } from '@/lib/org/schemas';

export const metadata: Metadata = { title: '需求' };

/** One need: the requests it gathers, its projects, and the forms to gather more, open a project, or edit it. */
export default async function NeedPage({ params, searchParams }: { params: Promise<{ needId: string }>; searchParams: Promise<{ done?: string }> }) {
  const user = await requireUser(['admin', 'secretary']);
  const id = idParamSchema.safeParse((await params).needId);
  if (!id.success) notFound();
  const db = appStore().db;
  const found = await needInScope(db, user, id.data);
  if (!found) notFound();
  const { need, community } = found;
  const [requests, projects, candidates, units, meetings] = await Promise.all([
    needRequests(db, need.id),
    projectsOfNeeds(db, [need.id]),
    gatherableRequests(db, community.path),
    unitsServing(db, community.path),
    meetingsOfCommunity(db, community.id),
  ]);
  const done = (await searchParams).done;
  return (
    <>
      <PageHeader title={need.title} subtitle={`${community.name} · ${NEED_SOURCE_LABELS[need.source]}${need.active ? '' : ' · 已撤销'}`} />
      <CobuildTabs current="/cobuild/needs" />
      {done === 'created' && (
        <p role="status" className="mb-4 rounded-lg border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          已新增需求。
        </p>
      )}
      {need.description && <p className="mb-4 whitespace-pre-line text-base">{need.description}</p>}
      <Section title={`对应项目（${projects.length}）`} id="projects">
        {projects.length === 0 ? (
          <p className="text-sm text-stone-600">尚未立项。</p>
        ) : (
          <ul className="space-y-2">
            {projects.map((p) => (
              <li key={p.id} className="rounded-lg border border-stone-200 p-3">
                <Link prefetch={false} href={`/cobuild/projects/${p.id}`} className="font-medium text-blue-800 underline">
                  {p.title}
                </Link>{' '}
                <StatusBadge status={p.status} reported={p.doneReportedAt !== null} />
                <p className="mt-1 text-sm text-stone-700">
                  牵头：{p.ownerName}
                  {p.targetDate && ` · 计划 ${formatDay(p.targetDate)} 完成`}
                  {isProjectOverdue(p, chinaDay(new Date())) && <strong className="ml-1 text-red-800">已逾期</strong>}
                </p>
              </li>
            ))}
          </ul>
        )}
        {need.active && (
          <details className="mt-3">
            <summary className="min-h-11 cursor-pointer py-2 font-medium text-blue-800">为此需求立项</summary>
            <div className="mt-2">
              <ProjectForm
                needId={need.id}
                units={units.map((u) => ({ value: String(u.id), label: u.name }))}
                meetings={meetings.map((m) => ({ value: String(m.id), label: `${m.heldOn} 联席议事` }))}
              />
            </div>
          </details>
        )}
      </Section>
      <Section title={`归集的居民诉求（${requests.length}）`} id="requests">
        {requests.length === 0 ? (
          <p className="text-sm text-stone-600">还没有归集居民诉求。</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {requests.map((r) => (
              <li key={r.number} className="rounded border border-stone-200 px-3 py-2">
                <Link prefetch={false} href={`/cases/${r.number}`} className="font-mono text-blue-800 underline">
                  {r.number}
                </Link>{' '}
                <span className="text-stone-600">{STATUS_LABELS[r.status]}</span>
                <span className="block">{r.description}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-2 text-sm text-stone-600">项目确认完成后，这些诉求的居民在办理进度页上可以看到。</p>
        {need.active && (
          <details className="mt-3">
            <summary className="min-h-11 cursor-pointer py-2 font-medium text-blue-800">归集更多诉求</summary>
            <div className="mt-2">
              <GatherForm needId={need.id} candidates={candidates.map((c) => ({ number: c.number, description: c.description }))} />
            </div>
          </details>
        )}
      </Section>
      <Section title="修改需求" id="edit">
        <NeedEditForm need={need} />
      </Section>
    </>
  );
}
