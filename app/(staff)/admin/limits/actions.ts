'use server';

import { revalidatePath } from 'next/cache';
import { appStore } from '@/db/store';
import { parseLimitsForm, saveTimeLimits, type LimitChange } from '@/lib/admin/time-limits';
import { requireUser } from '@/lib/auth/current-user';

export type LimitsState = { ok?: boolean; message?: string; cellErrors?: Record<string, string>; changes?: LimitChange[] };

/** The whole limits table in one save: nothing is written unless every cell is valid. */
export async function saveTimeLimitsAction(_prev: LimitsState, formData: FormData): Promise<LimitsState> {
  const user = await requireUser(['admin']);
  const parsed = parseLimitsForm(formData.entries());
  if (!parsed.ok) {
    const bad = Object.keys(parsed.cellErrors).length;
    return { ok: false, message: `有 ${bad} 处时限填写有误，未保存任何修改。请按提示改正后再保存。`, cellErrors: parsed.cellErrors };
  }
  const result = await saveTimeLimits(appStore(), user.id, parsed.limits);
  if (!result.ok) return { ok: false, message: result.message };
  revalidatePath('/admin/limits');
  return { ok: true, message: result.changes.length === 0 ? '没有修改，无需保存。' : `已保存 ${result.changes.length} 处修改：`, changes: result.changes };
}
