'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import {
  createTemplate,
  createTemplateSchema,
  setTemplateActive,
  setTemplateActiveSchema,
  updateTemplate,
  updateTemplateSchema,
  type TemplateResult,
} from '@/lib/templates/templates';
import { formValues, invalidForm, type TreeFormState } from '@/components/org/tree-form-state';

const FIELDS = ['templateId', 'purpose', 'categoryId', 'nodeId', 'text', 'active'] as const;

function stateOf(result: TemplateResult, values: Record<string, string>): TreeFormState {
  if (result.ok) {
    revalidatePath('/desk/templates');
    return { ok: true, message: result.message };
  }
  if (result.code === 'not_found') notFound();
  return { ok: false, message: result.message, fieldErrors: result.fieldErrors, values };
}

export async function createTemplateAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData, FIELDS);
  const parsed = createTemplateSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await createTemplate(appStore(), user, parsed.data), values);
}

export async function updateTemplateAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData, FIELDS);
  const parsed = updateTemplateSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await updateTemplate(appStore(), user, parsed.data), values);
}

export async function setTemplateActiveAction(_prev: TreeFormState, formData: FormData): Promise<TreeFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData, FIELDS);
  const parsed = setTemplateActiveSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, values);
  return stateOf(await setTemplateActive(appStore(), user, parsed.data), values);
}
