// Bulk actions from the queue: the same lifecycle action on many cases, each judged on its own.
import type { DB } from '@/db/client';
import { performActionSync, type VersionedAction } from '@/lib/cases/commands';
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
 * Each row goes through `performAction` in its own transaction, with the version the secretary
 * saw: one case changed meanwhile or in the wrong state fails alone and says why, the rest go on.
 */
export function performBulkAction(db: DB, actor: Actor, input: BulkActionInput, now = new Date()): BulkRowResult[] {
  return input.items.map(({ number, version }) => {
    const result = performActionSync(db, actor, { number }, actionFor(input, version), [], now);
    return result.ok ? { number, ok: true, message: '已完成' } : { number, ok: false, message: result.message };
  });
}
