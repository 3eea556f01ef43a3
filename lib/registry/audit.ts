// Audit rows for registry changes: who changed what, with the fields before → after.
import type { AuditAction } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { writeAudit } from '@/lib/audit/log';

type Fields = Record<string, unknown>;

/** Only the fields that changed, each as [before, after]; a creation lists every field as [null, value]. */
export function changedFields(before: Fields | null, after: Fields): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before ? before[key] : null;
    if (JSON.stringify(old ?? null) !== JSON.stringify(value ?? null)) out[key] = [old ?? null, value ?? null];
  }
  return out;
}

/** One registry change: who, what, and the fields before → after (a creation has no before). */
export type Change = { accountId: number; action: AuditAction; subject: string; before: Fields | null; after: Fields; note?: string };

function detailOf(change: Change): string | null {
  const fields = changedFields(change.before, change.after);
  if (Object.keys(fields).length === 0 && !change.note) return null;
  return JSON.stringify(change.note ? { ...fields, note: change.note } : fields);
}

/**
 * Records one registry change in the caller's store write `tx` (the change and its row commit together).
 * `detail` is JSON `{ "field": [before, after], … }`; nothing is written when nothing changed.
 * Returns whether a row was written.
 */
export async function writeChange(tx: AppDb, change: Change, now = new Date()): Promise<boolean> {
  const detail = detailOf(change);
  if (detail === null) return false;
  await writeAudit(tx, { accountId: change.accountId, action: change.action, subject: change.subject, detail }, now);
  return true;
}
