'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { signOutEverywhere } from '@/lib/auth/sessions';

const endSessionsSchema = z.object({ accountId: z.coerce.number({ error: '账号无效' }).int('账号无效').positive('账号无效') });

/** 全部退出: every browser signed in to the account is signed out at once. */
export async function endAccountSessionsAction(formData: FormData): Promise<void> {
  await requireUser(['admin']);
  const parsed = endSessionsSchema.safeParse({ accountId: formData.get('accountId') });
  // Only a hand-edited form sends a bad id; the refreshed list shows the truth either way.
  if (parsed.success) await signOutEverywhere(appStore(), parsed.data.accountId);
  revalidatePath('/admin/sessions');
}
