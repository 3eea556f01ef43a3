// Views of personal data that are logged: a case page showing a resident's name or full phone number.
import type { Store } from '@/db/store';
import { writeAudit, type AuditEntry } from './log';

/**
 * Logs the view when the page shows the resident's name or unmasked number; a masked number
 * alone is not personal data shown. Pages call it on render, which Next does not prefetch
 * (no loading.js boundary in the staff pages), so only an opened page is logged.
 */
export async function auditCaseView(
  store: Store,
  accountId: number,
  c: { number: string; residentName: string | null; residentPhone: string | null; phoneMasked: boolean },
  now = new Date(),
): Promise<boolean> {
  const fullPhone = Boolean(c.residentPhone) && !c.phoneMasked;
  if (!c.residentName && !fullPhone) return false;
  await store.write((tx) => writeAudit(tx, { accountId, action: 'view_case', subject: `case:${c.number}`, detail: [c.residentName && '姓名', fullPhone && '完整电话'].filter(Boolean).join('、') }, now));
  return true;
}

/** Logs a view of personal data a page has just read (a household's residents, a central household's contacts), in a write of its own. */
export async function auditView(store: Store, entry: AuditEntry, now = new Date()): Promise<void> {
  await store.write((tx) => writeAudit(tx, entry, now));
}
