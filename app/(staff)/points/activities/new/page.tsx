import type { Metadata } from 'next';
import { Field, PointsForm } from '@/components/points/forms';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { ACTIVITY_KINDS } from '@/db/schema';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { activityPlaces } from '@/lib/points/activities';
import { ACTIVITY_KIND_LABELS } from '@/lib/points/labels';
import { getRules } from '@/lib/points/rules';
import { POINTS_ROLES } from '@/lib/points/scope';
import { createActivityAction } from '../../actions';

export const metadata: Metadata = { title: '发布志愿活动' };

export default async function NewActivityPage() {
  const user = await requireUser(POINTS_ROLES);
  const db = appStore().db;
  const [places, rules] = await Promise.all([activityPlaces(db, user), getRules(db)]);
  return (
    <>
      <PageHeader title="发布志愿活动" subtitle="发布后居民可在社区报名页报名；活动当天由工作人员签到，签到后计入该户积分" />
      <Section title="活动信息" id="activity">
        <PointsForm action={createActivityAction} submit="发布活动" pending="正在发布…" className="grid gap-4 sm:grid-cols-2">
          <Field id="activity-node" name="nodeId" label="活动范围" choices={places.map((p) => ({ value: String(p.id), label: p.label }))} />
          <Field id="activity-kind" name="kind" label="活动类别" choices={ACTIVITY_KINDS.map((k) => ({ value: k, label: `${ACTIVITY_KIND_LABELS[k]}（每次最多 ${rules[k]} 分）` }))} />
          <Field id="activity-title" name="title" label="活动名称" hint="如：周六楼道清理" maxLength={40} />
          <Field id="activity-place" name="place" label="活动地点" hint="如：龙盛华庭党群服务站" maxLength={60} />
          <Field id="activity-time" name="startsAt" label="活动时间" type="datetime-local" />
          <Field id="activity-points" name="points" label="每户积分" type="number" inputMode="numeric" defaultValue="5" />
          <Field id="activity-capacity" name="capacity" label="报名名额" type="number" inputMode="numeric" defaultValue="20" />
        </PointsForm>
      </Section>
    </>
  );
}
