import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { formatDateTime } from '@/lib/format/datetime';
import { communitiesOf, listActivities } from '@/lib/points/activities';
import { ACTIVITY_KIND_LABELS } from '@/lib/points/labels';
import { POINTS_ROLES } from '@/lib/points/scope';

export const metadata: Metadata = { title: '志愿积分' };

const linkButton = 'inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-3 text-sm font-medium hover:bg-stone-50';

/** The ended activities shown before the fold. */
const RECENT_PAST = 10;

type Activity = Awaited<ReturnType<typeof listActivities>>[number];

function ActivityList({ items }: { items: Activity[] }) {
  return (
    <ul className="divide-y divide-stone-200">
      {items.map((a) => (
        <li key={a.id} className="py-3">
          <Link prefetch={false} href={`/points/activities/${a.id}`} className="block min-h-11 hover:bg-stone-50">
            <span className="font-medium text-blue-800 underline">{a.title}</span>
            {a.cancelledAt && <span className="ml-2 rounded bg-stone-600 px-1.5 py-0.5 text-xs text-white">已取消</span>}
            {a.takingSignUps && <span className="ml-2 rounded bg-green-700 px-1.5 py-0.5 text-xs text-white">报名中</span>}
            <span className="mt-1 block text-sm text-stone-700">
              {formatDateTime(a.startsAt)} · {a.place} · {a.nodeName} · {ACTIVITY_KIND_LABELS[a.kind]} · 每户 {a.points} 分
            </span>
            <span className="block text-sm text-stone-700">
              报名 {a.signedUp}/{a.capacity} · 签到 {a.attended}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** 志愿积分: the activities of the reader's scope, and the ways to the 文明超市, the rules and the public pages. */
export default async function PointsPage() {
  const user = await requireUser(POINTS_ROLES);
  const db = appStore().db;
  const [activities, communities] = await Promise.all([listActivities(db, user), communitiesOf(db, user)]);
  const upcoming = activities.filter((a) => a.takingSignUps).reverse();
  const past = activities.filter((a) => !a.takingSignUps);
  return (
    <>
      <PageHeader title="志愿积分" subtitle="以户为单位记录志愿服务积分，积分可在文明超市兑换生活用品">
        <Link prefetch={false} href="/points/activities/new" className="inline-flex min-h-12 items-center rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800">
          发布活动
        </Link>
      </PageHeader>
      <p className="-mt-2 mb-5 flex flex-wrap gap-2">
        <Link prefetch={false} href="/points/market" className={linkButton}>
          文明超市
        </Link>
        {user.role === 'admin' && (
          <Link prefetch={false} href="/points/rules" className={linkButton}>
            积分规则
          </Link>
        )}
        {communities.map((c) => (
          <Link key={c.id} href={`/volunteer/${c.id}`} className={linkButton} prefetch={false}>
            {c.name}居民报名页
          </Link>
        ))}
      </p>
      <Section title={`志愿活动（${activities.length}）`} id="activities">
        {activities.length === 0 ? (
          <p className="text-sm text-stone-600">还没有活动。</p>
        ) : (
          <>
            {/* What is coming first, soonest first; the year gone by below, its older part folded (it ran to 9,000 px on a phone). */}
            {upcoming.length > 0 && (
              <>
                <h3 className="text-base font-semibold">即将开始（{upcoming.length}）</h3>
                <ActivityList items={upcoming} />
              </>
            )}
            {past.length > 0 && (
              <>
                <h3 className={`text-base font-semibold ${upcoming.length > 0 ? 'mt-4' : ''}`}>已结束或已取消（{past.length}）</h3>
                <ActivityList items={past.slice(0, RECENT_PAST)} />
                {past.length > RECENT_PAST && (
                  <details className="mt-1">
                    <summary className="inline-flex min-h-11 items-center text-sm font-medium text-blue-800">更早的 {past.length - RECENT_PAST} 个活动</summary>
                    <ActivityList items={past.slice(RECENT_PAST)} />
                  </details>
                )}
              </>
            )}
          </>
        )}
      </Section>
    </>
  );
}
