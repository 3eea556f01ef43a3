import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ProgressStepper } from '@/components/intake/progress-stepper';
import { RatingForm } from '@/components/intake/rating-form';
import { appStore } from '@/db/store';
import { hashToken } from '@/lib/cases/commands';
import { RATING_LABELS, STATUS_LABELS } from '@/lib/cases/labels';
import { isOverdue, OPEN_STATUSES } from '@/lib/cases/lifecycle';
import { RATE_MESSAGES, SIDE_STATE_NOTES, STATUS_EXPLANATIONS } from '@/lib/cases/public-labels';
import { getPublicCaseView, statusTokenSchema, type PublicCaseView } from '@/lib/cases/public-view';
import { projectNoticeForToken, type ProjectNotice } from '@/lib/cobuild/public-notice';
import { formatDateTime } from '@/lib/format/datetime';
import { SupporterStatus } from '@/components/board/supporter-status';
import { getSupporterView, type SupporterView } from '@/lib/board/supports';
import { rateCase, rateSupport } from './actions';

export const metadata: Metadata = {
  title: '办理进度',
  // The URL is the key to this page: keep it out of search engines and out of other sites' Referer headers
  // (same-origin, not no-referrer: the rating form must post with its origin before the scripts arrive).
  robots: { index: false, follow: false },
  referrer: 'same-origin',
};

/** The resident's private status page, reached only through the link they got when submitting. */
export default async function StatusPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!statusTokenSchema.safeParse(token).success) notFound();
  const db = appStore().db;
  const view = await getPublicCaseView(db, hashToken(token));
  if (!view) {
    const support = await getSupporterView(db, hashToken(token));
    if (!support) notFound();
    return <SupporterPage view={support} token={token} />;
  }
  const notice = await projectNoticeForToken(db, hashToken(token));
  // A request merged into another (重复): its resident follows the original as a supporter.
  const merged = view.status === 'duplicate' ? await getSupporterView(db, hashToken(token)) : null;
  const reopened = view.reopenCount > 0 && view.status !== 'resolved' && view.status !== 'closed' && view.rating === 'unsatisfied';

  return (
    <main className="mx-auto min-h-dvh max-w-lg px-4 pb-12 pt-5">
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 办理进度
      </p>
      <h1 className="mt-1 text-lg font-semibold text-stone-700">
        事项编号
        <span className="block select-all font-mono text-2xl font-bold tracking-wide text-stone-900">{view.number}</span>
      </h1>

      <section aria-labelledby="status-heading" className="mt-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
        <h2 id="status-heading" className="text-sm font-medium text-stone-600">
          当前状态
        </h2>
        <p className="mt-1 text-2xl font-bold text-stone-900">
          {STATUS_LABELS[view.status]}
          {reopened && <span className="ml-2 align-middle text-base font-semibold text-purple-800">重新办理</span>}
        </p>
        <p className="mt-1 text-base text-stone-700">{STATUS_EXPLANATIONS[view.status]}</p>
        <Deadline view={view} />
        <dl className="mt-4 grid grid-cols-[5rem_1fr] gap-y-2 text-base">
          <dt className="text-stone-600">地点</dt>
          <dd>{view.placeName}</dd>
          <dt className="text-stone-600">分类</dt>
          <dd>{view.categoryName ?? '待网格员确定'}</dd>
          <dt className="text-stone-600">提交时间</dt>
          <dd>
            <time dateTime={view.createdAt.toISOString()}>{formatDateTime(view.createdAt)}</time>
          </dd>
        </dl>
      </section>

      <Submission view={view} token={token} />

      <Outcome view={view} reopened={reopened} />

      {notice && <CoBuildingNotice notice={notice} />}
      {merged && <SupporterStatus view={merged} token={token} rateAction={rateSupport} heading="原事项的办理进展" />}

      {view.handlerPhotos.length > 0 && (
        <section aria-labelledby="proof-heading" className="mt-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
          <h2 id="proof-heading" className="text-base font-semibold">
            办理照片
          </h2>
          <p className="mt-1 text-sm text-stone-600">办理人员公开给您的现场照片。</p>
          <PhotoList ids={view.handlerPhotos.map((p) => p.id)} token={token} alt={(i) => `${view.handlerPhotos[i]?.step === 'resolve' ? '办结' : '办理进展'}照片 ${i + 1}`} />
        </section>
      )}

      {view.status === 'resolved' && (
        <section aria-labelledby="rate-heading" className="mt-4 rounded-2xl border-2 border-brand-700 bg-white p-4 shadow-sm">
          <h2 id="rate-heading" className="text-lg font-bold">
            评价办理结果
          </h2>
          {view.rateDueAt && (
            <p className="mt-1 text-sm text-stone-600">
              请在 <time dateTime={view.rateDueAt.toISOString()}>{formatDateTime(view.rateDueAt)}</time> 前评价，逾期未评价事项将自动关闭。
            </p>
          )}
          <div className="mt-4">
            <RatingForm action={rateCase} token={token} version={view.version} />
          </div>
        </section>
      )}

      <section aria-labelledby="progress-heading" className="mt-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
        <h2 id="progress-heading" className="mb-4 text-lg font-semibold">
          办理进度
        </h2>
        <ProgressStepper stages={view.stages} status={view.status} statusSince={view.statusSince} reopened={reopened} />
        <details className="mt-2 text-sm text-stone-700">
          <summary className="min-h-11 py-2 font-medium text-blue-800">状态说明</summary>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            <li>{SIDE_STATE_NOTES.rejected}</li>
            <li>{SIDE_STATE_NOTES.duplicate}</li>
            <li>{SIDE_STATE_NOTES.reopened}</li>
          </ul>
        </details>
      </section>

      <section aria-labelledby="steps-heading" className="mt-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
        <h2 id="steps-heading" className="mb-3 text-lg font-semibold">
          办理记录
        </h2>
        <ol className="space-y-3">
          {[...view.steps].reverse().map((s) => (
            <li key={s.id} className="border-l-4 border-stone-200 pl-3">
              <p className="text-base">{s.label}</p>
              <time dateTime={s.at.toISOString()} className="text-sm text-stone-600">
                {formatDateTime(s.at)}
              </time>
            </li>
          ))}
        </ol>
      </section>

      <p className="mt-6 text-center text-sm text-stone-600">如有疑问，可凭事项编号联系所在网格的网格员。请勿将本页链接转发给他人。</p>
    </main>
  );
}

function Deadline({ view }: { view: PublicCaseView }) {
  const due = view.status === 'submitted' ? view.acceptDueAt : view.status === 'accepted' || view.status === 'assigned' || view.status === 'in_progress' ? view.resolveDueAt : null;
  if (!due) return null;
  const late = isOverdue(view, new Date());
  return (
    <p className={`mt-2 text-sm ${late ? 'font-semibold text-red-800' : 'text-stone-700'}`}>
      {view.status === 'submitted' ? '受理时限' : '办结时限'}：<time dateTime={due.toISOString()}>{formatDateTime(due)}</time>
      {late && '（已超时，社区正在督促办理）'}
    </p>
  );
}

/** What the resident sent, as they typed it, so they can judge the result against it. */
function Submission({ view, token }: { view: PublicCaseView; token: string }) {
  return (
    <section aria-labelledby="submission-heading" className="mt-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
      <h2 id="submission-heading" className="text-base font-semibold">
        您反映的问题
      </h2>
      <p className="mt-1 whitespace-pre-wrap text-base text-stone-800">{view.description}</p>
      {view.typedPlace && (
        <p className="mt-2 text-sm text-stone-700">
          <span className="text-stone-600">具体位置：</span>
          {view.typedPlace}
        </p>
      )}
      {view.submissionPhotoIds.length > 0 && <PhotoList ids={view.submissionPhotoIds} token={token} alt={(i) => `您提交的照片 ${i + 1}`} />}
    </section>
  );
}

/** Photos through the photo route with the status link's authority; tap to open full size. */
function PhotoList({ ids, token, alt }: { ids: number[]; token: string; alt: (i: number) => string }) {
  return (
    <ul className="mt-3 grid grid-cols-3 gap-2" aria-label="照片">
      {ids.map((id, i) => {
        const src = `/api/photos/${id}?t=${encodeURIComponent(token)}`;
        return (
          <li key={id}>
            <a href={src} target="_blank" rel="noreferrer" className="block">
              {/* eslint-disable-next-line @next/next/no-img-element -- private photos are served by an authorising route, not the image optimiser */}
              <img src={src} alt={alt(i)} loading="lazy" className="aspect-square w-full rounded-lg object-cover" />
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/** What was done, why it was refused, which case it duplicates, and how it was rated. */
function Outcome({ view, reopened }: { view: PublicCaseView; reopened: boolean }) {
  const blocks: React.ReactNode[] = [];
  if (view.status === 'rejected') {
    blocks.push(<Note key="reject" title="不予受理的原因" text={view.rejectionReason ?? '未填写原因，请联系网格员了解。'} />);
  }
  if (view.status === 'duplicate' && view.duplicateOf) {
    blocks.push(
      <Note
        key="dup"
        title="与以下事项重复"
        text={`原事项 ${view.duplicateOf.number}，当前状态：${STATUS_LABELS[view.duplicateOf.status]}。${OPEN_STATUSES.includes(view.duplicateOf.status) ? '该问题将随原事项一并办理。' : ''}`}
      />,
    );
  }
  if (reopened) blocks.push(<Note key="reopen" title="已重新办理" text={`${RATE_MESSAGES.reopened}${view.reopenCount > 1 ? `（第 ${view.reopenCount} 次）` : ''}`} />);
  if (view.resolutionNote && (view.status === 'resolved' || view.status === 'closed' || reopened)) {
    blocks.push(<Note key="resolve" title={reopened ? '上次办理情况' : '办理结果'} text={view.resolutionNote} />);
  }
  if (view.status === 'closed') {
    blocks.push(
      view.closeReason === 'not_rated' || !view.rating ? (
        <Note key="closed" title="事项已关闭" text="7 天内未收到评价，事项已自动关闭。" />
      ) : (
        <Note key="closed" title={RATE_MESSAGES.thanks} text={`评价结果：${RATING_LABELS[view.rating]}`} />
      ),
    );
  }
  if (blocks.length === 0) return null;
  return <div className="mt-4 space-y-3">{blocks}</div>;
}

function Note({ title, text }: { title: string; text: string }) {
  return (
    <section className="rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
      <h2 className="text-base font-semibold">{title}</h2>
      <p className="mt-1 whitespace-pre-wrap text-base text-stone-800">{text}</p>
    </section>
  );
}

/** The 大党委 project the request was gathered into: what is being done for it, and whether it is done. */
function CoBuildingNotice({ notice }: { notice: ProjectNotice }) {
  const done = notice.projects.filter((p) => p.status === 'done');
  return (
    <section aria-labelledby="cobuild-heading" className="mt-4 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
      <h2 id="cobuild-heading" className="text-base font-semibold">
        社区“大党委”共建项目
      </h2>
      <p className="mt-1 text-base text-stone-700">您反映的问题已纳入社区需求「{notice.needTitle}」，由共建单位协同解决。</p>
      {notice.projects.length === 0 ? (
        <p className="mt-2 text-base text-stone-700">项目正在商议中。</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {notice.projects.map((p, i) => (
            <li key={i} className="rounded-lg border border-stone-200 px-3 py-2 text-base">
              <span className="font-medium">{p.title}</span>（{p.unitName}）：
              {p.status === 'done' && p.confirmedAt ? (
                <strong className="text-green-800">
                  已完成，社区于 <time dateTime={p.confirmedAt.toISOString()}>{formatDateTime(p.confirmedAt)}</time> 确认
                </strong>
              ) : p.status === 'in_progress' ? (
                '推进中'
              ) : (
                '未启动'
              )}
            </li>
          ))}
        </ul>
      )}
      {done.length > 0 && <p className="mt-2 text-base font-medium text-green-800">项目已完成，感谢您的反映。</p>}
    </section>
  );
}

/** The page of a device supporter's link: the case they supported, as a supporter sees it. */
function SupporterPage({ view, token }: { view: SupporterView; token: string }) {
  return (
    <main className="mx-auto min-h-dvh max-w-lg px-4 pb-12 pt-5">
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 附议进度
      </p>
      <h1 className="mt-1 text-2xl font-bold text-stone-900">您附议的事项</h1>
      <p className="mt-1 text-base text-stone-700">
        您在 <time dateTime={view.supportedAt.toISOString()}>{formatDateTime(view.supportedAt)}</time> 附议了这件事。请保存本页链接，办结后可在这里查看结果并评价。
      </p>
      <SupporterStatus view={view} token={token} rateAction={rateSupport} heading="办理进展" />
      <p className="mt-6 text-center text-sm text-stone-600">请勿将本页链接转发给他人。</p>
    </main>
  );
}
