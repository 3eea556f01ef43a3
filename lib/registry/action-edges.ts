// What the registry's server actions share at their edge: reading form fields, record ids and refusals back to the form.
import { notFound } from 'next/navigation';
import { formText, type RegistryResult } from '@/lib/registry/editors';
import type { RegistryFormState } from '@/lib/registry/form-state';

/** The named fields of a form as trimmed strings (the commands validate them with zod). */
export const pickFields = <K extends string>(form: FormData, fields: readonly K[]) => Object.fromEntries(fields.map((f) => [f, formText(form, f)])) as Record<K, string>;

/** The record id a form carries; a tampered id is simply "not found". */
export function formRecordId(form: FormData, name: string): number {
  const id = Number(formText(form, name));
  if (!Number.isInteger(id) || id <= 0) notFound();
  return id;
}

/** Refusals go back to the form with what was typed (except the ID number); out of scope is a 404. */
export function refusedState(result: Exclude<RegistryResult, { ok: true }>, values: Record<string, string>): RegistryFormState {
  if (result.notFound) notFound();
  const { idNumber: _idNumber, ...kept } = values;
  return { message: result.message, fieldErrors: result.fieldErrors, values: kept, attempt: Date.now() };
}
