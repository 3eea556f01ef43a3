'use client';

import { useActionState } from 'react';
import { purgeNowAction, saveRetentionAction, type PrivacyState } from '@/app/(staff)/admin/privacy/actions';

function Message({ state }: { state: PrivacyState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`mt-2 text-sm ${state.ok ? 'text-green-800' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}

/** The retention period in months. */
export function RetentionForm({ months }: { months: number }) {
  const [state, action, pending] = useActionState(saveRetentionAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      <label className="text-sm font-medium">
        办结后保存（月）
        <input name="months" type="number" min={6} max={120} defaultValue={months} required className="mt-1 block min-h-11 w-32 rounded-lg border border-stone-400 bg-white px-3" />
      </label>
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800 disabled:opacity-60">
        保存期限
      </button>
      <div className="basis-full">
        <Message state={state} />
      </div>
    </form>
  );
}

/** Purges now what the background job would purge on its next run. */
export function PurgeForm({ due, dueSignups }: { due: number; dueSignups: number }) {
  const [state, action, pending] = useActionState(purgeNowAction, {});
  return (
    <form action={action}>
      <button type="submit" disabled={pending || due + dueSignups === 0} className="min-h-11 rounded-lg border border-red-700 bg-white px-4 font-medium text-red-800 hover:bg-red-50 disabled:opacity-60">
        立即清除 {due} 件过期事项{dueSignups > 0 ? `、${dueSignups} 条活动报名` : ''}的个人信息
      </button>
      <Message state={state} />
    </form>
  );
}
