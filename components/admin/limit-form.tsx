'use client';

import { useActionState } from 'react';
import { saveTimeLimitAction, type LimitState } from '@/app/(staff)/admin/limits/actions';

export function LimitForm({
  categoryId,
  urgency,
  label,
  acceptHours,
  resolveHours,
}: {
  categoryId: number;
  urgency: 'normal' | 'urgent';
  label: string;
  acceptHours: number;
  resolveHours: number;
}) {
  const [state, action, pending] = useActionState<LimitState, FormData>(saveTimeLimitAction, {});
  const id = `limit-${categoryId}-${urgency}`;
  return (
    <form action={action} className="flex flex-wrap items-end gap-2" aria-label={label}>
      <input type="hidden" name="categoryId" value={categoryId} />
      <input type="hidden" name="urgency" value={urgency} />
      <label htmlFor={`${id}-accept`} className="text-xs">
        受理（小时）
        <input id={`${id}-accept`} name="acceptHours" type="number" min={1} defaultValue={acceptHours} className="mt-0.5 block w-20 rounded border border-stone-400 px-2 py-1.5" />
      </label>
      <label htmlFor={`${id}-resolve`} className="text-xs">
        办结（小时）
        <input id={`${id}-resolve`} name="resolveHours" type="number" min={1} defaultValue={resolveHours} className="mt-0.5 block w-20 rounded border border-stone-400 px-2 py-1.5" />
      </label>
      <button type="submit" disabled={pending} className="min-h-9 rounded bg-stone-800 px-3 text-sm text-white disabled:opacity-60">
        保存
      </button>
      {state.message && (
        <span role="status" className={`text-xs ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>
          {state.message}
        </span>
      )}
    </form>
  );
}
