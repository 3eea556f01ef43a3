'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { changePassword } from '@/lib/auth/change-password';
import { clientIp } from '@/lib/auth/client-ip';
import { requireUserChangingPassword } from '@/lib/auth/current-user';
import { ROLE_HOME } from '@/lib/auth/roles';
import { changePasswordSchema } from '@/lib/auth/schemas';

export type ChangePasswordState = {
  message?: string;
  done?: boolean;
  fieldErrors?: { current?: string[]; next?: string[]; confirm?: string[] };
};

export async function changePasswordAction(_prev: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  // The one action a one-time password holder may call: it is how they stop being one.
  const user = await requireUserChangingPassword();
  const parsed = changePasswordSchema.safeParse({ current: formData.get('current'), next: formData.get('next'), confirm: formData.get('confirm') });
  if (!parsed.success) return { message: '请检查标红的内容。', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const result = await changePassword(appStore(), user, parsed.data, clientIp(await headers()));
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors };
  // After a one-time password, straight on to the work the account is for.
  if (user.mustChangePassword) redirect(ROLE_HOME[user.role]);
  const others = result.endedSessions > 0 ? `其他设备上的 ${result.endedSessions} 处登录已退出。` : '';
  return { done: true, message: `密码已修改。${others}` };
}
