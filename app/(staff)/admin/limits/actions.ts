'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { saveTimeLimit, timeLimitSchema } from '@/lib/admin/time-limits';
import { requireUser } from '@/lib/auth/current-user';

export type LimitState = { ok?: boolean; message?: string };

export async function saveTimeLimitAction(_prev: LimitState, formData: FormData): Promise<LimitState> {
  const user = await requireUser(['admin']);
  const parsed = timeLimitSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const errors = z.flattenError(parsed.error);
    return { ok: false, message: [...errors.formErrors, ...Object.values(errors.fieldErrors).flat()][0] ?? '输入无效' };
  }
  const result = saveTimeLimit(getDb(), user.id, parsed.data);
  if (!result.ok) return result;
  revalidatePath('/admin/limits');
  return { ok: true, message: '已保存' };
}
