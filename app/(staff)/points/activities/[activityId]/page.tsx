import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CardScanner } from '@/components/points/card-scanner';
import { Field, PointsForm } from '@/components/points/forms';
import { BackLink } from '@/components/shell/back-link';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format/datetime';
import { householdSearchSchema, searchHouseholds } from '@/lib/org/search';
import { parseId } from '@/lib/org/schemas';
import { getActivity } from '@/lib/points/activities';
import { ACTIVITY_KIND_LABELS } from '@/lib/points/labels';
import { POINTS_ROLES } from '@/lib/points/scope';
import { cancelActivityAction, confirmAttendanceAction, confirmByCardAction } from '../../actions';

export const metadata: Metadata = { title: '活动签到' };

type Props = { params: Promise<{ activityId: string }>; searchParams: Promise<{ find?: string; q?: string }> };

/** One activity: sign-ups and attendance on the phone, by list or by the household's card. */
export default async function ActivityPage({ params, searchParams }: Props) {
  const user = await requireUser(POINTS_ROLES);
  const id = parseId((await params).activityId);
  if (id === null) notFound();
  const db = appStore().db;
  const record = await getActivity(db, user, id);
  if (!record) notFound();
  const { activity, signups } = record;
  const search = await searchParams;
  const findFor = search.find ? parseId(search.find) : null;
  const query = householdSearchSchema.safeParse({ q: search.q ?? '' });
  const hits = findFor !== null && query.success ? await searchHouseholds(db, user.scope, query.data.q, 10) : [];
  const open = activity.cancelledAt === null;

  return (
    <>
      <p className="mb-1">
        <BackLink fallback="/points" />
      </p>
      <PageHeader title={activity.title} subtitle={`${formatDateTime(activity.startsAt)} · ${activity.place} · ${activity.nodeName}`} />
      <p className="-mt-3 mb-5 text-sm text-stone-700">
        {ACTIVITY_KIND_LABELS[activity.kind]} · 每户 {activity.points} 分 · 报名 <span data-testid="signed-up">{activity.signedUp}</span>/{activity.capacity} · 已签到{' '}
        <span data-testid="attended">{activity.attended}</span>
        {!open && <span className="ml-2 rounded bg-stone-600 px-1.5 py-0.5 text-xs text-white">已取消</span>}
      </p>

      {open && (
        <Section title="扫户卡签到" id="card">
          <PointsForm action={confirmByCardAction} hidden={{ activityId: activity.id }} submit="签到" pending="正在签到…" label="扫户卡签到">
            <Field id="card" name="card" label="户卡编号" hint="扫描户卡二维码，或输入卡上的20位编号" autoComplete="off" />
            <CardScanner inputId="card" />
          </PointsForm>
        </Section>
      )}

      <Section title={`报名名单（${signups.length}）`} id="signups">
        {signups.length === 0 ? (
          <p className="text-sm text-stone-600">还没有人报名。</p>
        ) : (
          <ul className="divide-y divide-stone-200">
            {signups.map((s) => (
              <li key={s.id} className="space-y-2 py-3" aria-label={s.name ?? (s.purged ? '已清除个人信息' : '现场参加')}>
                <p>
                  <span className="font-medium">{s.name ?? (s.purged ? '报名人（姓名、手机号已按保存期限清除）' : '现场参加（扫户卡）')}</span>
                  {s.phone && <span className="ml-2 text-sm text-stone-600">{s.phone}</span>}
                  {s.householdId !== null ? (
                    <Link prefetch={false} href={`/households/${s.householdId}/points`} className="block text-sm text-blue-800 underline">
                      {s.householdAddress}
                    </Link>
                  ) : (
                    <span className="block text-sm text-stone-700">未匹配到住户，签到时请选择住户</span>
                  )}
                  {s.attendedAt && <span className="mt-1 inline-block rounded bg-green-700 px-1.5 py-0.5 text-xs text-white">已签到 {formatDateTime(s.attendedAt)}</span>}
                </p>
                {open && !s.attendedAt && s.householdId !== null && (
                  <PointsForm action={confirmAttendanceAction} hidden={{ activityId: activity.id, signupId: s.id }} submit="确认签到" variant="secondary" label={`为${s.name ?? '该户'}签到`} />
                )}
                {open && !s.attendedAt && s.householdId === null && (
                  <div className="space-y-2">
                    <form method="get" className="flex flex-wrap items-end gap-2">
                      <input type="hidden" name="find" value={s.id} />
                      <label className="block grow text-sm font-medium">
                        查找住户（楼栋房号、姓名或手机号）
                        <input name="q" defaultValue={findFor === s.id ? (search.q ?? '') : ''} className="mt-1 block w-full rounded-lg border border-stone-400 px-3 py-3 text-base" />
                      </label>
                      <button type="submit" className="min-h-12 rounded-lg border border-stone-500 bg-white px-4 text-sm font-medium">
                        查找
                      </button>
                    </form>
                    {findFor === s.id &&
                      (hits.length === 0 ? (
                        <p className="text-sm text-stone-600">没有找到，请换个关键词。</p>
                      ) : (
                        <ul className="space-y-2">
                          {hits.map((h) => (
                            <li key={h.id} className="rounded-lg border border-stone-200 p-2">
                              <p className="text-sm">
                                {h.address} {h.matchedName ? `· ${h.matchedName}` : ''}
                              </p>
                              <PointsForm action={confirmAttendanceAction} hidden={{ activityId: activity.id, signupId: s.id, householdId: h.id }} submit="是这户，确认签到" variant="secondary" />
                            </li>
                          ))}
                        </ul>
                      ))}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      {open && (
        <Section title="取消活动" id="cancel">
          <PointsForm action={cancelActivityAction} hidden={{ activityId: activity.id }} submit="取消此活动" variant="secondary">
            <p className="text-sm text-stone-700">取消后居民报名页不再显示此活动，已签到获得的积分保留。</p>
          </PointsForm>
        </Section>
      )}
    </>
  );
}
