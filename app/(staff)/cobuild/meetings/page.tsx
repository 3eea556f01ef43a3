import type { Metadata } from 'next';
import Link from 'next/link';
import { MeetingForm } from '@/components/cobuild/forms';
import { CobuildTabs } from '@/components/cobuild/tabs';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { communitiesOf, unitsServing } from '@/lib/cobuild/access';
import { listMeetings } from '@/lib/cobuild/meetings';
import { PROJECT_STEP_LABELS } from '@/lib/cobuild/rules';

export const metadata: Metadata = { title: '联席议事' };

/** 联席议事: the record of each joint meeting, and the needs and projects it created or moved on. */
export default async function MeetingsPage() {
  const user = await requireUser(['admin', 'secretary']);
  const db = appStore().db;
  const [meetings, communities] = await Promise.all([listMeetings(db, user), communitiesOf(db, user.scope)]);
  // The units serving any of the reader's communities; the server checks they serve the one chosen.
  const serving = (await Promise.all(communities.map((c) => unitsServing(db, c.path)))).flat();
  const units = [...new Map(serving.map((u) => [u.id, { value: String(u.id), label: u.name }])).values()];
  return (
    <>
      <PageHeader title="联席议事" subtitle="“大党委”共驻共建单位联席议事：会议形成需求、议定项目，项目立项和推进时可关联到会议" />
      <CobuildTabs current="/cobuild/meetings" />
      <Section title="记录联席议事" id="new-meeting">
        <MeetingForm communities={communities.map((c) => ({ value: String(c.id), label: c.name }))} units={units} />
      </Section>
      <Section title={`会议记录（${meetings.length}）`} id="meetings">
        {meetings.length === 0 ? (
          <p className="text-sm text-stone-600">暂无。</p>
        ) : (
          <ul className="space-y-3">
            {meetings.map((m) => (
              <li key={m.id} className="rounded-lg border border-stone-200 p-3" aria-label={`${m.heldOn} 联席议事`}>
                <p className="font-medium">
                  {m.heldOn} · {m.communityName}
                </p>
                <p className="mt-1 text-sm text-stone-700">参会单位：{m.units.join('、')}</p>
                <p className="mt-1 whitespace-pre-line text-sm">
                  <span className="text-stone-600">议题：</span>
                  {m.topics}
                </p>
                <p className="mt-1 whitespace-pre-line text-sm">
                  <span className="text-stone-600">议定：</span>
                  {m.decisions}
                </p>
                {(m.needs.length > 0 || m.projects.length > 0 || m.updates.length > 0) && (
                  <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
                    {m.needs.map((n) => (
                      <li key={`n${n.id}`}>
                        形成需求 <Link prefetch={false} href={`/cobuild/needs/${n.id}`} className="text-blue-800 underline">{n.title}</Link>
                      </li>
                    ))}
                    {m.projects.map((p) => (
                      <li key={`p${p.id}`}>
                        议定项目 <Link prefetch={false} href={`/cobuild/projects/${p.id}`} className="text-blue-800 underline">{p.title}</Link>
                      </li>
                    ))}
                    {m.updates.map((u, i) => (
                      <li key={`u${u.projectId}-${i}`}>
                        {PROJECT_STEP_LABELS[u.step]} <Link prefetch={false} href={`/cobuild/projects/${u.projectId}`} className="text-blue-800 underline">{u.title}</Link>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
