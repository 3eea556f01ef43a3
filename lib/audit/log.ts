// The personal-data access log: who viewed or exported what, and when.
import type { DB } from '@/db/client';
import { auditLog } from '@/db/schema';

export type AuditEntry = {
  accountId: number;
  action: (typeof auditLog.$inferInsert)['action'];
  subject: string;
  detail?: string;
};

export function recordAudit(db: DB, entry: AuditEntry, now = new Date()): void {
  db.insert(auditLog)
    .values({ ...entry, at: now })
    .run();
}
