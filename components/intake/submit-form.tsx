'use client';

import dynamic from 'next/dynamic';
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { FieldError } from '@/components/forms/field-error';
import { PhotoPicker, type PickedPhoto } from '@/components/photos/photo-picker';
import type { SubmitState } from './submit-state';

/** The confirmation is needed only after a submission: its code comes with the submission, not with the page. */
const SubmissionDone = dynamic(() => import('./submission-done').then((m) => m.SubmissionDone));

type Props = {
  action: (state: SubmitState, formData: FormData) => Promise<SubmitState>;
  categories: { id: number; name: string }[];
  placeHint: string;
  placeName: string;
  baseUrl: string;
  submitPath: string;
};

const input = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base aria-[invalid=true]:border-red-700';

/**
 * The same checks the server makes with the shared schema, run first so a missing description
 * is not found out only after three photos went up on a weak signal. The server still decides.
 */
function precheck(form: FormData): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const description = String(form.get('description') ?? '').trim();
  const phone = String(form.get('residentPhone') ?? '').trim();
  if (description.length < 2) errors.description = ['请填写诉求内容（至少 2 个字）'];
  if (phone && !/^1[3-9]\d{9}$/.test(phone)) errors.residentPhone = ['请输入 11 位手机号码'];
  else if (form.get('wantsCallback') && !phone) errors.residentPhone = ['需要回访时请留下手机号码'];
  return errors;
}

export function SubmitForm({ action, categories, placeHint, placeName, baseUrl, submitPath }: Props) {
  const [state, dispatch, pending] = useActionState(action, { status: 'idle' });
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [localErrors, setLocalErrors] = useState<Record<string, string[]> | null>(null);
  const [wantsCallback, setWantsCallback] = useState(state.status === 'error' && Boolean(state.values.wantsCallback));
  const formRef = useRef<HTMLFormElement>(null);
  const photosRef = useRef(photos);

  useEffect(() => {
    photosRef.current = photos;
  }, [photos]);
  // Previews are blob: URLs; give their memory back when the form goes away.
  useEffect(() => () => photosRef.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  // Fields fixed since the last refusal, tied to the refusal they answer (a new one starts afresh).
  const [fixed, setFixed] = useState<{ of: unknown; fields: ReadonlySet<string> }>({ of: null, fields: new Set() });
  const reported = localErrors ?? (state.status === 'error' ? state.fieldErrors : undefined) ?? {};
  const refusal = localErrors ?? state;
  const fixedFields = fixed.of === refusal ? fixed.fields : new Set<string>();
  const errors = Object.fromEntries(Object.entries(reported).filter(([field]) => !fixedFields.has(field)));
  const values = state.status === 'error' ? state.values : {};
  const hadFieldErrors = Object.keys(reported).length > 0;
  // The banner goes once every field it pointed at is fixed; a refusal without fields stays until the next try.
  const message = hadFieldErrors && Object.keys(errors).length === 0 ? null : localErrors ? '请检查标红的内容后再提交。' : state.status === 'error' ? state.message : null;

  /** As the resident types, a field that now passes the same checks loses its error. */
  function recheck(event: FormEvent<HTMLFormElement>) {
    if (!hadFieldErrors) return;
    const changed = (event.target as HTMLInputElement).name;
    const now = precheck(new FormData(event.currentTarget));
    const checkedHere = new Set(['description', 'residentPhone']);
    const nowFixed = Object.keys(reported).filter((f) => (checkedHere.has(f) ? !now[f] : f === changed));
    const same = nowFixed.length === fixedFields.size && nowFixed.every((f) => fixedFields.has(f));
    if (!same) setFixed({ of: refusal, fields: new Set(nowFixed) });
  }

  // After a refusal, take the resident to the first field to fix (on a phone it may be off screen).
  useEffect(() => {
    if (!message) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (first ?? document.getElementById('form-message'))?.focus();
  }, [message, localErrors, state]);

  if (state.status === 'done') {
    const statusPath = `/t/${state.token}`;
    return <SubmissionDone number={state.number} statusUrl={`${baseUrl}${statusPath}`} statusPath={statusPath} place={placeName} againHref={submitPath} />;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    // Sent by hand so the photos come from the picker, and so a refusal keeps what was typed.
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    form.delete('photos');
    for (const p of photos) form.append('photos', p.file, p.file.name);
    const found = precheck(form);
    if (Object.keys(found).length > 0) {
      setLocalErrors(found);
      return;
    }
    setLocalErrors(null);
    // Fetched while the request (and its photos) goes up, so the confirmation shows the moment the answer comes.
    void import('./submission-done').catch(() => undefined);
    startTransition(() => dispatch(form));
  }

  const describedBy = (field: string, hint?: string) => [errors[field] ? `${field}-error` : null, hint].filter(Boolean).join(' ') || undefined;
  const errorText = (field: string) => <FieldError id={field} error={errors[field]?.[0]} />;

  return (
    <form ref={formRef} action={dispatch} onSubmit={submit} onChange={recheck} noValidate className="space-y-6">
      {message && (
        <p id="form-message" role="alert" tabIndex={-1} className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-base text-red-800">
          {message}
        </p>
      )}

      <div>
        <label htmlFor="description" className="block text-base font-medium">
          诉求内容 <span className="text-red-700">（必填）</span>
        </label>
        <p id="description-hint" className="text-sm text-stone-600">
          遇到了什么问题、有什么心愿？说清楚情况，网格员好办理。
        </p>
        <textarea
          id="description"
          name="description"
          rows={5}
          maxLength={1000}
          required
          defaultValue={values.description}
          aria-invalid={Boolean(errors.description)}
          aria-describedby={describedBy('description', 'description-hint')}
          className={input}
        />
        {errorText('description')}
      </div>

      <div>
        <label htmlFor="categoryId" className="block text-base font-medium">
          分类 <span className="font-normal text-stone-600">（可不选）</span>
        </label>
        <select
          id="categoryId"
          name="categoryId"
          defaultValue={values.categoryId ?? ''}
          aria-invalid={Boolean(errors.categoryId)}
          aria-describedby={describedBy('categoryId')}
          className={input}
        >
          <option value="">不确定，交给网格员判断</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {errorText('categoryId')}
      </div>

      <div>
        <label htmlFor="place" className="block text-base font-medium">
          具体位置 <span className="font-normal text-stone-600">（单元/房号，或具体地点）</span>
        </label>
        <input
          id="place"
          name="place"
          maxLength={100}
          placeholder={placeHint}
          defaultValue={values.place}
          aria-invalid={Boolean(errors.place)}
          aria-describedby={describedBy('place')}
          className={input}
        />
        {errorText('place')}
      </div>

      <PhotoPicker
        id="photos"
        photos={photos}
        onAdd={(added) => setPhotos((list) => [...list, ...added])}
        onRemove={(id) =>
          setPhotos((list) => {
            const gone = list.find((p) => p.id === id);
            if (gone) URL.revokeObjectURL(gone.url);
            return list.filter((p) => p.id !== id);
          })
        }
        error={errors.photos?.[0]}
      />

      <fieldset className="space-y-4 rounded-xl border border-stone-200 bg-stone-50 p-4">
        <legend className="px-1 text-base font-medium">联系方式（可选）</legend>
        <p className="text-sm text-stone-600">只用于办理和回访，不会公开。</p>
        <div>
          <label htmlFor="residentName" className="block text-base font-medium">
            姓名或称呼
          </label>
          <input
            id="residentName"
            name="residentName"
            autoComplete="name"
            maxLength={20}
            placeholder="如：王阿姨"
            defaultValue={values.residentName}
            aria-invalid={Boolean(errors.residentName)}
            aria-describedby={describedBy('residentName')}
            className={input}
          />
          {errorText('residentName')}
        </div>
        <label className="flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border border-stone-300 bg-white px-3 py-2">
          <input
            type="checkbox"
            name="wantsCallback"
            checked={wantsCallback}
            onChange={(e) => setWantsCallback(e.currentTarget.checked)}
            className="h-6 w-6 shrink-0 accent-brand-700"
          />
          <span className="text-base">
            需要回访
            <span className="block text-sm text-stone-600">办结后网格员电话或上门回访</span>
          </span>
        </label>
        <div>
          <label htmlFor="residentPhone" className="block text-base font-medium">
            手机号 {wantsCallback && <span className="text-red-700">（需要回访时必填）</span>}
          </label>
          <input
            id="residentPhone"
            name="residentPhone"
            type="tel"
            inputMode="numeric"
            autoComplete="tel"
            maxLength={11}
            placeholder="11 位手机号码"
            defaultValue={values.residentPhone}
            aria-invalid={Boolean(errors.residentPhone)}
            aria-describedby={describedBy('residentPhone')}
            className={input}
          />
          {errorText('residentPhone')}
        </div>
      </fieldset>

      {/* Kept at the bottom of the screen: the form is longer than a phone screen. */}
      <div className="sticky bottom-0 z-10 -mx-4 border-t border-stone-200 bg-white/95 px-4 pb-[max(0.75rem,env(safe-area-inset-bottom))] pt-3 backdrop-blur">
        <button
          type="submit"
          disabled={pending}
          className="min-h-14 w-full rounded-xl bg-brand-700 px-4 text-lg font-semibold text-white shadow-sm hover:bg-brand-800 disabled:opacity-70"
        >
          {pending ? (photos.length > 0 ? '正在上传照片并提交…' : '正在提交…') : '提交诉求'}
        </button>
      </div>
    </form>
  );
}
