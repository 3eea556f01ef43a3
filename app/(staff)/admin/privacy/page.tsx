import type { Metadata } from 'next';
import Link from 'next/link';
import { PurgeForm, RetentionForm } from '@/components/admin/privacy-forms';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { countExpiredCases, countExpiredSignups, getRetentionMonths } from '@/lib/pipl/retention';

export const metadata: Metadata = { title: '个人信息保护' };

/** PIPL settings: how long finished requests keep residents' personal data, purging, and residents' access requests. */
export default async function PrivacyPage() {
  await requireUser(['admin']);
  const db = appStore().db;
  const months = await getRetentionMonths(db);
  const due = await countExpiredCases(db);
  const dueSignups = await countExpiredSignups(db);
  return (
    <>
      <PageHeader title="个人信息保护" subtitle="依《个人信息保护法》，事项办结后居民个人信息只保存必要的期限。" />
      <Section title="保存期限" id="retention">
        <p className="mb-3 text-sm text-stone-700">
          已关闭、不予受理和重复的事项，办结满保存期限后，系统每 5 分钟自动清除其中的居民姓名、电话、住户关联、诉求内容、地点、评价意见、办理说明和照片。分类、网格、状态、评价和各时间点保留，统计数字不变。
          志愿活动结束满保存期限后，报名时填写的姓名和手机号同样清除，报名、签到和积分记录保留。
        </p>
        <RetentionForm months={months} />
      </Section>
      <Section title="立即清除" id="purge">
        <PurgeForm due={due} dueSignups={dueSignups} />
      </Section>
      <Section title="居民查询、导出本人信息" id="access">
        <Link href="/desk/residents" className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-100">
          按手机号码或姓名导出
        </Link>
      </Section>
    </>
  );
}
