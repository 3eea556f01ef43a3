// The year's evaluation as a download: authorised by role, scoped to the exporter, its export audit-logged with it.
import type { Store } from '@/db/store';
import { writeAudit } from '@/lib/audit/log';
import type { CurrentUser } from '@/lib/auth/current-user';
import { branchesIn, branchOf, pledgesOfYear, yearResults } from './queries';
import { pledgeWorkbook } from './workbook';

export const PLEDGE_EXPORT_ROLES = ['secretary'] as const;

export async function exportPledgeYear(store: Store, user: Pick<CurrentUser, 'id' | 'role' | 'scope' | 'scopeNodes' | 'displayName'>, year: number, now = new Date()) {
  if (!(PLEDGE_EXPORT_ROLES as readonly string[]).includes(user.role)) return null;
  const [results, rows, branches] = await Promise.all([yearResults(store.db, user.scope, year, now), pledgesOfYear(store.db, user.scope, year), branchesIn(store.db, user.scope)]);
  const scope = user.scopeNodes.map((n) => n.name).join('、');
  const buffer = await pledgeWorkbook({
    scope,
    year,
    exportedBy: user.displayName,
    exportedAt: now,
    results,
    rows,
    branchName: (path) => {
      const b = branchOf(branches, path);
      return b ? (b.partyOrgName ?? b.name) : '';
    },
  });
  await store.write((tx) => writeAudit(tx, { accountId: user.id, action: 'export', subject: `pledges:${year}`, detail: `${rows.length} rows` }, now));
  return { fileName: `党员每月一件事评诺_${scope}_${year}.xlsx`, buffer };
}
