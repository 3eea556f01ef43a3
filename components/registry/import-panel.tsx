'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { importStepAction, type ImportState } from '@/app/(staff)/registry/import/actions';
import type { PreviewView } from '@/lib/registry/import/service';

const RECORD_LABELS = {
  households: '住户',
  persons: '人员',
  partyMembers: '党员',
  centrals: '党员中心户',
  links: '中心户联系户',
  accounts: '账号',
} as const;

const buttonClass = 'inline-flex min-h-11 items-center justify-center rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800 disabled:opacity-60';

/** Upload → preview → confirm: two server actions, one state; nothing is written before 确认导入. */
export function ImportPanel({ communities }: { communities: { id: number; name: string }[] }) {
  const [state, act, pending] = useActionState<ImportState, FormData>(importStepAction, {});
  return (
    <div className="space-y-5">
      <form action={act} className="grid gap-3 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
        <input type="hidden" name="step" value="preview" />
        <div>
          <label htmlFor="import-community" className="block text-sm font-medium">
            导入到社区
          </label>
          <select id="import-community" name="communityId" className="mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base">
            {communities.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="import-file" className="block text-sm font-medium">
            Excel 文件（.xlsx，不超过 20 MB、10 万行）
          </label>
          <input
            id="import-file"
            name="file"
            type="file"
            required
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-2 text-base"
          />
        </div>
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? '请稍候…' : '上传并预览'}
        </button>
      </form>

      {state.message && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 font-medium text-red-900">
          {state.message}
        </p>
      )}
      {state.done && <ImportDone done={state.done} />}
      {state.preview && <PreviewPanel preview={state.preview} confirm={act} confirming={pending} />}
    </div>
  );
}

function PreviewPanel({ preview, confirm, confirming }: { preview: PreviewView; confirm: (f: FormData) => void; confirming: boolean }) {
  const rejected = preview.ledgers.reduce((n, l) => n + l.counts.rejected, 0);
  return (
    <div className="space-y-4" aria-labelledby="preview-heading">
      <h3 id="preview-heading" className="text-base font-semibold">
        预览：{preview.fileName} → {preview.community.name}（尚未写入）
      </h3>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-stone-300 text-stone-600">
            <tr>
              <th scope="col" className="py-2 pr-3">工作表</th>
              <th scope="col" className="py-2 pr-3 text-right">新增</th>
              <th scope="col" className="py-2 pr-3 text-right">修改</th>
              <th scope="col" className="py-2 pr-3 text-right">不变</th>
              <th scope="col" className="py-2 text-right">有误（不导入）</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-200 tabular-nums">
            {preview.ledgers.map((l) => (
              <tr key={l.kind}>
                <th scope="row" className="py-2 pr-3 font-medium">
                  {l.sheet}
                </th>
                <td className="py-2 pr-3 text-right">{l.counts.new} 行</td>
                <td className="py-2 pr-3 text-right">{l.counts.changed} 行</td>
                <td className="py-2 pr-3 text-right">{l.counts.unchanged} 行</td>
                <td className="py-2 text-right">{l.counts.rejected} 行</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm">
        将写入：
        {Object.entries(preview.records)
          .filter(([, r]) => r.created + r.changed > 0)
          .map(([k, r]) => `${RECORD_LABELS[k as keyof typeof RECORD_LABELS]} 新增 ${r.created}、修改 ${r.changed}`)
          .join('；') || '没有任何改变'}
        。文件中没有的人员和住户不会被删除；空白单元格不会清除已有信息。
      </p>
      {preview.ledgers.some((l) => l.variants.length > 0) && (
        <p className="text-sm text-stone-700">
          已识别的表头写法：{preview.ledgers.flatMap((l) => l.variants.map((v) => `“${v.used}”按“${v.header}”`)).join('、')}
        </p>
      )}
      {preview.ledgers.some((l) => l.unknownColumns.length > 0) && (
        <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
          <strong>不认识的列（不会导入）：</strong>
          {preview.ledgers.flatMap((l) => l.unknownColumns.map((c) => `${l.sheet}“${c}”`)).join('、')}
        </p>
      )}
      {preview.ignoredSheets.length > 0 && <p className="text-sm text-stone-600">未读取的工作表（不是台账）：{preview.ignoredSheets.join('、')}</p>}
      {preview.newBuildings.length > 0 && (
        <div className="rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm">
          <p className="font-medium">将在已有网格下新建 {preview.newBuildings.length} 个楼栋：</p>
          <p>{preview.newBuildings.map((b) => `${b.grid} ${b.name}`).join('、')}</p>
        </div>
      )}
      {rejected > 0 && (
        <div>
          <h4 className="mb-2 font-semibold">有误的行（{rejected} 行，确认后也不会导入，请改正后重新上传）</h4>
          <div className="max-h-96 overflow-auto">
            <table className="w-full text-left text-sm">
              <thead className="sticky top-0 border-b border-stone-300 bg-white text-stone-600">
                <tr>
                  <th scope="col" className="py-2 pr-3">工作表</th>
                  <th scope="col" className="py-2 pr-3">行</th>
                  <th scope="col" className="py-2 pr-3">列</th>
                  <th scope="col" className="py-2">原因</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {preview.rejections.map((r) => (
                  <tr key={`${r.sheet}-${r.row}`}>
                    <td className="py-1.5 pr-3">{r.sheet}</td>
                    <td className="py-1.5 pr-3 tabular-nums">第 {r.row} 行</td>
                    <td className="py-1.5 pr-3">{r.column}</td>
                    <td className="py-1.5">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.hiddenRejections > 0 && <p className="mt-2 text-sm text-stone-600">另有 {preview.hiddenRejections} 行有误未列出。</p>}
        </div>
      )}
      {preview.empty ? (
        <p className="font-medium">这个文件不会带来任何改变，无需确认。</p>
      ) : (
        <form action={confirm} className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="step" value="confirm" />
          <input type="hidden" name="communityId" value={preview.community.id} />
          <input type="hidden" name="token" value={preview.token} />
          <input type="hidden" name="digest" value={preview.digest} />
          <input type="hidden" name="fileName" value={preview.fileName} />
          <button type="submit" disabled={confirming} className={buttonClass}>
            {confirming ? '正在导入…' : '确认导入'}
          </button>
          <span className="text-sm text-stone-600">全部写入或全部不写入{rejected > 0 ? `；有误的 ${rejected} 行跳过` : ''}。</span>
        </form>
      )}
    </div>
  );
}

function ImportDone({ done }: { done: NonNullable<ImportState['done']> }) {
  return (
    <div className="space-y-3 rounded-lg border border-green-300 bg-green-50 p-4" role="status">
      <p className="font-semibold text-green-900">
        导入完成：
        {Object.entries(done.records)
          .filter(([, r]) => r.created + r.changed > 0)
          .map(([k, r]) => `${RECORD_LABELS[k as keyof typeof RECORD_LABELS]} 新增 ${r.created}、修改 ${r.changed}`)
          .join('；')}
        {done.newBuildings > 0 ? `；新建楼栋 ${done.newBuildings} 个` : ''}。
      </p>
      <Link href={`/org/${done.community.id}`} className="font-medium text-brand-800 underline">
        在组织架构中查看{done.community.name}
      </Link>
      {done.issued.length > 0 && (
        <div>
          <p className="font-medium">新账号的一次性密码（只显示这一次，离开本页后无法再查看；请逐一告知本人，首次登录时须修改密码；遗失的请在账号管理中重置）：</p>
          <table className="mt-2 text-sm">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-4 text-left">账号</th>
                <th scope="col" className="py-1 pr-4 text-left">姓名</th>
                <th scope="col" className="py-1 text-left">一次性密码</th>
              </tr>
            </thead>
            <tbody>
              {done.issued.map((a) => (
                <tr key={a.username}>
                  <td className="py-1 pr-4 font-mono">{a.username}</td>
                  <td className="py-1 pr-4">{a.displayName}</td>
                  <td className="py-1 font-mono">{a.password}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
