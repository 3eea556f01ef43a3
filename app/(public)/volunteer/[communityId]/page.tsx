import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Field, PointsForm } from '@/components/points/forms';
import { appStore } from '@/db/store';
import { formatDateTime } from '@/lib/format/datetime';
import { parseId } from '@/lib/org/schemas';
import { publicCommunity, upcomingActivities } from '@/lib/points/activities';
import { ACTIVITY_KIND_LABELS } from '@/lib/points/labels';
import { signUpAction } from './actions';

type Params = { params: Promise<{ communityId: string }> };

export const metadata: Metadata = { title: '志愿活动报名', robots: { index: false, follow: false } };

/** A community's coming volunteer activities and their sign-up, for residents (no account, nothing personal shown). */
export default async function VolunteerPage({ params }: Params) {
  const id = parseId((await params).communityId);
  if (id === null) notFound();
  const db = appStore().db;
  const community = await publicCommunity(db, id);
  if (!community) notFound();
  const activities = await upcomingActivities(db, community.path, new Date());
  const action = signUpAction.bind(null, community.id);

  return (
    <main className="mx-auto min-h-dvh max-w-lg px-4 pb-12 pt-5">
      <p className="text-sm font-medium text-brand-700">
        <span aria-hidden="true">✦ </span>萤火 · 志愿服务
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-snug text-stone-900">{community.name}志愿活动</h1>
      <p className="mt-2 text-base text-stone-700">以户为单位积累志愿积分，积分可在社区文明超市兑换生活用品。</p>
      <p className="mt-2">
        <Link href={`/volunteer/${community.id}/ranking`} className="inline-flex min-h-11 items-center text-blue-800 underline">
          查看本月积分榜 →
        </Link>
      </p>
      {activities.length === 0 ? (
        <p className="mt-6 rounded-lg border border-stone-200 bg-white p-4 text-stone-700">近期没有可报名的活动，请留意社区通知。</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {activities.map((a) => (
            <li key={a.id} className="rounded-xl border border-stone-200 bg-white p-4 shadow-sm" aria-label={a.title}>
              <h2 className="text-lg font-semibold">{a.title}</h2>
              <p className="mt-1 text-sm text-stone-700">
                {formatDateTime(a.startsAt)} · {a.place}
              </p>
              <p className="text-sm text-stone-700">
                {ACTIVITY_KIND_LABELS[a.kind]} · 每户 {a.points} 分 · {a.remaining > 0 ? `剩余名额 ${a.remaining}` : '名额已满'}
              </p>
              {a.remaining > 0 && (
                <details className="mt-2">
                  <summary className="min-h-11 cursor-pointer py-2 font-medium text-blue-800">我要报名</summary>
                  <PointsForm action={action} hidden={{ activityId: a.id }} submit="提交报名" pending="正在报名…" className="mt-2 space-y-3" label={`报名：${a.title}`}>
                    <Field id={`name-${a.id}`} name="name" label="姓名" autoComplete="name" maxLength={20} />
                    <Field id={`phone-${a.id}`} name="phone" label="手机号" type="tel" inputMode="tel" autoComplete="tel" hint="仅用于核对住户和活动联系，不会公开" />
                  </PointsForm>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
