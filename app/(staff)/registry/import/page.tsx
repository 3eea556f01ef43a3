import type { Metadata } from 'next';
import { ImportPanel } from '@/components/registry/import-panel';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { LEDGER_FILE_NAMES, LEDGER_KINDS, LEDGERS } from '@/lib/registry/import/columns';
import { importCommunities } from '@/lib/registry/import/service';
import { mayExportIdNumbers } from '@/lib/registry/export-ledgers';

export const metadata: Metadata = { title: '台账导入导出' };

export default async function RegistryImportPage() {
  const user = await requireUser(['admin', 'secretary']);
  const communities = await importCommunities(appStore().db, user);
  return (
    <>
      <PageHeader title="台账导入导出" subtitle="人口/户籍台账、党员报到台账、党员中心户台账和账号：用模板填写后导入，先预览，确认后一次写入" />
      <Section title="下载模板" id="templates">
        <p className="mb-3 text-sm text-stone-600">
          每个模板含一张台账表和一张“填写说明”。常见的表头写法（如 户主姓名、手机号码、公民身份号码、楼号、房号）也能识别；不认识的列会在预览中列出，不会被猜测。
        </p>
        <ul className="flex flex-wrap gap-2">
          {LEDGER_KINDS.map((kind) => (
            <li key={kind}>
              <a
                href={`/registry/import/template/${kind}`}
                download
                className="inline-flex min-h-11 items-center rounded-lg border border-stone-400 bg-white px-4 font-medium hover:bg-stone-50"
              >
                {LEDGER_FILE_NAMES[kind]}模板
              </a>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="导入台账" id="import">
        {communities.length === 0 ? <p className="text-stone-600">您的管辖范围内没有可以导入的社区。</p> : <ImportPanel communities={communities} />}
      </Section>
      <Section title="导出台账" id="export">
        <p className="mb-3 text-sm text-stone-600">导出的文件与模板格式相同，可修改后重新导入；未修改的行导入后不会有任何变化。每次导出都会记入审计日志。</p>
        <form method="post" action="/registry/export" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end">
          <div>
            <label htmlFor="export-community" className="block text-sm font-medium">
              社区
            </label>
            <select id="export-community" name="communityId" className="mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base">
              {communities.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="export-ledger" className="block text-sm font-medium">
              台账
            </label>
            <select id="export-ledger" name="ledger" className="mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base">
              {LEDGER_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {LEDGERS[kind].sheet}
                </option>
              ))}
            </select>
          </div>
          {mayExportIdNumbers(user.role) ? (
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input type="checkbox" name="idNumbers" value="1" className="size-5" />
              包含身份证号
            </label>
          ) : (
            <p className="text-sm text-stone-600">身份证号不导出（仅系统管理员可导出）</p>
          )}
          <button type="submit" className="inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
            导出 .xlsx
          </button>
        </form>
      </Section>
    </>
  );
}
