'use server';
// Households, residents, care tags and central-household links: thin edges over lib/registry; each command checks role and scope again.

import { redirect } from 'next/navigation';
import { appStore } from '@/db/store';
import { formRecordId, pickFields, refusedState } from '@/lib/registry/action-edges';
import { requireUser } from '@/lib/auth/current-user';
import { formText } from '@/lib/registry/editors';
import { careTagsFromForm, createHousehold, setHouseholdStatus, updateHousehold, updateHouseholdCareTags } from '@/lib/registry/households';
import { assignCentralHousehold } from '@/lib/registry/party-members';
import { createResident, setResidentStatus, updateResident } from '@/lib/registry/persons';
import type { RegistryFormState } from '@/lib/registry/form-state';

const HOUSEHOLD_FIELDS = ['nodeId', 'unit', 'room', 'address', 'size'] as const;
const RESIDENT_FIELDS = ['name', 'gender', 'birthDate', 'phone', 'idNumber', 'relation', 'movedInOn'] as const;

export async function createHouseholdAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const values = pickFields(form, HOUSEHOLD_FIELDS);
  const result = await createHousehold(appStore(), user, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/households/${result.id}?done=created`);
}

export async function updateHouseholdAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const id = formRecordId(form, 'householdId');
  const values = pickFields(form, HOUSEHOLD_FIELDS);
  const result = await updateHousehold(appStore(), user, id, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/households/${id}?done=${result.changed ? 'updated' : 'unchanged'}`);
}

export async function setHouseholdStatusAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const id = formRecordId(form, 'householdId');
  const values = pickFields(form, ['status', 'since']);
  const result = await setHouseholdStatus(appStore(), user, id, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/households/${id}?done=${result.changed ? 'status' : 'unchanged'}`);
}

export async function saveCareTagsAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const id = formRecordId(form, 'householdId');
  const tags = careTagsFromForm(form);
  const result = await updateHouseholdCareTags(appStore(), user, id, tags);
  if (!result.ok) {
    const values = Object.fromEntries(tags.flatMap((t) => [[`tag:${t.tag}`, 'on'], [`since:${t.tag}`, t.since], [`note:${t.tag}`, t.note]]));
    return refusedState(result, values);
  }
  redirect(`/households/${id}?done=${result.changed ? 'care' : 'unchanged'}#care`);
}

export async function createResidentAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const householdId = formRecordId(form, 'householdId');
  const values = pickFields(form, RESIDENT_FIELDS);
  const result = await createResident(appStore(), user, householdId, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/households/${householdId}?done=resident_added#members`);
}

export async function updateResidentAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const householdId = formRecordId(form, 'householdId');
  const personId = formRecordId(form, 'personId');
  const values = pickFields(form, RESIDENT_FIELDS);
  const result = await updateResident(appStore(), user, personId, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/households/${householdId}?done=${result.changed ? 'resident_updated' : 'unchanged'}#members`);
}

export async function setResidentStatusAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary', 'grid_worker']);
  const householdId = formRecordId(form, 'householdId');
  const personId = formRecordId(form, 'personId');
  const values = pickFields(form, ['status', 'since']);
  const result = await setResidentStatus(appStore(), user, personId, values);
  if (!result.ok) return refusedState(result, values);
  redirect(`/households/${householdId}?done=${result.changed ? 'resident_status' : 'unchanged'}#members`);
}

export async function assignCentralHouseholdAction(_prev: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const householdId = formRecordId(form, 'householdId');
  const raw = formText(form, 'centralId');
  const centralId = raw === '' ? null : Number(raw);
  if (centralId !== null && (!Number.isInteger(centralId) || centralId <= 0)) return { message: '请选择党员中心户', fieldErrors: { centralId: '请选择党员中心户' }, attempt: Date.now() };
  const result = await assignCentralHousehold(appStore(), user, householdId, centralId);
  if (!result.ok) return refusedState(result, { centralId: raw });
  redirect(`/households/${householdId}?done=${result.changed ? 'central' : 'unchanged'}#central`);
}
