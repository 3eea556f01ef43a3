'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { createTokenSchema, revokeTokenSchema } from '@/lib/api/schemas';
import { createApiToken, revokeApiToken } from '@/lib/api/tokens';
import { requireUser } from '@/lib/auth/current-user';

export type CreateTokenState = {
  message?: string;
  fieldErrors?: { name?: string[]; nodeId?: string[] };
  values?: { name: string; nodeId: string };
  /** The new secret, sent to this browser once and never stored in readable form. */
  issued?: { name: string; secret: string };
};

export async function createTokenAction(_prev: CreateTokenState, formData: FormData): Promise<CreateTokenState> {
  const user = await requireUser(['admin']);
  const values = { name: String(formData.get('name') ?? ''), nodeId: String(formData.get('nodeId') ?? '') };
  const parsed = createTokenSchema.safeParse(values);
  if (!parsed.success) return { message: '请检查填写的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  const result = await createApiToken(appStore(), user, parsed.data);
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors, values };
  revalidatePath('/admin/tokens');
  return { issued: { name: parsed.data.name, secret: result.secret } };
}

export async function revokeTokenAction(formData: FormData): Promise<void> {
  const user = await requireUser(['admin']);
  const parsed = revokeTokenSchema.safeParse({ tokenId: formData.get('tokenId') });
  // Only a hand-edited form sends a bad or unknown id; the refreshed list shows the truth either way.
  if (parsed.success) await revokeApiToken(appStore(), user, parsed.data.tokenId);
  revalidatePath('/admin/tokens');
}
