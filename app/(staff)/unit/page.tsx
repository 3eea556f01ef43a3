import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CaseList } from '@/components/cases/case-list';
import { StatusBadge } from '@/components/cobuild/tabs';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { unitQueue } from '@/lib/cases/queries';
import { projectsOfUnit } from '@/lib/cobuild/projects';
import { isProjectOverdue } from '@/lib/cobuild/rules';
import { formatDay } from '@/lib/format/datetime';
import { UNIT_KIND_LABELS } from '@/lib/org/labels';
import { getUnitHome } from '@/lib/org/units';
import { chinaDay } from '@/lib/stats/period';

export const metadata: Metadata = { title: '本单位' };

export default async function UnitHome() {
  const user = await requireUser(['unit_liaison']);
  if (user.unitId === null) notFound();
  const db = appStore().db;
  const home = await getUnitHome(db, user.unitId);
  if (!home) notFound();
  const { unit, members } = home;
  const now = new Date();
  const [queue, projects] = await Promise.all([unitQueue(db, actorFromUser(user), now), projectsOfUnit(db, user)]);
  // Each case once: the open ones are listed under 待办 already, the history shows the rest.
  const openNumbers = new Set(queue.open.map((c) => c.number));
  const history = queue.history.filter((c) => !openNumbers.has(c.number));
  return (
    <>
      <PageHeader title={unit.name} subtitle={`${UNIT_KIND_LABELS[unit.kind]} · 联系 ${unit.nodeName}`} />
      <Section title={`待办事项（${queue.open.length}）`} id="unit-open">
        <CaseList items={queue.open} now={now} empty="没有转交给本单位的待办事项" />
      </Section>
      <Section title={`本单位共建项目（${projects.length}）`} id="projects">
        {projects.length === 0 ? (
          <p className="text-sm text-stone-600">暂无“大党委”共建项目。</p>
        ) : (
          <ul className="space-y-2">
            {projects.map((p) => (
              <li key={p.id}>
                <Link prefetch={false} href={`/cobuild/projects/${p.id}`} className="block min-h-11 rounded-lg border border-stone-200 px-3 py-2 hover:bg-stone-50">
                  <span className="font-medium text-blue-800 underline">{p.title}</span> <StatusBadge status={p.status} reported={p.doneReportedAt !== null} />
                  <span className="block text-sm text-stone-700">
                    {p.communityName}
                    {p.ownerUnitId === unit.id ? ' · 本单位牵头' : ` · ${p.ownerName}牵头，本单位参与`}
                    {p.targetDate && ` · 计划 ${formatDay(p.targetDate)} 完成`}
                    {isProjectOverdue(p, chinaDay(now)) && <strong className="ml-1 text-red-800">已逾期</strong>}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-3 text-sm">
          <Link prefetch={false} href="/cobuild/resources" className="inline-flex min-h-11 items-center text-blue-800 underline">
            本单位资源清单
          </Link>
        </p>
      </Section>
      <Section title="本单位经办过的其他事项" id="unit-history">
        <CaseList items={history} now={now} empty="除上面的待办外，本单位还没有经办过事项" />
      </Section>
      <Section title="单位信息" id="unit">
        <dl className="grid grid-cols-[6rem_1fr] gap-y-2 text-sm">
          <dt className="text-stone-600">党组织</dt>
          <dd>{unit.partyOrgName ?? '—'}</dd>
          <dt className="text-stone-600">联络人</dt>
          <dd>{unit.contactName ?? '—'}</dd>
          <dt className="text-stone-600">服务范围</dt>
          <dd>{unit.nodeName}</dd>
        </dl>
      </Section>
      <Section title={`本单位进社区报到党员（${members.length}）`} id="members">
        {members.length === 0 ? (
          <p className="text-sm text-stone-600">暂无报到党员。</p>
        ) : (
          <ul className="grid gap-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
            {members.map((m) => (
              <li key={m.id} className="rounded border border-stone-200 px-2 py-1">
                {m.name} <span className="text-xs text-stone-600">包联 {m.servesAt}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
