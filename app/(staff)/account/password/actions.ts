'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { changePassword } from '@/lib/auth/change-password';
import { clientIp } from '@/lib/auth/client-ip';
import { requireUser } from '@/lib/auth/current-user';
import { changePasswordSchema } from '@/lib/auth/schemas';

export type ChangePasswordState = {
  message?: string;
  done?: boolean;
  fieldErrors?: { current?: string[]; next?: string[]; confirm?: string[] };
};

export async function changePasswordAction(_prev: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const user = await requireUser();
  const parsed = changePasswordSchema.safeParse({ current: formData.get('current'), next: formData.get('next'), confirm: formData.get('confirm') });
  if (!parsed.success) return { message: '请检查标红的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const result = await changePassword(getDb(), user, parsed.data, clientIp(await headers()));
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors };
  const others = result.endedSessions > 0 ? `其他设备上的 ${result.endedSessions} 处登录已退出。` : '';
  return { done: true, message: `密码已修改。${others}` };
}
