'use server';
// Server action of the 走访周期 settings: validate, save and audit the intervals.

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { INTERVAL_KEYS, setVisitIntervals, visitIntervalsSchema } from '@/lib/visits/intervals';

export type IntervalsState = { ok?: boolean; message?: string; fieldErrors?: Record<string, string[] | undefined> };

export async function saveVisitIntervalsAction(_prev: IntervalsState, formData: FormData): Promise<IntervalsState> {
  const user = await requireUser(['admin']);
  const parsed = visitIntervalsSchema.safeParse(Object.fromEntries(INTERVAL_KEYS.map((k) => [k, formData.get(k)])));
  if (!parsed.success) return { ok: false, message: '请修改标出的项目后再保存。', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  const changed = await setVisitIntervals(appStore(), user.id, parsed.data);
  revalidatePath('/admin/visits');
  return { ok: true, message: changed ? '走访周期已保存。' : '没有改动。' };
}
