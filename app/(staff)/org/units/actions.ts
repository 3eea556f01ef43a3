'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { createUnit, createUnitSchema, setUnitActive, setUnitActiveSchema, updateUnit, updateUnitSchema, type UnitResult } from '@/lib/registry/units';
import { formValues, invalidForm, type TreeFormState } from '@/components/org/tree-form-state';

const FIELDS = ['unitId', 'kind', 'name', 'partyOrgName', 'contactName', 'contactPhone', 'nodeId', 'active'] as const;

function stateOf(result: UnitResult, values: Record<string, string>): TreeFormState {
  if (result.ok) {
    revalidatePath('/org/units');
    return { ok: true, message: result.message };
  }
  if (result.code === 'not_found') notFound();
  return { ok: false, message: result.message, fieldErrors: result.fieldErrors, values };
}

export async function createUnitAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData, FIELDS);
  const parsed = createUnitSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await createUnit(appStore(), user, parsed.data), values);
}

export async function updateUnitAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData, FIELDS);
  const parsed = updateUnitSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await updateUnit(appStore(), user, parsed.data), values);
}

export async function setUnitActiveAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData, FIELDS);
  const parsed = setUnitActiveSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await setUnitActive(appStore(), user, parsed.data), values);
}
