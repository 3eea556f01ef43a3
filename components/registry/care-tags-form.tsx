'use client';
// A household's care tags, each ticked with since-when and a note; 80岁以上 is shown as computed and cannot be ticked.
import { useActionState } from 'react';
import { saveCareTagsAction } from '@/app/(staff)/households/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { CARE_TAG_LABELS } from '@/lib/org/labels';
import type { StoredCareTag } from '@/lib/registry/care-tags';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { FormAlert, inputClass, SubmitButton } from './fields';

export function CareTagsForm({
  householdId,
  tags,
  current,
  elderly,
}: {
  householdId: number;
  tags: readonly StoredCareTag[];
  current: readonly { tag: string; since: string | null; note: string | null }[];
  elderly: boolean;
}) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(saveCareTagsAction, {});
  const e = state.fieldErrors ?? {};
  const initial = new Map(current.map((t) => [t.tag, t]));
  const value = (tag: string, field: 'since' | 'note') => (state.values ? (state.values[`${field}:${tag}`] ?? '') : (initial.get(tag)?.[field] ?? ''));
  const checked = (tag: string) => (state.values ? state.values[`tag:${tag}`] === 'on' : initial.has(tag));
  return (
    <form key={state.attempt} action={action} className="grid max-w-xl gap-3" noValidate>
      <input type="hidden" name="householdId" value={householdId} />
      <p className="text-sm text-stone-700">
        80岁以上：{elderly ? '是（按家庭成员出生日期自动计算）' : '否（按家庭成员出生日期自动计算）'}
      </p>
      <FieldError id="care-tag" error={e.tag} />
      {tags.map((tag) => (
        <fieldset key={tag} className="rounded-lg border border-stone-200 p-3">
          <legend className="sr-only">{CARE_TAG_LABELS[tag]}</legend>
          <label className="flex min-h-11 items-center gap-3 text-base font-medium">
            <input type="checkbox" name="tag" value={tag} defaultChecked={checked(tag)} className="size-5" />
            {CARE_TAG_LABELS[tag]}
          </label>
          <div className="mt-2 grid grid-cols-1 gap-2 sm:grid-cols-2">
            <label className="block text-sm">
              起始日期
              <input type="date" name={`since:${tag}`} defaultValue={value(tag, 'since')} className={inputClass} {...errorProps(`since-${tag}`, e[`since:${tag}`])} />
              <FieldError id={`since-${tag}`} error={e[`since:${tag}`]} />
            </label>
            <label className="block text-sm">
              备注
              <input name={`note:${tag}`} maxLength={200} defaultValue={value(tag, 'note')} className={inputClass} {...errorProps(`note-${tag}`, e[`note:${tag}`])} />
              <FieldError id={`note-${tag}`} error={e[`note:${tag}`]} />
            </label>
          </div>
        </fieldset>
      ))}
      <FormAlert message={state.message} />
      <div>
        <SubmitButton pending={pending}>保存关爱标签</SubmitButton>
      </div>
    </form>
  );
}
