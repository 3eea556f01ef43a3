'use server';
// 在职党员报到, edits, transfers out and 党员中心户: thin edges over lib/registry/party-members.ts, which checks role and scope again.

import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/current-user';
import { formText, type RegistryResult } from '@/lib/registry/editors';
import type { RegistryFormState } from '@/lib/registry/form-state';
import { createCentralHousehold, registerPartyMember, removeCentralHousehold, transferOutPartyMember, updatePartyMember } from '@/lib/registry/party-members';

const MEMBER_FIELDS = ['kind', 'workplace', 'unitId', 'nodeId', 'registeredOn'] as const;
const PERSON_FIELDS = ['personId', 'name', 'gender', 'phone', 'idNumber', 'birthDate'] as const;

const pick = <K extends string>(form: FormData, fields: readonly K[]) => Object.fromEntries(fields.map((f) => [f, formText(form, f)])) as Record<K, string>;

function idOf(form: FormData, name: string): number {
  const id = Number(formText(form, name));
  if (!Number.isInteger(id) || id <= 0) notFound();
  return id;
}

function refusedState(result: Exclude<RegistryResult, { ok: true }>, values: Record<string, string>): RegistryFormState {
  if (result.notFound) notFound();
  const { idNumber: _idNumber, ...kept } = values;
  return { message: result.message, fieldErrors: result.fieldErrors, values: kept, attempt: Date.now() };
}

export async function registerPartyMemberAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const who = pick(form, PERSON_FIELDS);
  const member = pick(form, MEMBER_FIELDS);
  const result = registerPartyMember(getDb(), user, who.personId ? { personId: who.personId } : who, member);
  if (!result.ok) return refusedState(result, { ...who, ...member });
  redirect(`/party-members/${result.id}?done=registered`);
}

export async function updatePartyMemberAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = idOf(form, 'partyMemberId');
  const values = pick(form, MEMBER_FIELDS);
  const result = updatePartyMember(getDb(), user, id, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/party-members/${id}?done=${result.changed ? 'updated' : 'unchanged'}`);
}

export async function transferOutPartyMemberAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = idOf(form, 'partyMemberId');
  const values = pick(form, ['leftOn']);
  const result = transferOutPartyMember(getDb(), user, id, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/party-members/${id}?done=${result.changed ? 'transferred' : 'unchanged'}`);
}

export async function createCentralHouseholdAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = idOf(form, 'partyMemberId');
  const result = createCentralHousehold(getDb(), user, id);
  if (!result.ok) return refusedState(result, {});
  redirect(`/party-members/${id}?done=central_created#central`);
}

export async function removeCentralHouseholdAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const id = idOf(form, 'partyMemberId');
  const centralId = idOf(form, 'centralId');
  const result = removeCentralHousehold(getDb(), user, centralId);
  if (!result.ok) return refusedState(result, {});
  redirect(`/party-members/${id}?done=central_removed#central`);
}
