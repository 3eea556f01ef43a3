import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { IntervalsForm } from '@/components/visits/intervals-form';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { getVisitIntervals, INTERVAL_KEYS, INTERVAL_LABELS } from '@/lib/visits/intervals';

export const metadata: Metadata = { title: '走访周期' };

/** The visit intervals behind 今日走访 and the desk's coverage; every change is audited. */
export default async function VisitIntervalsPage() {
  await requireUser(['admin']);
  const intervals = await getVisitIntervals(appStore().db);
  return (
    <>
      <PageHeader title="走访周期" subtitle="网格员“今日走访”按此计算哪些住户到期需要走访。" />
      <Section title="各类住户的走访周期（天）" id="intervals">
        <p className="mb-3 text-sm text-stone-700">
          一户有多个关爱标签时，按其中最短的周期；没有标签的住户按“其他住户”。80岁以上按家庭成员的出生日期自动认定。距上次走访的天数达到周期即到期。
        </p>
        <IntervalsForm fields={INTERVAL_KEYS.map((k) => ({ key: k, label: INTERVAL_LABELS[k], days: intervals[k] }))} />
      </Section>
    </>
  );
}
