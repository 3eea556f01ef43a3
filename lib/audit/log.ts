// The audit log (PIPL): who viewed or exported personal data and who changed the administration, and when.
import type { DB } from '@/db/client';
import { auditLog, type AuditAction } from '@/db/schema';
import type { AppDb } from '@/db/store';
import { auditLog as auditLogTable } from '@/db/tables';

export type AuditEntry = {
  accountId: number;
  action: AuditAction;
  /** What it concerns, as `kind:id`: `household:12`, `case:YH20261124-0001`, `time_limit:3:urgent`, `token:4`, `node:5` … */
  subject: string;
  detail?: string;
};

/** Takes the transaction of the change it records, when there is one, so the change and its row commit together. */
export function recordAudit(db: Pick<DB, 'insert'>, entry: AuditEntry, now = new Date()): void {
  db.insert(auditLog)
    .values({ ...entry, at: now })
    .run();
}

/**
 * The same for modules on the engine-neutral store (issue 12): `tx` is the write of the change it records. While
 * modules move one at a time both forms exist; `recordAudit` goes when its last caller has moved.
 */
export async function writeAudit(tx: AppDb, entry: AuditEntry, now = new Date()): Promise<void> {
  await tx.insert(auditLogTable).values({ ...entry, at: now });
}
