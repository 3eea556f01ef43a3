import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ActionForm } from '@/components/cases/action-form';
import { FoldedAction } from '@/components/cases/folded-action';
import { MarkSeen } from '@/components/cases/mark-seen';
import { BackLink } from '@/components/shell/back-link';
import { Toast } from '@/components/shell/toast';
import { CaseBadges } from '@/components/cases/status-badges';
import { Timeline } from '@/components/cases/timeline';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { auditCaseView } from '@/lib/audit/views';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_HOME } from '@/lib/auth/navigation';
import { ACTION_DONE, actionForms, groupActionForms } from '@/lib/cases/action-forms';
import { actorFromUser } from '@/lib/cases/actor';
import { describeDue } from '@/lib/cases/due';
import { ESCALATION_LABELS, HANDLER_KIND_LABELS, RATING_LABELS, SOURCE_LABELS } from '@/lib/cases/labels';
import { getCaseDetail, type CaseDetail } from '@/lib/cases/queries';
import { routingOptions } from '@/lib/cases/routing';
import { templatesForCase } from '@/lib/templates/templates';
import { caseNumberSchema } from '@/lib/cases/schemas';
import { formatDateTime } from '@/lib/format/datetime';
import { hasUnreadForCase } from '@/lib/notifications/queries';
import { PublishForm } from '@/components/board/publish-form';
import { maskPhone } from '@/lib/auth/scope';
import { getPublication, handlerPhotoIds, mayModerate } from '@/lib/board/publications';
import { listSupporters } from '@/lib/board/supports';
import { OPEN_STATUSES } from '@/lib/cases/lifecycle';
import { publishCaseAction, withdrawPublicationAction } from './actions';

export const metadata: Metadata = { title: '事项详情' };

const ROUTING_ACTIONS = new Set(['accept', 'assign_worker', 'hand_to_unit', 'escalate']);

function handlerText(c: CaseDetail): string {
  if (!c.handlerKind) return c.escalationLevel > 0 ? '社区待处理' : '网格待处理';
  if (c.handlerKind === 'board') return '党员认领台（待认领）';
  if (c.handlerKind === 'unit') return c.unitName ?? HANDLER_KIND_LABELS.unit;
  return `${HANDLER_KIND_LABELS[c.handlerKind]} ${c.handlerName ?? ''}`;
}

export default async function CasePage({ params, searchParams }: { params: Promise<{ number: string }>; searchParams: Promise<{ done?: string }> }) {
  const user = await requireUser();
  const done = (await searchParams).done;
  const parsed = caseNumberSchema.safeParse(decodeURIComponent((await params).number));
  if (!parsed.success) notFound();
  const now = new Date();
  const c = await getCaseDetail(appStore().db, actorFromUser(user), parsed.data, now);
  if (!c) notFound();
  const store = appStore();
  // A view of a resident's name or full number is logged, as a household's view is (PIPL).
  const [, unreadHere] = await Promise.all([auditCaseView(store, user.id, c, now), hasUnreadForCase(store.db, user.id, c.id)]);
  const needsRouting = c.actions.some((a) => ROUTING_ACTIONS.has(a));
  const needsTemplates = c.actions.some((a) => a === 'progress' || a === 'resolve' || a === 'return');
  const [routing, templates] = await Promise.all([
    needsRouting ? routingOptions(store.db, c.nodePath) : null,
    needsTemplates ? templatesForCase(store.db, c) : undefined,
  ]);
  const { main, more } = groupActionForms(actionForms(c.actions, c, routing, templates));
  const [primary, ...otherMain] = main;
  const due = c.status === 'submitted' ? c.acceptDueAt : c.resolveDueAt;
  const actor = actorFromUser(user);
  const moderates = mayModerate(actor);
  const [supporters, publication, photoIds] = await Promise.all([
    listSupporters(store.db, c.id),
    moderates ? getPublication(store.db, c.id) : null,
    moderates ? handlerPhotoIds(store.db, c.id) : [],
  ]);
  const doneMessage = done && done in ACTION_DONE ? ACTION_DONE[done as keyof typeof ACTION_DONE] : null;

  return (
    <>
      {doneMessage && <Toast message={doneMessage} scrollTo="case-status" />}
      {unreadHere && <MarkSeen number={c.number} />}
      <BackLink fallback={ROLE_HOME[user.role]} />
      <div id="case-status" tabIndex={-1} className="mb-4 scroll-mt-2 focus:outline-none">
        <p className="font-mono text-sm text-stone-600">{c.number}</p>
        <h1 className="mt-1 text-xl font-bold sm:text-2xl">{c.categoryName ?? '未分类诉求'}</h1>
        <div className="mt-2">
          <CaseBadges status={c.status} overdue={c.overdue} supervised={c.supervised} urgency={c.urgency} reopenCount={c.reopenCount} handlerKind={c.handlerKind} supportCount={c.supportCount} />
        </div>
      </div>

      {c.supervised && c.supervisionNote && (
        <p role="note" className="mb-4 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          <strong>督办：</strong>
          {c.supervisionNote}
        </p>
      )}

      {/* On a phone the actions come right after the summary, within a thumb's reach; on a desktop they sit in their own column. */}
      <div className="grid gap-x-4 lg:grid-cols-[1fr_22rem]">
        <div className="lg:col-start-1">
          <Section title="诉求内容" id="summary">
            <p className="whitespace-pre-wrap text-base">{c.description}</p>
            <dl className="mt-4 grid grid-cols-[5.5rem_1fr] gap-x-2 gap-y-2 text-sm">
              <dt className="text-stone-600">地点</dt>
              <dd>
                {c.gridName}
                {c.placeName !== c.gridName && ` · ${c.placeName}`}
                {c.householdAddress && <span className="block text-stone-700">住户：{c.householdAddress}</span>}
                {c.place && <span className="block text-stone-700">{c.place}</span>}
              </dd>
              <dt className="text-stone-600">来源</dt>
              <dd>{SOURCE_LABELS[c.source]}</dd>
              <dt className="text-stone-600">居民</dt>
              <dd>
                {c.residentName ?? '未留姓名'}
                {c.residentPhone &&
                  (c.phoneMasked ? (
                    <span className="ml-2 tabular-nums">{c.residentPhone}</span>
                  ) : (
                    <a
                      href={`tel:${c.residentPhone}`}
                      className="ml-2 inline-flex min-h-11 items-center gap-1 rounded-lg border border-emerald-700 px-3 font-medium text-emerald-900 tabular-nums hover:bg-emerald-50"
                    >
                      <span aria-hidden="true">☎</span>
                      <span className="sr-only">拨打 </span>
                      {c.residentPhone}
                    </a>
                  ))}
              </dd>
              <dt className="text-stone-600">提交时间</dt>
              <dd>{formatDateTime(c.createdAt)}</dd>
              <dt className="text-stone-600">当前承办</dt>
              <dd>
                {handlerText(c)}
                <span className="ml-2 text-stone-600">（层级：{ESCALATION_LABELS[c.escalationLevel]}）</span>
              </dd>
              {due && (c.status === 'submitted' || c.status === 'accepted' || c.status === 'assigned' || c.status === 'in_progress') && (
                <>
                  <dt className="text-stone-600">{c.status === 'submitted' ? '受理时限' : '办结时限'}</dt>
                  <dd className={c.overdue ? 'font-semibold text-red-800' : undefined}>
                    {formatDateTime(due)}（{describeDue(due, now)}）
                  </dd>
                </>
              )}
              {c.extensionRequestedHours !== null && (
                <>
                  <dt className="text-stone-600">延期申请</dt>
                  <dd>
                    {c.extensionRequestedHours} 小时，待审批：{c.extensionReason}
                  </dd>
                </>
              )}
              {c.duplicateOf && (
                <>
                  <dt className="text-stone-600">重复于</dt>
                  <dd>
                    <a href={`/cases/${c.duplicateOf}`} className="text-blue-800 underline">
                      {c.duplicateOf}
                    </a>
                  </dd>
                </>
              )}
              {c.rating && (
                <>
                  <dt className="text-stone-600">评价</dt>
                  <dd>
                    {RATING_LABELS[c.rating]}
                    {c.ratingComment && `：${c.ratingComment}`}
                  </dd>
                </>
              )}
              {c.closeReason === 'not_rated' && (
                <>
                  <dt className="text-stone-600">关闭</dt>
                  <dd>7 天内未评价，自动关闭（未评价）</dd>
                </>
              )}
            </dl>
          </Section>

          <Section title={`附议（${c.supportCount} 人）`} id="supports">
            {supporters.length === 0 ? (
              <p className="text-sm text-stone-600">还没有居民附议。</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {supporters.map((s) => (
                  <li key={s.id}>
                    {s.kind === 'merged' ? `合并的重复诉求 ${s.fromNumber ?? ''}` : '扫码附议'} · {formatDateTime(s.createdAt)}
                    {s.phone && <span className="ml-2 tabular-nums">{c.phoneMasked ? maskPhone(s.phone) : s.phone}</span>}
                    {s.rating && <span className="ml-2">评价：{RATING_LABELS[s.rating]}</span>}
                  </li>
                ))}
              </ul>
            )}
          </Section>

          {moderates && (
            <Section title="社区公开栏" id="publication">
              <PublishForm
                number={c.number}
                current={publication ? { kind: publication.kind, publicText: publication.publicText, photoIds: publication.photoIds ?? [], withdrawn: publication.withdrawnAt !== null } : null}
                photoIds={photoIds}
                mayRequest={OPEN_STATUSES.includes(c.status)}
                publish={publishCaseAction}
                withdraw={withdrawPublicationAction}
              />
            </Section>
          )}
        </div>
        <div className="lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <Section title="可执行的操作" id="actions">
            {!primary ? (
              <p className="text-sm text-stone-600">当前没有需要您处理的操作。</p>
            ) : (
              <div className="space-y-3">
                <div data-action-title={primary.title} className="rounded-lg border-2 border-brand-700 p-3">
                  <h3 className="mb-2 text-base font-semibold">{primary.title}</h3>
                  <ActionForm key={`${primary.action}-${c.version}`} spec={primary} number={c.number} version={c.version} big />
                </div>
                {otherMain.map((spec) => (
                  <FoldedAction key={`${spec.action}-${c.version}`} spec={spec} number={c.number} version={c.version} className="rounded-lg border border-stone-300" />
                ))}
                {more.length > 0 && (
                  <details data-more-actions className="rounded-lg border border-stone-300 bg-stone-50">
                    <summary className="min-h-12 cursor-pointer px-3 py-2 font-medium">
                      更多操作
                      <span className="block text-sm font-normal text-stone-600">{more.map((m) => m.title).join('、')}</span>
                    </summary>
                    <ul className="space-y-2 border-t border-stone-200 p-2">
                      {more.map((spec) => (
                        <li key={`${spec.action}-${c.version}`}>
                          <FoldedAction spec={spec} number={c.number} version={c.version} className="rounded-lg border border-stone-300 bg-white" />
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </div>
            )}
          </Section>
        </div>
        <div className="lg:col-start-1">
          <Section title="办理过程" id="timeline">
            <Timeline entries={c.timeline} />
          </Section>
        </div>
      </div>
    </>
  );
}
