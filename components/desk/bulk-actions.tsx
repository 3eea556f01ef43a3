'use client';

import Link from 'next/link';
import { useActionState, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { BulkRowResult } from '@/lib/desk/bulk';
import type { BulkAssignee } from '@/lib/desk/queue-options';
import { bulkCaseAction, loadBulkAssignees, type BulkActionState } from '@/app/(staff)/desk/cases/actions';

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

/** The last bulk run, kept for this browser tab so it survives paging, filtering and reloads until dismissed. */
type Outcome = { label: string; at: string; message: string; results: BulkRowResult[] };
const OUTCOME_KEY = 'yinghuo.desk.bulk-outcome';

const OUTCOME_EVENT = 'yinghuo:bulk-outcome';

function subscribe(onChange: () => void) {
  window.addEventListener(OUTCOME_EVENT, onChange);
  return () => window.removeEventListener(OUTCOME_EVENT, onChange);
}

function saveOutcome(outcome: Outcome | null) {
  if (outcome) sessionStorage.setItem(OUTCOME_KEY, JSON.stringify(outcome));
  else sessionStorage.removeItem(OUTCOME_KEY);
  window.dispatchEvent(new Event(OUTCOME_EVENT));
}

/** 派给网格员's list, read from the server the first time that action is chosen. */
type Assignees = { state: 'idle' | 'loading' | 'failed' } | { state: 'ready'; list: BulkAssignee[] };

/** Bulk actions on the selected rows: one action, then a per-row account of what happened. */
export function BulkActions({ categories }: { categories: Option[] }) {
  const [state, formAction, pending] = useActionState<BulkActionState, FormData>(bulkCaseAction, {});
  const [action, setAction] = useState<BulkAction>('accept');
  const [assignees, setAssignees] = useState<Assignees>({ state: 'idle' });
  const loadAssignees = () => {
    setAssignees({ state: 'loading' });
    loadBulkAssignees().then(
      (list) => setAssignees({ state: 'ready', list }),
      () => setAssignees({ state: 'failed' }),
    );
  };
  const chooseAction = (next: BulkAction) => {
    setAction(next);
    if (next === 'assign_worker' && (assignees.state === 'idle' || assignees.state === 'failed')) loadAssignees();
  };
  const [count, setCount] = useState(0);
  const ranLabel = useRef('');
  // The handled cases usually leave the current view (受理 moves them out of 待受理): keep the list.
  const stored = useSyncExternalStore(
    subscribe,
    () => sessionStorage.getItem(OUTCOME_KEY),
    () => null,
  );
  const outcome = useMemo(() => (stored ? (JSON.parse(stored) as Outcome) : null), [stored]);
  useEffect(() => {
    if (state.results) saveOutcome({ label: ranLabel.current, at: new Date().toISOString(), message: state.message ?? '', results: state.results });
  }, [state]);

  const dismiss = () => saveOutcome(null);

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
  const failures = outcome?.results.filter((r) => !r.ok) ?? [];
  const successes = outcome?.results.filter((r) => r.ok) ?? [];
  // A refusal of the whole form (no row touched) is shown in the bar, next to the fields to fix.
  const formError = state.ok === false && !state.results ? state.message : null;

  return (
    <>
      {outcome && (
        <section aria-labelledby="bulk-outcome-heading" className="mb-3 rounded-xl border border-stone-300 bg-white p-3 text-sm">
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div>
              <h2 id="bulk-outcome-heading" className="text-base font-semibold">
                刚处理的事项{outcome.label && `（批量${outcome.label}）`}
              </h2>
              <p aria-live="polite" className={failures.length === 0 ? 'font-medium text-emerald-800' : 'font-medium text-red-800'}>
                {outcome.message}
              </p>
            </div>
            <button type="button" onClick={dismiss} className="min-h-10 rounded-lg border border-stone-400 px-3 hover:bg-stone-50">
              关闭结果
            </button>
          </div>
          <div className="mt-2 grid gap-3 md:grid-cols-2">
            {failures.length > 0 && (
              <div>
                <h3 className="font-medium text-red-900">未处理 {failures.length} 件</h3>
                <ul className="mt-1 space-y-1">
                  {failures.map((r) => (
                    <li key={r.number}>
                      <Link href={`/cases/${r.number}`} prefetch={false} className="font-mono text-blue-800 underline">
                        {r.number}
                      </Link>
                      <span className="text-red-900">：{r.message}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {successes.length > 0 && (
              <div>
                <h3 className="font-medium text-emerald-900">已处理 {successes.length} 件</h3>
                <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
                  {successes.map((r) => (
                    <li key={r.number}>
                      <Link href={`/cases/${r.number}`} prefetch={false} className="font-mono text-blue-800 underline">
                        {r.number}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        </section>
      )}
      {/* Only while rows are ticked: a bar at the bottom of the screen, so the list comes first. Not rendered at all
          before that (the form's fields were a tenth of the queue's markup on a phone, sent, parsed and hydrated
          on every view): the row checkboxes name the form by id, and join it once it is inserted. */}
      {count > 0 && (
      <section
        aria-labelledby="bulk-heading"
        className="fixed inset-x-0 bottom-0 z-30 max-h-[60vh] overflow-y-auto border-t-2 border-brand-700 bg-white px-4 py-3 shadow-[0_-4px_12px_rgba(0,0,0,0.12)]"
      >
        <div className="mx-auto max-w-6xl">
          <h2 id="bulk-heading" className="text-base font-semibold">
            批量处理：已选 <span className="tabular-nums">{count}</span> 件 <span className="text-sm font-normal text-stone-700">（每件仍按其当前状态和权限单独判断）</span>
          </h2>
          <form id={BULK_FORM_ID} action={formAction} onSubmit={() => (ranLabel.current = ACTIONS.find((a) => a.value === action)?.label ?? '')} className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-[10rem_1fr_1fr_auto] lg:items-start">
            <label className="text-sm">
              操作
              <select name="action" value={action} onChange={(e) => chooseAction(e.target.value as BulkAction)} className={control}>
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
                  <select
                    name="accountId"
                    required
                    defaultValue=""
                    disabled={assignees.state !== 'ready'}
                    aria-busy={assignees.state === 'loading'}
                    aria-describedby={err.accountId ? 'bulk-accountId-error' : undefined}
                    className={control}
                  >
                    <option value="" disabled>
                      {assignees.state === 'ready' ? '请选择' : assignees.state === 'failed' ? '未能读取网格员名单' : '正在读取网格员名单…'}
                    </option>
                    {assignees.state === 'ready' &&
                      assignees.list.map((w) => (
                        <option key={w.id} value={w.id}>
                          {w.name}（{w.grids}）
                        </option>
                      ))}
                  </select>
                  {assignees.state === 'failed' && (
                    <button type="button" onClick={loadAssignees} className="mt-1 min-h-10 rounded-lg border border-stone-400 px-3 hover:bg-stone-50">
                      重新读取
                    </button>
                  )}
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
          {formError && (
            <p role="alert" className="mt-1 text-sm font-medium text-red-800">
              {formError}
            </p>
          )}
        </div>
      </section>
      )}
      {count > 0 && <div aria-hidden="true" className="h-48" />}
    </>
  );
}
