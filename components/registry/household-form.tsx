'use client';
// Adding or editing a household: building (choosing another one moves it), unit, room, address, size.
import { useActionState } from 'react';
import { createHouseholdAction, updateHouseholdAction } from '@/app/(staff)/households/actions';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { FormAlert, SelectField, SubmitButton, TextField } from './fields';

type Values = { nodeId: string; unit: string; room: string; address: string; size: string };

export function HouseholdForm({ householdId, initial, choices }: { householdId?: number; initial: Values; choices: { id: number; label: string }[] }) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(householdId ? updateHouseholdAction : createHouseholdAction, {});
  const v = { ...initial, ...state.values };
  const e = state.fieldErrors ?? {};
  return (
    <form key={state.attempt} action={action} className="grid max-w-xl gap-4" noValidate>
      {householdId && <input type="hidden" name="householdId" value={householdId} />}
      <SelectField
        name="nodeId"
        label="楼栋"
        required
        defaultValue={v.nodeId}
        error={e.nodeId}
        hint={householdId ? '选择其他楼栋即把本户迁到该楼栋；历史事项和走访记录保留原地点。' : undefined}
        options={[{ value: '', label: '请选择楼栋' }, ...choices.map((c) => ({ value: String(c.id), label: c.label }))]}
      />
      <div className="grid grid-cols-2 gap-3">
        <TextField name="unit" label="单元" defaultValue={v.unit} error={e.unit} placeholder="如 2单元" maxLength={10} />
        <TextField name="room" label="房号" defaultValue={v.room} error={e.room} placeholder="如 301" maxLength={10} />
      </div>
      <TextField name="address" label="地址" defaultValue={v.address} error={e.address} hint="留空则按楼栋、单元、房号自动生成" maxLength={100} />
      <TextField name="size" label="户内人口数" type="number" inputMode="numeric" required defaultValue={v.size} error={e.size} />
      <FormAlert message={state.message} />
      <div>
        <SubmitButton pending={pending}>{householdId ? '保存住户信息' : '新增住户'}</SubmitButton>
      </div>
    </form>
  );
}
