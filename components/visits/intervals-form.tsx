'use client';
// The administrator's form for the visit intervals (days between visits, per care tag).
import { useActionState } from 'react';
import { saveVisitIntervalsAction, type IntervalsState } from '@/app/(staff)/admin/visits/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';

export function IntervalsForm({ fields }: { fields: { key: string; label: string; days: number }[] }) {
  const [state, action, pending] = useActionState<IntervalsState, FormData>(saveVisitIntervalsAction, {});
  const err = (k: string) => state.fieldErrors?.[k]?.[0];
  return (
    <form action={action} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((f) => (
          <div key={f.key}>
            <label htmlFor={`interval-${f.key}`} className="block text-sm font-medium">
              {f.label}：每几天走访一次
            </label>
            <input
              id={`interval-${f.key}`}
              name={f.key}
              type="number"
              min={1}
              max={730}
              required
              defaultValue={f.days}
              className="mt-1 block min-h-11 w-32 rounded-lg border border-stone-400 bg-white px-3"
              {...errorProps(`interval-${f.key}`, err(f.key))}
            />
            <FieldError id={`interval-${f.key}`} error={err(f.key)} />
          </div>
        ))}
      </div>
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg bg-brand-700 px-4 font-medium text-white hover:bg-brand-800 disabled:opacity-60">
        保存走访周期
      </button>
      {state.message && (
        <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-green-800' : 'text-red-700'}`}>
          {state.message}
        </p>
      )}
    </form>
  );
}
