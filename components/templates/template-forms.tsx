'use client';
// 回复模板: add or edit one, switch it off or on. The server checks role, scope and every field again.

import { useActionState } from 'react';
import { createTemplateAction, setTemplateActiveAction, updateTemplateAction } from '@/app/(staff)/desk/templates/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { FormNotice } from '@/components/org/node-forms';
import type { TreeFormState } from '@/components/org/tree-form-state';

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base aria-[invalid=true]:border-red-700';

export type Choice = { value: string; label: string };
export type TemplateFormValues = { id: number; purpose: string; categoryId: number | null; nodeId: number; text: string };

function Select({ id, name, label, choices, value, state, empty }: { id: string; name: string; label: string; choices: Choice[]; value: string; state: TreeFormState; empty?: string }) {
  const error = state.fieldErrors?.[name]?.[0];
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {/* Keyed by the value to show: React resets a form after its action, and a select goes back to the option
          it was first rendered with unless it is rendered anew with the value sent. */}
      <select key={state.values?.[name] ?? value} id={id} name={name} defaultValue={state.values?.[name] ?? value} className={inputClass} {...errorProps(id, error)}>
        {empty !== undefined && <option value="">{empty}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

/** Without `template` it adds one; with it, it edits that one. */
export function TemplateForm({ template, purposes, categories, places }: { template?: TemplateFormValues; purposes: Choice[]; categories: Choice[]; places: Choice[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(template ? updateTemplateAction : createTemplateAction, {});
  const prefix = template ? `template-${template.id}` : 'template-new';
  const textError = state.fieldErrors?.text?.[0];
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-3" noValidate>
      {template && <input type="hidden" name="templateId" value={template.id} />}
      <Select id={`${prefix}-purpose`} name="purpose" label="用途" choices={purposes} value={template?.purpose ?? purposes[0]!.value} state={state} />
      <Select id={`${prefix}-category`} name="categoryId" label="事项分类" choices={categories} value={template?.categoryId ? String(template.categoryId) : ''} state={state} empty="全部分类" />
      <Select id={`${prefix}-node`} name="nodeId" label="适用范围" choices={places} value={String(template?.nodeId ?? places[0]?.value ?? '')} state={state} />
      <div className="sm:col-span-3">
        <label htmlFor={`${prefix}-text`} className="block text-sm font-medium">
          模板内容<span className="ml-1 text-xs font-normal text-stone-600">（必填，不超过200字）</span>
        </label>
        <textarea id={`${prefix}-text`} name="text" rows={2} maxLength={200} defaultValue={state.values?.text ?? template?.text ?? ''} className={inputClass} {...errorProps(`${prefix}-text`, textError)} />
        <FieldError id={`${prefix}-text`} error={textError} />
      </div>
      <div className="space-y-3 sm:col-span-3">
        <FormNotice state={state} />
        <button type="submit" disabled={pending} className="min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70">
          {pending ? '正在保存…' : template ? '保存' : '添加模板'}
        </button>
      </div>
    </form>
  );
}

export function TemplateActiveForm({ templateId, active }: { templateId: number; active: boolean }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(setTemplateActiveAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="templateId" value={templateId} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <button type="submit" disabled={pending} className="min-h-11 rounded-lg border border-stone-500 bg-white px-4 text-sm font-medium hover:bg-stone-100 disabled:opacity-70">
        {active ? '停用此模板' : '启用此模板'}
      </button>
      <FormNotice state={state} />
    </form>
  );
}
