import type { Metadata } from 'next';
import Link from 'next/link';
import { CobuildTabs, StatusBadge } from '@/components/cobuild/tabs';
import { DownloadButton } from '@/components/desk/download-button';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { NEED_SOURCE_LABELS } from '@/lib/cobuild/needs';
import { isProjectOverdue } from '@/lib/cobuild/rules';
import { summaryOf } from '@/lib/cobuild/summary';
import { formatDate, formatDay } from '@/lib/format/datetime';
import { chinaDay } from '@/lib/stats/period';

export const metadata: Metadata = { title: '大党委项目清单汇总表' };

/** 汇总表: needs ↔ projects ↔ completion for each community of the reader's scope (a township: all its communities). */
export default async function CobuildSummaryPage() {
  const user = await requireUser(['admin', 'secretary']);
  const summary = await summaryOf(appStore().db, user);
  const today = chinaDay(new Date());
  const all = summary.reduce(
    (t, c) => ({ needs: t.needs + c.figures.needs, projects: t.projects + c.figures.projects, done: t.done + c.figures.byStatus.done, waiting: t.waiting + c.figures.awaitingConfirmation }),
    { needs: 0, projects: 0, done: 0, waiting: 0 },
  );
  return (
    <>
      <PageHeader title="大党委项目清单汇总表" subtitle="需求清单罗列清楚，项目清单对应明确，完成情况实时跟进">
        <DownloadButton action="/cobuild/export" fields={new URLSearchParams()} label="导出汇总表（Excel）" />
      </PageHeader>
      <CobuildTabs current="/cobuild" />
      <p className="mb-4 text-sm text-stone-700" aria-label="合计">
        {summary.length} 个社区 · 需求 {all.needs} 项 · 项目 {all.projects} 个 · 已完成 {all.done} 个
        {all.waiting > 0 && ` · ${all.waiting} 个项目单位已报完成待确认`}
      </p>
      {summary.length === 0 && <p className="text-sm text-stone-600">您的范围内没有社区。</p>}
      {summary.map((c) => (
        <Section key={c.id} title={c.name} id={`community-${c.id}`}>
          <p className="mb-3 text-sm text-stone-700">
            需求 {c.figures.needs} 项（已立项 {c.figures.needsWithProject}，已解决 {c.figures.needsMet}）· 项目 {c.figures.projects} 个：未启动 {c.figures.byStatus.not_started}、推进中{' '}
            {c.figures.byStatus.in_progress}、已完成 {c.figures.byStatus.done}、已搁置 {c.figures.byStatus.shelved}
            {(() => {
              const late = c.needs.flatMap((n) => n.projects).filter((p) => isProjectOverdue(p, today)).length;
              return late > 0 && <strong className="text-red-800">；已逾期 {late} 个</strong>;
            })()}
          </p>
          {c.needs.length === 0 ? (
            <p className="text-sm text-stone-600">
              还没有需求。<Link prefetch={false} href="/cobuild/needs" className="text-blue-800 underline">新增需求</Link>
            </p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full min-w-[40rem] text-left text-sm">
                <caption className="sr-only">{c.name}需求与项目对应表</caption>
                <thead>
                  <tr className="border-b border-stone-300 text-stone-600">
                    <th scope="col" className="py-2 pr-3 font-medium">需求</th>
                    <th scope="col" className="py-2 pr-3 font-medium">项目</th>
                    <th scope="col" className="py-2 pr-3 font-medium">牵头单位</th>
                    <th scope="col" className="py-2 pr-3 font-medium">计划完成</th>
                    <th scope="col" className="py-2 font-medium">完成情况</th>
                  </tr>
                </thead>
                <tbody>
                  {c.needs.flatMap((n) => {
                    const needCell = (span: number) => (
                      <th scope="rowgroup" rowSpan={span} className="py-2 pr-3 align-top font-normal">
                        <Link prefetch={false} href={`/cobuild/needs/${n.id}`} className="font-medium text-blue-800 underline">
                          {n.title}
                        </Link>
                        <span className="block text-xs text-stone-600">
                          {NEED_SOURCE_LABELS[n.source]}
                          {n.requestCount > 0 && ` · 归集诉求 ${n.requestCount} 件`}
                        </span>
                      </th>
                    );
                    if (n.projects.length === 0) {
                      return [
                        <tr key={`n${n.id}`} className="border-b border-stone-100">
                          {needCell(1)}
                          <td colSpan={4} className="py-2 text-stone-600">尚未立项</td>
                        </tr>,
                      ];
                    }
                    return n.projects.map((p, i) => (
                      <tr key={`p${p.id}`} className="border-b border-stone-100" aria-label={p.title}>
                        {i === 0 && needCell(n.projects.length)}
                        <td className="py-2 pr-3">
                          <Link prefetch={false} href={`/cobuild/projects/${p.id}`} className="text-blue-800 underline">
                            {p.title}
                          </Link>
                          {p.lastProgress && <span className="block text-xs text-stone-600">最新进展 {formatDate(p.lastProgress.at)}：{p.lastProgress.note}</span>}
                        </td>
                        <td className="py-2 pr-3">
                          {p.ownerName}
                          {p.partnerNames.length > 0 && <span className="block text-xs text-stone-600">参与：{p.partnerNames.join('、')}</span>}
                        </td>
                        <td className="py-2 pr-3">
                          {p.targetDate ? formatDay(p.targetDate) : '—'}
                          {isProjectOverdue(p, today) && <span className="block text-xs font-semibold text-red-800">已逾期</span>}
                        </td>
                        <td className="py-2">
                          <StatusBadge status={p.status} reported={p.doneReportedAt !== null} />
                          {p.confirmedAt && <span className="block text-xs text-stone-600">{formatDate(p.confirmedAt)} 确认</span>}
                        </td>
                      </tr>
                    ));
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      ))}
    </>
  );
}
