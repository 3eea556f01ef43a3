'use client';
// The visit form on the phone: when, whom they met, what was found, one photo, and the household's care tags ticked on the spot.
import Link from 'next/link';
import { useActionState, useEffect, useRef, useState } from 'react';
import { recordVisitAction, type VisitFormState } from '@/app/(staff)/work/visits/[householdId]/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { inputClass, labelClass } from '@/components/intake-staff/fields';
import { StickyBar } from '@/components/intake-staff/notices';
import { PhotoPicker, releasePhotos, type PickedPhoto } from '@/components/photos/photo-picker';

export type TagChoice = { value: string; label: string; checked: boolean };

export function VisitForm({
  householdId,
  memberNames,
  tags,
  elderly80,
}: {
  householdId: number;
  memberNames: string[];
  tags: TagChoice[];
  /** 80岁以上 follows from dates of birth: shown, never ticked. */
  elderly80: boolean;
}) {
  const [state, formAction, pending] = useActionState<VisitFormState, FormData>(recordVisitAction, { status: 'idle' });
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [met, setMet] = useState('');
  const doneRef = useRef<HTMLHeadingElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.status === 'saved') {
      releasePhotos(photos);
      doneRef.current?.focus();
    }
    if (state.status === 'invalid') alertRef.current?.focus();
    // Only a new answer from the server moves the focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  if (state.status === 'saved') {
    return (
      <section aria-labelledby="visit-done" className="rounded-xl border border-green-300 bg-green-50 p-4">
        <h2 id="visit-done" ref={doneRef} tabIndex={-1} className="text-lg font-bold text-green-900">
          <span aria-hidden="true">✓ </span>走访已记录
        </h2>
        {state.tagsChanged && <p className="mt-1 text-sm text-green-900">关爱标签已更新。</p>}
        <div className="mt-4 grid gap-2 sm:grid-cols-2">
          <Link href={`/work/new?visit=${state.visitId}`} className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 px-4 font-semibold text-white">
            由此登记诉求
          </Link>
          <Link href="/work/visits" className="flex min-h-12 items-center justify-center rounded-lg border border-stone-400 bg-white px-4 font-medium">
            返回今日走访
          </Link>
        </div>
      </section>
    );
  }

  const errors = state.status === 'invalid' ? state.fieldErrors : {};
  const err = (f: string) => errors[f]?.[0];

  return (
    <form
      action={(fd) => {
        for (const p of photos) fd.append('photo', p.file, p.file.name);
        formAction(fd);
      }}
      noValidate
      className="space-y-5"
    >
      {state.status === 'invalid' && (
        <div ref={alertRef} tabIndex={-1} role="alert" className="rounded-lg border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-900">
          {state.message}
        </div>
      )}
      <input type="hidden" name="householdId" value={householdId} />

      <div>
        <label htmlFor="visit-met" className={labelClass}>
          见到的人
        </label>
        <input id="visit-met" name="met" maxLength={50} value={met} onChange={(e) => setMet(e.target.value)} className={inputClass} {...errorProps('visit-met', err('met'))} />
        <ul className="mt-2 flex flex-wrap gap-2" aria-label="快速选择">
          {[...memberNames, '无人在家'].map((n) => (
            <li key={n}>
              <button type="button" onClick={() => setMet(n)} className="min-h-11 rounded-full border border-stone-300 bg-white px-3 text-sm">
                {n}
              </button>
            </li>
          ))}
        </ul>
        <FieldError id="visit-met" error={err('met')} />
      </div>

      <div>
        <label htmlFor="visit-notes" className={labelClass}>
          走访情况<span className="ml-1 text-xs font-normal text-stone-600">（必填）</span>
        </label>
        <textarea id="visit-notes" name="notes" rows={3} maxLength={1000} required placeholder="身体、生活、家中情况，居民说了什么" className={inputClass} {...errorProps('visit-notes', err('notes'))} />
        <FieldError id="visit-notes" error={err('notes')} />
      </div>

      <div>
        <label htmlFor="visit-observations" className={labelClass}>
          发现的问题
        </label>
        <textarea id="visit-observations" name="observations" rows={2} maxLength={1000} placeholder="需要跟进的情况（可登记为诉求）" className={inputClass} {...errorProps('visit-observations', err('observations'))} />
        <FieldError id="visit-observations" error={err('observations')} />
      </div>

      <fieldset className="rounded-xl border border-stone-300 bg-white p-3">
        <legend className="px-1 text-sm font-medium text-stone-800">关爱标签（当场更新）</legend>
        <div className="grid grid-cols-2 gap-1">
          {tags.map((t) => (
            <label key={t.value} className="flex min-h-12 items-center gap-3 text-base">
              <input type="checkbox" name="careTags" value={t.value} defaultChecked={t.checked} className="h-6 w-6" />
              {t.label}
            </label>
          ))}
        </div>
        <p className="mt-1 text-sm text-stone-600">80岁以上按家庭成员出生日期自动计算{elderly80 ? '：本户有80岁以上老人' : '：本户没有80岁以上老人'}。</p>
        <FieldError id="visit-tags" error={err('careTags')} />
      </fieldset>

      <div>
        <label htmlFor="visit-at" className={labelClass}>
          走访时间<span className="ml-1 text-xs font-normal text-stone-600">（不填为现在，可补记30天内）</span>
        </label>
        <input id="visit-at" name="visitedAt" type="datetime-local" className={inputClass} {...errorProps('visit-at', err('visitedAt'))} />
        <FieldError id="visit-at" error={err('visitedAt')} />
      </div>

      <PhotoPicker
        id="visit-photo"
        label="照片"
        hint="照片中的位置等信息会被自动去除。"
        max={1}
        photos={photos}
        error={err('photo')}
        onAdd={(added) => setPhotos([...photos, ...added])}
        onRemove={(id) => {
          releasePhotos(photos.filter((p) => p.id === id));
          setPhotos(photos.filter((p) => p.id !== id));
        }}
      />

      <StickyBar>
        <button type="submit" disabled={pending} className="min-h-12 w-full rounded-lg bg-brand-700 px-4 text-base font-semibold text-white disabled:opacity-70">
          {pending ? '正在保存…' : '保存走访记录'}
        </button>
      </StickyBar>
    </form>
  );
}
