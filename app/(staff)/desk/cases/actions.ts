'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { appStore } from '@/db/store';
import { requireUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { performBulkAction, type BulkRowResult } from '@/lib/desk/bulk';
import { bulkAssignees, type BulkAssignee } from '@/lib/desk/queue-options';
import { bulkActionSchema } from '@/lib/desk/schemas';

export type BulkActionState = {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  results?: BulkRowResult[];
};

/** The queue's bulk actions; every row is still judged by the lifecycle, one by one. */
export async function bulkCaseAction(_prev: BulkActionState, formData: FormData): Promise<BulkActionState> {
  const user = await requireUser(['secretary', 'admin']);
  const fields = Object.fromEntries([...formData.entries()].filter(([k, v]) => typeof v === 'string' && k !== 'item' && !k.startsWith('$')));
  const parsed = bulkActionSchema.safeParse({ ...fields, items: formData.getAll('item') });
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    return { ok: false, message: fieldErrors.items?.[0] ?? '请检查填写的内容。', fieldErrors };
  }
  const results = await performBulkAction(appStore(), actorFromUser(user), parsed.data);
  revalidatePath('/', 'layout');
  const done = results.filter((r) => r.ok).length;
  const failed = results.length - done;
  return {
    ok: failed === 0,
    message: failed === 0 ? `${done} 件全部完成。` : `${done} 件完成，${failed} 件未完成，原因见下。`,
    results,
  };
}

/** The grid workers 派给网格员 offers to this secretary: those within their scope, read when that action is chosen. */
export async function loadBulkAssignees(): Promise<BulkAssignee[]> {
  const user = await requireUser(['secretary', 'admin']);
  return bulkAssignees(appStore().db, user.scope);
}
