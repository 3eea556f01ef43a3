import type { Metadata } from 'next';
import Link from 'next/link';
import { ExportLog } from '@/components/desk/export-log';
import { MonthPicker } from '@/components/desk/month-picker';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { EXPORT_ROLES } from '@/lib/desk/export';
import { recentExports } from '@/lib/desk/export-audit';
import { recentMonths } from '@/lib/desk/month';
import { addMonths, chinaMonth } from '@/lib/stats/period';

export const metadata: Metadata = { title: '台账导出' };

/** Download the monthly ledger, and review who exported personal data and when. */
export default async function ExportsPage() {
  const user = await requireUser(EXPORT_ROLES);
  const now = new Date();
  const rows = await recentExports(appStore().db, user, 100);
  return (
    <>
      <PageHeader title="台账导出" subtitle="导出的表格含居民姓名和电话，每次导出都会记录在下方。">
        <Link href="/desk/report" className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-100">
          月度报告
        </Link>
      </PageHeader>
      <Section title="下载月度台账" id="ledger">
        <p className="mb-3 text-sm text-stone-700">所选月份收到的全部事项，一件一行，另附当月三率汇总表（Excel 格式）。当前事项列表的筛选结果可在“事项”页导出。</p>
        <MonthPicker action="/desk/ledger" id="ledger-month" months={recentMonths(now)} selected={addMonths(chinaMonth(now), -1)} submitLabel="下载台账" method="post" />
      </Section>
      <Section title={`最近的导出记录（${rows.length}）`} id="log">
        <ExportLog rows={rows} />
      </Section>
    </>
  );
}
