'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import {
  accountIdSchema,
  createAccount,
  createAccountSchema,
  resetPassword,
  setAccountActive,
  updateAccount,
  updateAccountSchema,
  type AccountResult,
  type FieldErrors,
} from '@/lib/registry/accounts';

export type AccountFormValues = { username: string; displayName: string; phone: string; role: string; nodeIds: string[]; unitId: string };

export type AccountFormState = {
  message?: string;
  fieldErrors?: FieldErrors;
  values?: AccountFormValues;
  saved?: boolean;
  /** A new one-time password, sent to this browser once; only its hash is stored. */
  issued?: { accountId: number; username: string; password: string };
};

function formValues(formData: FormData): AccountFormValues {
  const text = (name: string) => String(formData.get(name) ?? '');
  return {
    username: text('username'),
    displayName: text('displayName'),
    phone: text('phone'),
    role: text('role'),
    nodeIds: formData.getAll('nodeIds').map(String),
    unitId: text('unitId'),
  };
}

function refused(result: Exclude<AccountResult, { ok: true }>, values?: AccountFormValues): AccountFormState {
  if (result.reason === 'not_found') return { message: '账号不存在或不在您的管理范围内。' };
  return { message: result.message, fieldErrors: result.fieldErrors, values };
}

export async function createAccountAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData);
  const parsed = createAccountSchema.safeParse(values);
  if (!parsed.success) return { message: '请检查标红的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await createAccount(appStore(), user, parsed.data);
  if (!result.ok) return refused(result, values);
  revalidatePath('/admin/accounts');
  return { issued: { accountId: result.accountId, username: parsed.data.username, password: result.oneTimePassword! } };
}

export async function updateAccountAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const values = formValues(formData);
  const parsed = updateAccountSchema.safeParse({ ...values, accountId: formData.get('accountId') });
  if (!parsed.success) return { message: '请检查标红的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await updateAccount(appStore(), user, parsed.data);
  if (!result.ok) return refused(result, values);
  revalidatePath('/admin/accounts');
  revalidatePath(`/admin/accounts/${result.accountId}`);
  return { saved: true, message: '已保存。', values };
}

export async function resetPasswordAction(_prev: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const user = await requireUser(['admin', 'secretary']);
  const parsed = accountIdSchema.safeParse({ accountId: formData.get('accountId') });
  if (!parsed.success) return { message: '账号不存在或不在您的管理范围内。' };
  const result = await resetPassword(appStore(), user, parsed.data.accountId);
  if (!result.ok) return refused(result);
  revalidatePath(`/admin/accounts/${result.accountId}`);
  return { issued: { accountId: result.accountId, username: String(formData.get('username') ?? ''), password: result.oneTimePassword! } };
}

export async function setAccountActiveAction(formData: FormData): Promise<void> {
  const user = await requireUser(['admin', 'secretary']);
  const parsed = accountIdSchema.extend({ active: z.enum(['true', 'false']) }).safeParse({ accountId: formData.get('accountId'), active: formData.get('active') });
  // Only a hand-edited form sends bad values; the refreshed page shows the truth either way.
  if (parsed.success) await setAccountActive(appStore(), user, parsed.data.accountId, parsed.data.active === 'true');
  revalidatePath('/admin/accounts');
  if (parsed.success) revalidatePath(`/admin/accounts/${parsed.data.accountId}`);
}
