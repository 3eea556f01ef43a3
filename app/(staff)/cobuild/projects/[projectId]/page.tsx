import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProjectStepForm, type StepSpec } from '@/components/cobuild/forms';
import { CobuildTabs, StatusBadge } from '@/components/cobuild/tabs';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { isDesk } from '@/lib/cobuild/access';
import { meetingsOfCommunity } from '@/lib/cobuild/meetings';
import { getProject } from '@/lib/cobuild/projects';
import { allowedSteps, isProjectOverdue, PROJECT_STATUS_LABELS, PROJECT_STEP_LABELS, type ProjectAction } from '@/lib/cobuild/rules';
import { formatDateTime, formatDay } from '@/lib/format/datetime';
import { chinaDay } from '@/lib/stats/period';
import { idParamSchema } from '@/lib/org/schemas';

export const metadata: Metadata = { title: '共建项目' };

const STEP_SPECS: Record<ProjectAction, StepSpec> = {
  progress: { action: 'progress', label: '报告进展', note: 'required', photos: true, tone: 'primary' },
  report_done: { action: 'report_done', label: '报告完成', note: 'required', photos: true, tone: 'default', hint: '报告后由社区书记确认完成。' },
  confirm: { action: 'confirm', label: '确认完成', note: 'optional', photos: false, tone: 'primary', hint: '确认后，归集到此需求的诉求居民可在办理进度页看到项目已完成。' },
  start: { action: 'start', label: '启动项目', note: 'optional', photos: false, tone: 'default' },
  shelve: { action: 'shelve', label: '搁置项目', note: 'required', photos: false, tone: 'danger' },
  resume: { action: 'resume', label: '恢复推进', note: 'optional', photos: false, tone: 'default' },
  reopen: { action: 'reopen', label: '撤销完成', note: 'required', photos: false, tone: 'danger' },
};

/** A project: what, who, by when, its timeline with photos, and the steps the reader may take now. */
export default async function ProjectPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<{ done?: string }> }) {
  const user = await requireUser(['admin', 'secretary', 'unit_liaison']);
  const id = idParamSchema.safeParse((await params).projectId);
  if (!id.success) notFound();
  const db = appStore().db;
  // Another unit's project, or one outside the secretary's scope: the same "not found" as a missing one.
  const project = await getProject(db, user, id.data);
  if (!project) notFound();
  // The unit has reported it done: confirming is what the secretary came for, so it comes first.
  const steps = allowedSteps(project, user).sort((a, b) => Number(b === 'confirm' && project.doneReportedAt !== null) - Number(a === 'confirm' && project.doneReportedAt !== null));
  const desk = isDesk(user.role);
  const meetings = desk ? (await meetingsOfCommunity(db, project.communityId)).map((m) => ({ value: String(m.id), label: `${m.heldOn} 联席议事` })) : undefined;
  const done = (await searchParams).done as ProjectAction | 'create' | undefined;
  return (
    <>
      <PageHeader title={project.title} subtitle={`${project.communityName} · 需求「${project.needTitle}」`} />
      {desk ? (
        <CobuildTabs current="/cobuild" />
      ) : (
        <p className="-mt-2 mb-4">
          <Link prefetch={false} href="/unit#projects" className="inline-flex min-h-11 items-center text-blue-800 underline">
            ← 本单位项目
          </Link>
        </p>
      )}
      {done && done in PROJECT_STEP_LABELS && (
        <p role="status" className="mb-4 rounded-lg border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
          已{PROJECT_STEP_LABELS[done]}。
        </p>
      )}
      <Section title="项目情况" id="project">
        <p className="mb-2">
          <StatusBadge status={project.status} reported={project.doneReportedAt !== null} />
          <span className="sr-only">状态：{PROJECT_STATUS_LABELS[project.status]}</span>
        </p>
        {project.description && <p className="mb-3 whitespace-pre-line">{project.description}</p>}
        <dl className="grid grid-cols-[6rem_1fr] gap-y-2 text-sm">
          <dt className="text-stone-600">牵头单位</dt>
          <dd>{project.ownerName}</dd>
          {project.partners.length > 0 && (
            <>
              <dt className="text-stone-600">参与单位</dt>
              <dd>{project.partners.map((p) => p.name).join('、')}</dd>
            </>
          )}
          <dt className="text-stone-600">联系人</dt>
          <dd>
            {project.contactName ?? '—'} {project.contactPhone && <a href={`tel:${project.contactPhone}`} className="text-blue-800 underline">{project.contactPhone}</a>}
          </dd>
          <dt className="text-stone-600">计划完成</dt>
          <dd>
            {project.targetDate ? formatDay(project.targetDate) : '—'}
            {isProjectOverdue(project, chinaDay(new Date())) && <strong className="ml-2 text-red-800">已逾期</strong>}
          </dd>
          {project.confirmedAt && (
            <>
              <dt className="text-stone-600">确认完成</dt>
              <dd>{formatDateTime(project.confirmedAt)}</dd>
            </>
          )}
        </dl>
      </Section>
      {steps.length > 0 && (
        <Section title="办理" id="steps">
          {/* Each step under its own heading: three forms with a 说明 each read as one otherwise. */}
          <div className="divide-y divide-stone-200">
            {steps.map((s) => (
              <div key={s} className="py-4 first:pt-0 last:pb-0">
                <h3 className="mb-2 font-semibold">{STEP_SPECS[s].label}</h3>
                <ProjectStepForm projectId={project.id} version={project.version} spec={STEP_SPECS[s]} meetings={meetings} />
              </div>
            ))}
          </div>
        </Section>
      )}
      <Section title="进展记录" id="timeline">
        <ol className="space-y-3">
          {[...project.updates].reverse().map((u) => (
            <li key={u.id} className="border-l-4 border-stone-200 pl-3">
              <p className="font-medium">
                {PROJECT_STEP_LABELS[u.step]} <span className="font-normal text-stone-600">· {u.actorLabel}</span>
              </p>
              {u.note && <p className="whitespace-pre-line">{u.note}</p>}
              {u.photoIds.length > 0 && (
                <ul className="mt-2 grid grid-cols-3 gap-2">
                  {u.photoIds.map((pid, i) => (
                    <li key={pid}>
                      <a href={`/api/project-photos/${pid}`} target="_blank" rel="noreferrer">
                        {/* eslint-disable-next-line @next/next/no-img-element -- a private photo behind the viewer's session */}
                        <img src={`/api/project-photos/${pid}`} alt={`${PROJECT_STEP_LABELS[u.step]}照片 ${i + 1}`} className="aspect-square w-full rounded-lg border border-stone-300 object-cover" />
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              <time dateTime={u.at.toISOString()} className="text-sm text-stone-600">
                {formatDateTime(u.at)}
              </time>
            </li>
          ))}
        </ol>
      </Section>
    </>
  );
}
