'use client';
// One-button forms on a party member's page: transfer out (with a date), set up or dissolve their 党员中心户.
import { useActionState } from 'react';
import { createCentralHouseholdAction, removeCentralHouseholdAction, transferOutPartyMemberAction } from '@/app/(staff)/party-members/actions';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { FormAlert, SubmitButton, TextField } from './fields';

export function TransferOutForm({ partyMemberId }: { partyMemberId: number }) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(transferOutPartyMemberAction, {});
  return (
    <form key={state.attempt} action={action} className="grid max-w-xl gap-3" noValidate>
      <input type="hidden" name="partyMemberId" value={partyMemberId} />
      <TextField idPrefix="out" name="leftOn" label="转出日期" type="date" defaultValue={state.values?.leftOn ?? ''} error={state.fieldErrors?.leftOn} hint="留空为今天" />
      <FormAlert message={state.message} />
      <div>
        <SubmitButton pending={pending} tone="plain">
          组织关系转出
        </SubmitButton>
      </div>
    </form>
  );
}

export function CentralHouseholdButton({ partyMemberId, centralId }: { partyMemberId: number; centralId: number | null }) {
  const [state, action, pending] = useActionState<RegistryFormState, FormData>(centralId ? removeCentralHouseholdAction : createCentralHouseholdAction, {});
  return (
    <form action={action} className="mt-3 grid max-w-xl gap-3">
      <input type="hidden" name="partyMemberId" value={partyMemberId} />
      {centralId && <input type="hidden" name="centralId" value={centralId} />}
      <FormAlert message={state.fieldErrors?.form ?? state.message} />
      <div>
        <SubmitButton pending={pending} tone="plain">
          {centralId ? '撤销党员中心户' : '设本户为党员中心户'}
        </SubmitButton>
      </div>
    </form>
  );
}
