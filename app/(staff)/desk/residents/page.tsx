import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { Section } from '@/components/ui/section';
import { requireUser } from '@/lib/auth/current-user';
import { RESIDENT_EXPORT_ROLES } from '@/lib/pipl/resident-data';

export const metadata: Metadata = { title: '居民个人信息导出' };

type Search = Record<string, string | string[] | undefined>;

const input = 'mt-1 block min-h-11 w-full rounded-lg border border-stone-400 bg-white px-3';

/** PIPL access requests: a resident asks for everything held about them; the export is a POST and is logged. */
export default async function ResidentExportPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser(RESIDENT_EXPORT_ROLES);
  const error = (await searchParams).error;
  return (
    <>
      <PageHeader title="居民个人信息导出" subtitle="应居民本人申请，导出其在本系统中的全部诉求、办理记录和照片清单。每次导出都记入审计日志。" />
      {typeof error === 'string' && (
        <p role="alert" className="mb-3 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}
      <Section title="查找居民" id="resident">
        <form method="post" action="/desk/residents/export" className="grid max-w-xl gap-3">
          <label className="text-sm font-medium">
            手机号码
            <input name="phone" inputMode="numeric" autoComplete="off" className={input} placeholder="11 位手机号码" />
          </label>
          <label className="text-sm font-medium">
            姓名
            <input name="name" autoComplete="off" className={input} placeholder="与手机号码同时填写时，两者都须相符" />
          </label>
          <fieldset className="text-sm">
            <legend className="font-medium">导出格式</legend>
            <label className="mr-4 inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="format" value="xlsx" defaultChecked /> Excel（.xlsx）
            </label>
            <label className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="format" value="json" /> JSON
            </label>
          </fieldset>
          <p className="text-xs text-stone-600">
            {user.role === 'admin' ? '范围：全部辖区。' : '范围：您管辖的社区。'}只按姓名查找可能包含同名居民的诉求，请尽量使用手机号码。
          </p>
          <div>
            <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800">
              导出该居民的全部信息
            </button>
          </div>
        </form>
      </Section>
    </>
  );
}
