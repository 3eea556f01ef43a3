'use client';
// Adding or editing a household member. The ID number is typed, never shown back in full to anyone but the administrator.
import { useActionState } from 'react';
import { createResidentAction, updateResidentAction } from '@/app/(staff)/households/actions';
import { RELATION_LABELS } from '@/lib/org/labels';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { FormAlert, SelectField, SubmitButton, TextField } from './fields';

type Values = { name: string; gender: string; birthDate: string; phone: string; relation: string; movedInOn: string };

export function ResidentForm({
  householdId,
  personId,
  initial,
  idNumber,
}: {
  householdId: number;
  personId?: number;
  initial: Values;
  /** Editing: the stored number as this viewer may see it (full for the administrator, masked otherwise), or null. */
  idNumber: { shown: string; full: boolean } | null;
}) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(personId ? updateResidentAction : createResidentAction, {});
  const v = { ...initial, ...state.values };
  const e = state.fieldErrors ?? {};
  return (
    <form key={state.attempt} action={action} className="grid max-w-xl gap-4" noValidate>
      <input type="hidden" name="householdId" value={householdId} />
      {personId && <input type="hidden" name="personId" value={personId} />}
      <TextField name="name" label="姓名" required defaultValue={v.name} error={e.name} maxLength={20} />
      <div className="grid grid-cols-2 gap-3">
        <SelectField
          name="gender"
          label="性别"
          defaultValue={v.gender}
          error={e.gender}
          options={[
            { value: '', label: '按身份证号' },
            { value: 'M', label: '男' },
            { value: 'F', label: '女' },
          ]}
        />
        <SelectField
          name="relation"
          label="与户主关系"
          required
          defaultValue={v.relation}
          error={e.relation}
          options={Object.entries(RELATION_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </div>
      <TextField name="phone" label="联系电话" type="tel" inputMode="tel" autoComplete="off" defaultValue={v.phone} error={e.phone} placeholder="11位手机号或带区号座机" />
      <TextField
        name="idNumber"
        label="身份证号"
        defaultValue={idNumber?.full ? idNumber.shown : ''}
        placeholder={idNumber && !idNumber.full ? idNumber.shown : '18位，末位可为X'}
        error={e.idNumber}
        hint={idNumber && !idNumber.full ? '已登记（仅显示前4位和后4位）。留空则不修改；如需更正请输入完整号码。' : '填写后自动核对校验位，并据此填写出生日期和性别。'}
        maxLength={22}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField name="birthDate" label="出生日期" type="date" defaultValue={v.birthDate} error={e.birthDate} />
        <TextField name="movedInOn" label="迁入日期" type="date" defaultValue={v.movedInOn} error={e.movedInOn} />
      </div>
      <FormAlert message={state.message} />
      <div>
        <SubmitButton pending={pending}>{personId ? '保存成员信息' : '添加成员'}</SubmitButton>
      </div>
    </form>
  );
}
