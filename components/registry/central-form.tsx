'use client';
// Which 党员中心户 of the grid looks after this household (at most one), or none.
import { useActionState } from 'react';
import { assignCentralHouseholdAction } from '@/app/(staff)/households/actions';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { FormAlert, SelectField, SubmitButton } from './fields';

export function CentralHouseholdForm({ householdId, current, choices }: { householdId: number; current: number | null; choices: { id: number; label: string }[] }) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(assignCentralHouseholdAction, {});
  return (
    <form key={state.attempt} action={action} className="mt-3 grid max-w-xl gap-3" noValidate>
      <input type="hidden" name="householdId" value={householdId} />
      <SelectField
        idPrefix="central"
        name="centralId"
        label="由哪个党员中心户联系"
        defaultValue={state.values?.centralId ?? (current === null ? '' : String(current))}
        error={state.fieldErrors?.centralId}
        options={[{ value: '', label: '暂不纳入联系' }, ...choices.map((c) => ({ value: String(c.id), label: c.label }))]}
      />
      <FormAlert message={state.message} />
      <div>
        <SubmitButton pending={pending} tone="plain">
          调整联系
        </SubmitButton>
      </div>
    </form>
  );
}
