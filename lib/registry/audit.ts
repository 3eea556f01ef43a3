// Audit rows for registry changes: who changed what, with the fields before → after.
import type { DB } from '@/db/client';
import type { AuditAction } from '@/db/schema';
import { recordAudit } from '@/lib/audit/log';

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

/**
 * Records one registry change in the caller's transaction (the change and its row commit together).
 * `detail` is JSON `{ "field": [before, after], … }`; nothing is written when nothing changed.
 * Returns whether a row was written.
 */
export function recordChange(
  tx: Pick<DB, 'insert'>,
  change: { accountId: number; action: AuditAction; subject: string; before: Fields | null; after: Fields; note?: string },
  now = new Date(),
): boolean {
  const fields = changedFields(change.before, change.after);
  if (Object.keys(fields).length === 0 && !change.note) return false;
  const detail = change.note ? { ...fields, note: change.note } : fields;
  recordAudit(tx, { accountId: change.accountId, action: change.action, subject: change.subject, detail: JSON.stringify(detail) }, now);
  return true;
}
