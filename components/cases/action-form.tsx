'use client';

import { useActionState } from 'react';
import { performCaseAction, type CaseActionState } from '@/app/(staff)/cases/[number]/actions';
import type { ActionFormSpec, FieldSpec } from '@/lib/cases/action-forms';

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-2.5 text-base';

function Field({ field, id, error }: { field: FieldSpec; id: string; error?: string }) {
  const describedBy = error ? `${id}-error` : undefined;
  const label = (
    <>
      {field.label}
      {'required' in field && field.required && <span className="text-red-700"> *</span>}
    </>
  );
  let control: React.ReactNode;
  switch (field.kind) {
    case 'textarea':
      control = <textarea id={id} name={field.name} rows={3} required={field.required} aria-describedby={describedBy} className={inputClass} />;
      break;
    case 'text':
      control = <input id={id} name={field.name} required={field.required} placeholder={field.placeholder} aria-describedby={describedBy} className={inputClass} />;
      break;
    case 'number':
      control = <input id={id} name={field.name} type="number" inputMode="numeric" min={field.min} max={field.max} required={field.required} aria-describedby={describedBy} className={inputClass} />;
      break;
    case 'datetime':
      control = <input id={id} name={field.name} type="datetime-local" aria-describedby={describedBy} className={inputClass} />;
      break;
    case 'photos':
      control = <input id={id} name="photos" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple aria-describedby={describedBy} className="mt-1 block w-full text-sm" />;
      break;
    case 'select':
      control = (
        <select id={id} name={field.name} required={field.required} defaultValue={field.defaultValue ?? ''} aria-describedby={describedBy} className={inputClass}>
          <option value="" disabled>
            请选择
          </option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'checkbox':
      return (
        <div>
          <label className="flex min-h-11 items-center gap-2 text-base font-medium">
            <input type="checkbox" name={field.name} defaultChecked={field.defaultChecked} aria-describedby={field.hint ? `${id}-hint` : undefined} className="size-5" />
            {field.label}
          </label>
          {field.hint && (
            <p id={`${id}-hint`} className="text-sm text-stone-600">
              {field.hint}
            </p>
          )}
        </div>
      );
    case 'radio':
      return (
        <fieldset aria-describedby={describedBy}>
          <legend className="text-sm font-medium">{field.label}</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {field.options.map((o) => (
              <label key={o.value} className="flex min-h-11 items-center gap-2 rounded-lg border border-stone-300 px-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50">
                <input type="radio" name={field.name} value={o.value} defaultChecked={o.value === field.defaultValue} />
                {o.label}
              </label>
            ))}
          </div>
          {error && (
            <p id={describedBy} className="mt-1 text-sm text-red-700">
              {error}
            </p>
          )}
        </fieldset>
      );
  }
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {control}
      {error && (
        <p id={describedBy} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

const TONE: Record<ActionFormSpec['tone'], string> = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800',
  default: 'bg-stone-800 text-white hover:bg-stone-900',
  danger: 'border border-red-700 bg-white text-red-800 hover:bg-red-50',
};

/** One action's form; the server re-checks everything, this only collects the input. */
export function ActionForm({ spec, number, version }: { spec: ActionFormSpec; number: string; version: number }) {
  const [state, formAction, pending] = useActionState<CaseActionState, FormData>(performCaseAction, {});
  const prefix = `${spec.action}-${version}`;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="action" value={spec.action} />
      <input type="hidden" name="version" value={version} />
      {spec.fields.map((field) => (
        <Field key={field.name} field={field} id={`${prefix}-${field.name}`} error={state.fieldErrors?.[field.name]?.[0]} />
      ))}
      {state.message && !state.ok && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <button type="submit" disabled={pending} className={`min-h-12 w-full rounded-lg px-4 font-semibold disabled:opacity-60 ${TONE[spec.tone]}`}>
        {pending ? '正在提交…' : spec.submitLabel}
      </button>
    </form>
  );
}
