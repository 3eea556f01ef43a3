'use client';
// Marking a household (在住/空置/已迁出) or a resident (在册/已迁出/已故) with the date it took effect: records are kept, never deleted.
import { useActionState } from 'react';
import { setHouseholdStatusAction, setResidentStatusAction } from '@/app/(staff)/households/actions';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { FormAlert, SelectField, SubmitButton, TextField } from './fields';

export function StatusForm({
  householdId,
  personId,
  current,
  options,
}: {
  householdId: number;
  personId?: number;
  current: string;
  options: readonly { value: string; label: string }[];
}) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(personId ? setResidentStatusAction : setHouseholdStatusAction, {});
  const e = state.fieldErrors ?? {};
  const prefix = personId ? 'person-status' : 'household-status';
  return (
    <form key={state.attempt} action={action} className="grid max-w-xl gap-4" noValidate>
      <input type="hidden" name="householdId" value={householdId} />
      {personId && <input type="hidden" name="personId" value={personId} />}
      <div className="grid grid-cols-2 gap-3">
        <SelectField idPrefix={prefix} name="status" label="状态" defaultValue={state.values?.status ?? current} error={e.status} options={options} />
        <TextField idPrefix={prefix} name="since" label="生效日期" type="date" defaultValue={state.values?.since ?? ''} error={e.since} hint="留空为今天" />
      </div>
      <FormAlert message={state.message} />
      <div>
        <SubmitButton pending={pending} tone="plain">
          更新状态
        </SubmitButton>
      </div>
    </form>
  );
}
