'use server';
// 在职党员报到, edits, transfers out and 党员中心户: thin edges over lib/registry/party-members.ts, which checks role and scope again.

import { redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { formRecordId, pickFields, refusedState } from '@/lib/registry/action-edges';
import { requireUser } from '@/lib/auth/current-user';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { createCentralHousehold, registerPartyMember, removeCentralHousehold, transferOutPartyMember, updatePartyMember } from '@/lib/registry/party-members';

const MEMBER_FIELDS = ['kind', 'workplace', 'unitId', 'nodeId', 'registeredOn'] as const;
const PERSON_FIELDS = ['personId', 'name', 'gender', 'phone', 'idNumber', 'birthDate'] as const;

export async function registerPartyMemberAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const who = pickFields(form, PERSON_FIELDS);
  const member = pickFields(form, MEMBER_FIELDS);
  const result = await registerPartyMember(appStore(), user, who.personId ? { personId: who.personId } : who, member);
  if (!result.ok) return refusedState(result, { ...who, ...member });
  redirect(`/party-members/${result.id}?done=registered`);
}

export async function updatePartyMemberAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = formRecordId(form, 'partyMemberId');
  const values = pickFields(form, MEMBER_FIELDS);
  const result = await updatePartyMember(appStore(), user, id, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/party-members/${id}?done=${result.changed ? 'updated' : 'unchanged'}`);
}

export async function transferOutPartyMemberAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = formRecordId(form, 'partyMemberId');
  const values = pickFields(form, ['leftOn']);
  const result = await transferOutPartyMember(appStore(), user, id, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/party-members/${id}?done=${result.changed ? 'transferred' : 'unchanged'}`);
}

export async function createCentralHouseholdAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = formRecordId(form, 'partyMemberId');
  const result = await createCentralHousehold(appStore(), user, id);
  if (!result.ok) return refusedState(result, {});
  redirect(`/party-members/${id}?done=central_created#central`);
}

export async function removeCentralHouseholdAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = formRecordId(form, 'partyMemberId');
  const centralId = formRecordId(form, 'centralId');
  const result = await removeCentralHousehold(appStore(), user, centralId);
  if (!result.ok) return refusedState(result, {});
  redirect(`/party-members/${id}?done=central_removed#central`);
}
