// The export log (PIPL): one audit row per ledger export, and the recent exports a secretary or admin reviews.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accounts, auditLog } from '@/db/tables';
import { writeAudit } from '@/lib/audit/log';
import type { Scope } from '@/lib/auth/scope';

export type ExportKind = 'queue' | 'ledger';

export type ExportEntry = {
  kind: ExportKind;
  /** The month for a monthly ledger ("2026-11"). */
  month?: string;
  /** The filter in words, as the summary sheet shows it. */
  filterText: string;
  /** The rows written to the file (for an incomplete export: written before it broke off, at most what was sent). */
  rows: number;
  /** The download broke off before the file was complete. */
  incomplete?: boolean;
};

/** What the audit row's detail holds, as JSON, so the list can show it without parsing prose. */
type ExportDetail = { filter: string; rows: number; incomplete?: true };

export async function recordExport(store: Store, accountId: number, entry: ExportEntry, now = new Date()): Promise<void> {
  const detail: ExportDetail = { filter: entry.filterText, rows: entry.rows, ...(entry.incomplete ? { incomplete: true as const } : {}) };
  await store.write((tx) =>
    writeAudit(tx, { accountId, action: 'export', subject: entry.kind === 'ledger' ? `ledger:${entry.month}` : 'queue', detail: JSON.stringify(detail) }, now),
  );
}

export type ExportLogRow = {
  id: number;
  at: Date;
  who: string;
  role: Role;
  kind: ExportKind;
  month: string | null;
  filterText: string;
  rows: number | null;
  /** The download broke off; `rows` is how many had been written by then. */
  incomplete: boolean;
};

/**
 * Admins review every export; a secretary reviews the exports of accounts that work inside
 * their scope (their own included), so a township secretary sees those of its communities.
 */
export async function recentExports(db: AppDb, viewer: { id: number; role: Role; scope: Scope }, limit = 50): Promise<ExportLogRow[]> {
  const inViewerScope =
    viewer.role === 'admin'
      ? undefined
      : viewer.scope.paths.length === 0
        ? eq(auditLog.accountId, viewer.id)
        : sql`(${auditLog.accountId} = ${viewer.id} or exists (
            select 1 from account_scopes s join org_nodes n on n.id = s.node_id
            where s.account_id = ${auditLog.accountId} and (${sql.join(
              viewer.scope.paths.map((p) => sql`n.path like ${`${p}%`}`),
              sql` or `,
            )})))`;
  const rows = await db
    .select({ id: auditLog.id, at: auditLog.at, subject: auditLog.subject, detail: auditLog.detail, who: accounts.displayName, role: accounts.role })
    .from(auditLog)
    .innerJoin(accounts, eq(accounts.id, auditLog.accountId))
    .where(and(eq(auditLog.action, 'export'), inViewerScope))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => {
    const detail = parseDetail(r.detail);
    const ledger = r.subject.startsWith('ledger:');
    return {
      id: r.id,
      at: r.at,
      who: r.who,
      role: r.role,
      kind: ledger ? 'ledger' : 'queue',
      month: ledger ? r.subject.slice('ledger:'.length) : null,
      filterText: detail?.filter ?? r.detail ?? '',
      rows: detail?.rows ?? null,
      incomplete: detail?.incomplete === true,
    };
  });
}

function parseDetail(text: string | null): ExportDetail | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<ExportDetail>;
    if (typeof value.filter !== 'string' || typeof value.rows !== 'number') return null;
    return { filter: value.filter, rows: value.rows, ...(value.incomplete === true ? { incomplete: true as const } : {}) };
  } catch {
    return null;
  }
}
