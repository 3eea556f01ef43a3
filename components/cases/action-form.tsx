'use client';
// One action's form on a case: the intake forms' field style, the shared photo picker, the app's own Chinese messages.
import { useActionState, useState } from 'react';
import { performCaseAction, type CaseActionState } from '@/app/(staff)/cases/[number]/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '@/components/photos/photo-picker';
import type { ActionFormSpec, FieldSpec } from '@/lib/cases/action-forms';

const inputClass =
  'mt-1 block min-h-12 w-full rounded-lg border border-stone-400 bg-white px-3 py-2 text-base aria-[invalid=true]:border-red-700 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-700';

type Errors = Record<string, string[] | undefined>;

/** 回复模板 as one-tap phrases: a tap puts the phrase in the box, where it can be edited before sending. */
function Suggestions({ target, phrases }: { target: string; phrases: string[] }) {
  return (
    <div role="group" aria-label="常用回复" className="mt-1 flex flex-wrap gap-2">
      {phrases.map((phrase) => (
        <button
          key={phrase}
          type="button"
          onClick={() => {
            const box = document.getElementById(target) as HTMLTextAreaElement | null;
            if (!box) return;
            box.value = phrase;
            box.focus();
            box.setSelectionRange(phrase.length, phrase.length);
          }}
          className="min-h-11 rounded-full border border-stone-300 bg-stone-50 px-3 py-1 text-left text-sm text-stone-800 hover:bg-stone-100"
        >
          {phrase}
        </button>
      ))}
    </div>
  );
}

function Field({ field, id, error, photos, setPhotos }: { field: FieldSpec; id: string; error?: string; photos: PickedPhoto[]; setPhotos: (p: PickedPhoto[]) => void }) {
  const required = 'required' in field && field.required;
  const label = (
    <>
      {field.label}
      {required && <span className="ml-1 text-xs font-normal text-stone-600">（必填）</span>}
    </>
  );
  const aria = errorProps(id, error);
  let control: React.ReactNode;
  switch (field.kind) {
    case 'textarea':
      control = (
        <>
          {field.suggestions && <Suggestions target={id} phrases={field.suggestions} />}
          <textarea id={id} name={field.name} rows={3} maxLength={1000} className={inputClass} {...aria} />
        </>
      );
      break;
    case 'text':
      control = <input id={id} name={field.name} placeholder={field.placeholder} className={inputClass} {...aria} />;
      break;
    case 'number':
      control = <input id={id} name={field.name} type="number" inputMode="numeric" min={field.min} max={field.max} className={inputClass} {...aria} />;
      break;
    case 'datetime':
      control = <input id={id} name={field.name} type="datetime-local" className={inputClass} {...aria} />;
      break;
    case 'photos':
      return (
        <PhotoPicker
          id={id}
          label="照片"
          hint="拍下现场或办理结果，照片中的位置等信息会被自动去除。"
          photos={photos}
          error={error}
          onAdd={(added) => setPhotos([...photos, ...added])}
          onRemove={(gone) => {
            releasePhotos(photos.filter((p) => p.id === gone));
            setPhotos(photos.filter((p) => p.id !== gone));
          }}
        />
      );
    case 'select':
      control = (
        <select id={id} name={field.name} defaultValue={field.defaultValue ?? ''} className={inputClass} {...aria}>
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
        <fieldset id={id} tabIndex={-1} aria-describedby={aria['aria-describedby']}>
          <legend className="text-sm font-medium text-stone-800">{field.label}</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {field.options.map((o) => (
              <label key={o.value} className="flex min-h-11 items-center gap-2 rounded-lg border border-stone-300 px-3 has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 has-[:checked]:font-semibold">
                <input type="radio" name={field.name} value={o.value} defaultChecked={o.value === field.defaultValue} />
                {o.label}
              </label>
            ))}
          </div>
          <FieldError id={id} error={error} />
        </fieldset>
      );
  }
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {control}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** Required fields left empty, told in words before anything is sent (the server checks again). */
function missingFields(spec: ActionFormSpec, form: FormData): Errors {
  const errors: Errors = {};
  for (const field of spec.fields) {
    if (!('required' in field) || !field.required) continue;
    if (String(form.get(field.name) ?? '').trim() === '') errors[field.name] = [`${field.kind === 'select' ? '请选择' : '请填写'}${field.label.replace(/（.*）$/, '')}`];
  }
  return errors;
}

const TONE: Record<ActionFormSpec['tone'], string> = {
  primary: 'bg-brand-700 text-white hover:bg-brand-800',
  default: 'bg-stone-800 text-white hover:bg-stone-900',
  danger: 'border border-red-700 bg-white text-red-800 hover:bg-red-50',
};

/** One action's form; the server re-checks everything, this only collects the input. A success takes the page to the new state. */
export function ActionForm({ spec, number, version, big = false }: { spec: ActionFormSpec; number: string; version: number; big?: boolean }) {
  const [state, formAction, pending] = useActionState<CaseActionState, FormData>(performCaseAction, {});
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [localErrors, setLocalErrors] = useState<Errors | null>(null);
  const prefix = `${spec.action}-${version}`;
  const errors = localErrors ?? state.fieldErrors ?? {};
  return (
    <form
      noValidate
      action={(form) => {
        const missing = missingFields(spec, form);
        if (Object.keys(missing).length > 0) {
          setLocalErrors(missing);
          const first = Object.keys(missing)[0];
          document.getElementById(`${prefix}-${first}`)?.focus();
          return;
        }
        setLocalErrors(null);
        // The picker keeps the (shrunk) photos; the inputs' own files are not what is sent.
        form.delete('photos');
        for (const p of photos) form.append('photos', p.file, p.file.name);
        formAction(form);
      }}
      className="space-y-3"
    >
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="action" value={spec.action} />
      <input type="hidden" name="version" value={version} />
      {spec.fields.map((field) => (
        <Field key={field.name} field={field} id={`${prefix}-${field.name}`} error={errors[field.name]?.[0]} photos={photos} setPhotos={setPhotos} />
      ))}
      {state.message && !state.ok && !localErrors && (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className={`w-full rounded-lg px-4 font-semibold disabled:opacity-60 ${big ? 'min-h-14 text-lg' : 'min-h-12'} ${TONE[spec.tone]}`}
      >
        {pending ? '正在提交…' : spec.submitLabel}
      </button>
    </form>
  );
}
