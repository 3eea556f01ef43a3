// The audit log (PIPL): who viewed or exported personal data and who changed the administration, and when.
import type { DB } from '@/db/client';
import { auditLog, type AuditAction } from '@/db/schema';

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
