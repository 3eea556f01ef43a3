'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { purgeAllExpiredPersonalData, retentionSchema, setRetentionMonths } from '@/lib/pipl/retention';

export type PrivacyState = { ok?: boolean; message?: string };

export async function saveRetentionAction(_prev: PrivacyState, formData: FormData): Promise<PrivacyState> {
  const user = await requireUser(['admin']);
  const parsed = retentionSchema.safeParse({ months: formData.get('months') });
  if (!parsed.success) return { ok: false, message: z.flattenError(parsed.error).fieldErrors.months?.[0] ?? '输入无效' };
  await setRetentionMonths(appStore(), user.id, parsed.data.months);
  revalidatePath('/admin/privacy');
  return { ok: true, message: `已保存：办结后保存 ${parsed.data.months} 个月。` };
}

export async function purgeNowAction(_prev: PrivacyState): Promise<PrivacyState> {
  const user = await requireUser(['admin']);
  const purged = await purgeAllExpiredPersonalData(appStore(), new Date(), user.id);
  revalidatePath('/admin/privacy');
  const done = [purged.cases > 0 && `${purged.cases} 件事项`, purged.signups > 0 && `${purged.signups} 条志愿活动报名`].filter(Boolean);
  return { ok: true, message: done.length > 0 ? `已清除 ${done.join('、')}中的居民个人信息。` : '没有超过保存期限的事项或活动报名。' };
}
