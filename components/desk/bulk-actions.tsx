'use client';

import { useActionState, useEffect, useState } from 'react';
import { bulkCaseAction, type BulkActionState } from '@/app/(staff)/desk/cases/actions';

export const BULK_FORM_ID = 'bulk-form';

type Option = { id: number; name: string };

const ACTIONS = [
  { value: 'accept', label: '受理' },
  { value: 'assign_worker', label: '派给网格员' },
  { value: 'post_to_board', label: '发布到认领台' },
  { value: 'supervise', label: '督办' },
] as const;

type BulkAction = (typeof ACTIONS)[number]['value'];

const control = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-2 py-2';

/** The row checkboxes live in the server-rendered table and join this form through `form=`. */
function selectedCount(): number {
  return document.querySelectorAll(`input[name="item"][form="${BULK_FORM_ID}"]:checked`).length;
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors[0]}
    </p>
  );
}

/** Bulk actions on the selected rows: one action, then a per-row account of what happened. */
export function BulkActions({ categories, gridWorkers }: { categories: Option[]; gridWorkers: (Option & { grids: string })[] }) {
  const [state, formAction, pending] = useActionState<BulkActionState, FormData>(bulkCaseAction, {});
  const [action, setAction] = useState<BulkAction>('accept');
  const [count, setCount] = useState(0);

  useEffect(() => {
    const recount = () => setCount(selectedCount());
    const onChange = (e: Event) => {
      const t = e.target as HTMLInputElement | null;
      if (t?.name === 'item' || t?.dataset.selectAll !== undefined) recount();
    };
    // React resets the form after the action; the reset event fires before the boxes clear.
    const onReset = () => setTimeout(recount, 0);
    document.addEventListener('change', onChange);
    document.addEventListener('reset', onReset, true);
    document.addEventListener('selectall', recount);
    recount();
    return () => {
      document.removeEventListener('change', onChange);
      document.removeEventListener('reset', onReset, true);
      document.removeEventListener('selectall', recount);
    };
  }, []);

  const err = state.fieldErrors ?? {};
  const failures = state.results?.filter((r) => !r.ok) ?? [];
  const successes = state.results?.filter((r) => r.ok) ?? [];

  return (
    <section aria-labelledby="bulk-heading" className="mb-4 rounded-xl border border-stone-200 bg-white p-3">
      <h2 id="bulk-heading" className="text-base font-semibold">
        批量处理 <span className="text-sm font-normal text-stone-700">（已选 {count} 件，每件仍按其当前状态和权限单独判断）</span>
      </h2>
      <form id={BULK_FORM_ID} action={formAction} className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_1fr_1fr_auto] lg:items-start">
        <label className="text-sm">
          操作
          <select name="action" value={action} onChange={(e) => setAction(e.target.value as BulkAction)} className={control}>
            {ACTIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        {action === 'accept' && (
          <>
            <label className="text-sm">
              事项分类 <span className="text-red-700">*</span>
              <select name="categoryId" required defaultValue="" aria-describedby={err.categoryId ? 'bulk-categoryId-error' : undefined} className={control}>
                <option value="" disabled>
                  请选择
                </option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
              <FieldError id="bulk-categoryId-error" errors={err.categoryId} />
            </label>
            <fieldset className="text-sm">
              <legend>紧急程度</legend>
              <div className="mt-1 flex gap-2">
                {[
                  ['normal', '一般'],
                  ['urgent', '紧急'],
                ].map(([value, label]) => (
                  <label key={value} className="flex min-h-10 items-center gap-2 rounded-lg border border-stone-300 px-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
                    <input type="radio" name="urgency" value={value} defaultChecked={value === 'normal'} />
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
          </>
        )}
        {action === 'assign_worker' && (
          <>
            <label className="text-sm">
              网格员 <span className="text-red-700">*</span>
              <select name="accountId" required defaultValue="" aria-describedby={err.accountId ? 'bulk-accountId-error' : undefined} className={control}>
                <option value="" disabled>
                  请选择
                </option>
                {gridWorkers.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name}（{w.grids}）
                  </option>
                ))}
              </select>
              <FieldError id="bulk-accountId-error" errors={err.accountId} />
            </label>
            <label className="text-sm">
              说明（可选）
              <input name="note" maxLength={500} className={control} />
            </label>
          </>
        )}
        {action === 'post_to_board' && (
          <label className="text-sm sm:col-span-1 lg:col-span-2">
            说明（可选）
            <input name="note" maxLength={500} className={control} />
          </label>
        )}
        {action === 'supervise' && (
          <>
            <label className="text-sm">
              督办意见 <span className="text-red-700">*</span>
              <textarea name="note" required minLength={2} maxLength={1000} rows={2} aria-describedby={err.note ? 'bulk-note-error' : undefined} className={control} />
              <FieldError id="bulk-note-error" errors={err.note} />
            </label>
            <label className="text-sm">
              新的办理时限（可选）
              <input name="dueAt" type="datetime-local" aria-describedby={err.dueAt ? 'bulk-dueAt-error' : undefined} className={control} />
              <FieldError id="bulk-dueAt-error" errors={err.dueAt} />
            </label>
          </>
        )}
        <div className="flex items-end sm:col-span-2 lg:col-span-1 lg:self-end">
          <button type="submit" disabled={pending || count === 0} className="min-h-11 w-full rounded-lg bg-brand-700 px-4 font-semibold text-white disabled:cursor-not-allowed disabled:bg-stone-400">
            {pending ? '处理中…' : `对 ${count} 件执行`}
          </button>
        </div>
      </form>
      <div aria-live="polite" className="mt-2 text-sm">
        {state.message && <p className={state.ok ? 'font-medium text-emerald-800' : 'font-medium text-red-800'}>{state.message}</p>}
        {failures.length > 0 && (
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-red-900">
            {failures.map((r) => (
              <li key={r.number}>
                <span className="font-mono">{r.number}</span>：{r.message}
              </li>
            ))}
          </ul>
        )}
        {successes.length > 0 && failures.length > 0 && (
          <p className="mt-1 text-emerald-900">
            已完成：<span className="font-mono">{successes.map((r) => r.number).join('、')}</span>
          </p>
        )}
      </div>
    </section>
  );
}
