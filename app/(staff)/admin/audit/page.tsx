import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { AUDIT_ACTIONS } from '@/db/schema';
import { appStore } from '@/db/store';
import { AUDIT_ACTION_LABELS, describeDetail, subjectLabel } from '@/lib/audit/labels';
import { auditSearchParams, parseAuditSearch, searchAudit } from '@/lib/audit/search';
import { requireUser } from '@/lib/auth/current-user';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { formatDateTime } from '@/lib/format/datetime';

export const metadata: Metadata = { title: '审计日志' };

type Search = Record<string, string | string[] | undefined>;

const input = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-3';

/** The administrator searches who viewed or exported personal data and who changed the administration. */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireUser(['admin']);
  const { filters, problems } = parseAuditSearch(await searchParams);
  const { rows, total, page, pages } = await searchAudit(appStore().db, filters);

  return (
    <>
      <PageHeader title="审计日志" subtitle="查看、导出居民个人信息和每一项管理操作都记录在此；记录只能新增，不能修改或删除。" />
      {problems.length > 0 && (
        <p role="alert" className="mb-3 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {problems.join('；')}
        </p>
      )}
      <form method="get" action="/admin/audit" className="mb-4 grid gap-3 rounded-xl border border-stone-200 bg-white p-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="筛选审计日志">
        <label className="text-sm font-medium">
          账号
          <input name="account" defaultValue={filters.account ?? ''} className={input} placeholder="如 shuji" />
        </label>
        <label className="text-sm font-medium">
          操作
          <select name="action" defaultValue={filters.action ?? ''} className={input}>
            <option value="">全部</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium">
          对象（住户、事项编号、电话…）
          <input name="subject" defaultValue={filters.subject ?? ''} className={input} placeholder="如 household:12" />
        </label>
        <label className="text-sm font-medium">
          开始日期
          <input type="date" name="from" min="2000-01-01" max="2100-12-31" defaultValue={filters.from ?? ''} className={input} />
        </label>
        <label className="text-sm font-medium">
          结束日期
          <input type="date" name="to" min="2000-01-01" max="2100-12-31" defaultValue={filters.to ?? ''} className={input} />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
            查询
          </button>
          <Link href="/admin/audit" className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-3 hover:bg-stone-100">
            清除
          </Link>
        </div>
      </form>

      <p className="mb-2 text-sm text-stone-700" aria-live="polite">
        共 {total} 条记录，按时间从新到旧{pages > 1 ? `，第 ${page} / ${pages} 页` : ''}
      </p>
      <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">审计日志</caption>
          <thead className="border-b border-stone-300 text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2">时间</th>
              <th scope="col" className="px-3 py-2">账号</th>
              <th scope="col" className="px-3 py-2">操作</th>
              <th scope="col" className="px-3 py-2">对象</th>
              <th scope="col" className="px-3 py-2">详情</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-200">
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="whitespace-nowrap px-3 py-2">{formatDateTime(r.at)}</td>
                <td className="px-3 py-2">
                  {r.displayName}（{r.username}，{ROLE_LABELS[r.role]}）
                </td>
                <td className="px-3 py-2">{AUDIT_ACTION_LABELS[r.action]}</td>
                <td className="px-3 py-2 font-mono text-xs">{subjectLabel(r.subject)}</td>
                <td className="max-w-md break-all px-3 py-2 text-xs text-stone-700">
                  <Detail detail={r.detail} />
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-stone-600">
                  没有符合条件的记录。
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="翻页" className="mt-3 flex gap-2">
          {page > 1 && (
            <Link href={`/admin/audit?${auditSearchParams(filters, page - 1)}`} className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 hover:bg-stone-100">
              上一页
            </Link>
          )}
          {page < pages && (
            <Link href={`/admin/audit?${auditSearchParams(filters, page + 1)}`} className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 hover:bg-stone-100">
              下一页
            </Link>
          )}
        </nav>
      )}
    </>
  );
}

/** Registry changes as "字段：前 → 后", one line each; other details as stored. */
function Detail({ detail }: { detail: string | null }) {
  const lines = describeDetail(detail);
  if (lines === null || typeof lines === 'string') return <>{lines}</>;
  return (
    <ul className="space-y-0.5">
      {lines.map((l, i) => (
        <li key={i}>
          <span className="font-medium">{l.field}</span>：{l.value ?? (
            <>
              <del className="text-stone-500">{l.before}</del> → <ins className="no-underline">{l.after}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
