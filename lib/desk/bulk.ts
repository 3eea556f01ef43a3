// Bulk actions from the queue: the same lifecycle action on many cases, each judged on its own.
import type { Store } from '@/db/store';
import { performAction, type VersionedAction } from '@/lib/cases/commands';
import type { Actor } from '@/lib/cases/lifecycle';
import type { BulkActionInput } from './schemas';

export type BulkRowResult = { number: string; ok: boolean; message: string };

function actionFor(input: BulkActionInput, version: number): VersionedAction {
  switch (input.action) {
    case 'accept':
      return { action: 'accept', categoryId: input.categoryId, urgency: input.urgency, note: input.note, version };
    case 'assign_worker':
      return { action: 'assign_worker', accountId: input.accountId, note: input.note, version };
    case 'post_to_board':
      return { action: 'post_to_board', note: input.note, version };
    case 'supervise':
      return { action: 'supervise', note: input.note, dueAt: input.dueAt, version };
  }
}

/**
 * Each row goes through `performAction` in its own write, with the version the secretary saw: one case
 * changed meanwhile or in the wrong state fails alone and says why, the rest go on. One after the other, in
 * the order given, so the results (and the timeline) come out in the order the secretary ticked them.
 */
export async function performBulkAction(store: Store, actor: Actor, input: BulkActionInput, now = new Date()): Promise<BulkRowResult[]> {
  const results: BulkRowResult[] = [];
  for (const { number, version } of input.items) {
    const result = await performAction(store, actor, { number }, actionFor(input, version), [], now);
    results.push(result.ok ? { number, ok: true, message: '已完成' } : { number, ok: false, message: result.message });
  }
  return results;
}
