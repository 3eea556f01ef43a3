'use client';
// The co-building units' and departments' forms: create, edit, deactivate / enable.

import { useActionState } from 'react';
import { createUnitAction, setUnitActiveAction, updateUnitAction } from '@/app/(staff)/org/units/actions';
import { errorProps, FieldError } from '@/components/forms/field-error';
import { FormNotice } from './node-forms';
import type { TreeFormState } from './tree-form-state';

const inputClass = 'mt-1 block w-full rounded-lg border border-stone-400 bg-white px-3 py-3 text-base';

export type UnitFormValues = {
  id?: number;
  kind?: 'co_building' | 'department';
  name?: string;
  partyOrgName?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  nodeId?: number;
};

export type PlaceChoice = { id: number; label: string; kinds: ('co_building' | 'department')[] };

function Field({ id, name, label, state, value, inputMode }: { id: string; name: string; label: string; state: TreeFormState; value?: string | null; inputMode?: 'tel' }) {
  const error = state.fieldErrors?.[name]?.[0];
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input id={id} name={name} inputMode={inputMode} defaultValue={state.values?.[name] ?? value ?? ''} className={inputClass} {...errorProps(id, error)} />
      <FieldError id={id} error={error} />
    </div>
  );
}

/** One form for both: without `unit.id` it creates, with it it edits (the kind is then fixed). */
export function UnitForm({ unit, places, kinds }: { unit?: UnitFormValues; places: PlaceChoice[]; kinds: { value: 'co_building' | 'department'; label: string }[] }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(unit?.id ? updateUnitAction : createUnitAction, {});
  const prefix = unit?.id ? `unit-${unit.id}` : 'unit-new';
  const nodeError = state.fieldErrors?.nodeId?.[0];
  const kindError = state.fieldErrors?.kind?.[0];
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-2" noValidate>
      {unit?.id ? (
        <input type="hidden" name="unitId" value={unit.id} />
      ) : (
        <div>
          <label htmlFor={`${prefix}-kind`} className="block text-sm font-medium">
            单位类型
          </label>
          <select key={state.values?.kind} id={`${prefix}-kind`} name="kind" defaultValue={state.values?.kind ?? kinds[0]?.value} className={inputClass} {...errorProps(`${prefix}-kind`, kindError)}>
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
          <FieldError id={`${prefix}-kind`} error={kindError} />
        </div>
      )}
      <Field id={`${prefix}-name`} name="name" label="单位名称" state={state} value={unit?.name} />
      <Field id={`${prefix}-party`} name="partyOrgName" label="党组织名称（可不填）" state={state} value={unit?.partyOrgName} />
      <Field id={`${prefix}-contact`} name="contactName" label="联系人（可不填）" state={state} value={unit?.contactName} />
      <Field id={`${prefix}-phone`} name="contactPhone" label="联系电话（可不填）" state={state} value={unit?.contactPhone} inputMode="tel" />
      <div>
        <label htmlFor={`${prefix}-node`} className="block text-sm font-medium">
          服务范围
        </label>
        <select
          key={state.values?.nodeId}
          id={`${prefix}-node`}
          name="nodeId"
          defaultValue={state.values?.nodeId ?? (unit?.nodeId ? String(unit.nodeId) : '')}
          className={inputClass}
          {...errorProps(`${prefix}-node`, nodeError)}
        >
          <option value="">请选择</option>
          {places.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <p className="mt-1 text-sm text-stone-600">共驻共建单位服务社区（或乡镇），职能部门服务全县（或乡镇）。</p>
        <FieldError id={`${prefix}-node`} error={nodeError} />
      </div>
      <div className="space-y-3 sm:col-span-2">
        <FormNotice state={state} />
        <button type="submit" disabled={pending} className="min-h-12 rounded-lg bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70">
          {pending ? '正在保存…' : unit?.id ? '保存' : '新建单位'}
        </button>
      </div>
    </form>
  );
}

export function UnitActiveForm({ unitId, active, name }: { unitId: number; active: boolean; name: string }) {
  const [state, action, pending] = useActionState<TreeFormState, FormData>(setUnitActiveAction, {});
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="unitId" value={unitId} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <button
        type="submit"
        disabled={pending}
        className="min-h-11 rounded-lg border border-stone-500 bg-white px-4 text-sm font-medium hover:bg-stone-100 disabled:opacity-70"
      >
        {active ? `停用「${name}」` : `启用「${name}」`}
      </button>
      <FormNotice state={state} />
    </form>
  );
}
