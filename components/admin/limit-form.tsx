'use client';

// The time-limits table as one form: changed cells are marked, one save writes them all or nothing.
import { useActionState, useState } from 'react';
import { saveTimeLimitsAction, type LimitsState } from '@/app/(staff)/admin/limits/actions';

type Hours = { acceptHours: number; resolveHours: number };
export type LimitRow = { id: number; name: string; group: string; normal: Hours; urgent: Hours };

const URGENCIES = [
  ['normal', '一般'],
  ['urgent', '紧急'],
] as const;
type Field = `${'accept' | 'resolve'}.${number}.${'normal' | 'urgent'}`;

export function LimitsForm({ rows }: { rows: LimitRow[] }) {
  const [state, action, pending] = useActionState<LimitsState, FormData>(saveTimeLimitsAction, {});
  const [edits, setEdits] = useState<Partial<Record<Field, string>>>({});

  const stored = (field: Field): string => {
    const [which, id, urgency] = field.split('.') as ['accept' | 'resolve', string, 'normal' | 'urgent'];
    const row = rows.find((r) => r.id === Number(id));
    return row ? String(row[urgency][which === 'accept' ? 'acceptHours' : 'resolveHours']) : '';
  };
  // A typed value equal to the stored one (also after a save brings new stored values) is not a change.
  const changed = (field: Field) => edits[field] !== undefined && edits[field] !== stored(field);
  const changedCount = rows.reduce((n, r) => n + URGENCIES.filter(([u]) => changed(`accept.${r.id}.${u}`) || changed(`resolve.${r.id}.${u}`)).length, 0);
  const errors = state.cellErrors ?? {};

  return (
    <form action={action} noValidate aria-describedby="limits-status">
      <div id="limits-status" aria-live="polite" className="mb-3">
        {state.message && (
          <div role={state.ok ? 'status' : 'alert'} className={`rounded-lg border px-3 py-2 text-sm ${state.ok ? 'border-emerald-300 bg-emerald-50 text-emerald-900' : 'border-red-300 bg-red-50 text-red-900'}`}>
            <p className="font-medium">{state.message}</p>
            {state.changes && state.changes.length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {state.changes.map((c) => (
                  <li key={`${c.categoryName}${c.urgencyLabel}`}>
                    {c.categoryName}（{c.urgencyLabel}）：受理 {c.before.acceptHours} → {c.after.acceptHours} 小时，办结 {c.before.resolveHours} → {c.after.resolveHours} 小时
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <div className="overflow-x-auto rounded-xl border border-stone-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-stone-300 text-stone-600">
            <tr>
              <th scope="col" className="px-3 py-2">
                分类
              </th>
              {URGENCIES.map(([u, label]) => (
                <th key={u} scope="col" className="px-3 py-2">
                  {label}（受理 / 办结，小时）
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-stone-200">
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row" className="px-3 py-2 font-medium">
                  {r.name}
                  <span className="block text-xs font-normal text-stone-600">{r.group}</span>
                </th>
                {URGENCIES.map(([u, label]) => {
                  const key = `${r.id}.${u}`;
                  const dirty = changed(`accept.${r.id}.${u}`) || changed(`resolve.${r.id}.${u}`);
                  const error = errors[key];
                  return (
                    <td key={u} className={`px-3 py-2 ${dirty ? 'bg-amber-50' : ''}`}>
                      <div className="flex flex-wrap items-end gap-2">
                        {(['accept', 'resolve'] as const).map((which) => {
                          const field: Field = `${which}.${r.id}.${u}`;
                          return (
                            <label key={which} className="text-xs">
                              <input type="hidden" name={`was.${field}`} value={stored(field)} />
                              {which === 'accept' ? '受理' : '办结'}
                              <input
                                name={field}
                                type="number"
                                inputMode="numeric"
                                min={1}
                                max={2160}
                                value={edits[field] ?? stored(field)}
                                onChange={(e) => setEdits((all) => ({ ...all, [field]: e.target.value }))}
                                aria-label={`${r.name} ${label} ${which === 'accept' ? '受理' : '办结'}时限（小时）`}
                                aria-invalid={Boolean(error)}
                                aria-describedby={error ? `limit-error-${key}` : undefined}
                                className={`mt-0.5 block w-20 rounded border px-2 py-1.5 ${changed(field) ? 'border-amber-600 border-2 font-semibold' : 'border-stone-400'} aria-[invalid=true]:border-red-700`}
                              />
                            </label>
                          );
                        })}
                        {dirty && <span className="pb-1.5 text-xs font-medium text-amber-900">已修改</span>}
                      </div>
                      {error && (
                        <p id={`limit-error-${key}`} className="mt-1 text-xs text-red-700">
                          {error}
                        </p>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="sticky bottom-0 mt-3 flex flex-wrap items-center gap-3 border-t border-stone-200 bg-stone-50 py-3">
        <button type="submit" disabled={pending} className="min-h-11 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-60">
          {pending ? '正在保存…' : changedCount > 0 ? `保存 ${changedCount} 处修改` : '保存'}
        </button>
        <span className="text-sm text-stone-700">{changedCount > 0 ? `已修改 ${changedCount} 处（黄色标记），尚未保存` : '没有未保存的修改'}</span>
      </div>
    </form>
  );
}
