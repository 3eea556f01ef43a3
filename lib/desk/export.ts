// A ledger export from request to file: which requests, the summary figures, the audit row, the file name.
// The route handlers only parse, authorise and stream what `prepareExport` returns.
import type { Writable } from 'node:stream';
import type { DB } from '@/db/client';
import type { CurrentUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { computeStats, FIGURE_DEFINITIONS, RATE_DEFINITIONS, type RateKey, type Stats } from '@/lib/stats';
import { formatCount, formatHours } from '@/lib/stats/format';
import { chinaDay, monthName } from '@/lib/stats/period';
import { recordExport } from './export-audit';
import { describeFilters, shortFilterName } from './filter-text';
import { chinaDayStart, queueFilterSchema, queueWhere, type QueueFilters } from './filters';
import { QUEUE_ORDERS } from './queue';
import { selectLedgerRows } from './ledger-rows';
import { writeLedgerWorkbook, type LedgerSummary, type RateLine } from './ledger-workbook';
import { monthDays, monthSpan, spanLabel } from './month';

/** The current queue with its filters, or the month's ledger (every request received that month). */
export type ExportRequest = { kind: 'queue'; filters: QueueFilters } | { kind: 'ledger'; month: string };

export type PreparedExport = {
  fileName: string;
  rowCount: number;
  /** Writes the .xlsx to `out` and ends it. */
  write: (out: Writable) => Promise<void>;
};

/** Roles that may export the ledger; everyone else gets "not found". */
export const EXPORT_ROLES = ['secretary', 'admin'] as const;

const DAY_MS = 86_400_000;

export function mayExport(user: Pick<CurrentUser, 'role'>): boolean {
  return (EXPORT_ROLES as readonly string[]).includes(user.role);
}

/**
 * Reads the rows and the figures; the audit row is written once the whole file has been handed
 * to the response, so the log records exports that were delivered, not ones cut off half-way.
 * Null for a role that may not export (grid workers, party members, units).
 */
export function prepareExport(db: DB, user: CurrentUser, request: ExportRequest, now = new Date()): PreparedExport | null {
  if (!mayExport(user)) return null;
  const viewer = actorFromUser(user);
  const filters =
    request.kind === 'queue'
      ? request.filters
      : queueFilterSchema.parse({ from: monthDays(request.month).first, to: monthDays(request.month).last, sort: 'oldest' });
  const selected = selectLedgerRows(db, viewer, queueWhere(viewer, filters, now), QUEUE_ORDERS[filters.sort], now);

  const filterText = request.kind === 'ledger' ? `${monthName(request.month)}收到的全部事项（按提交时间）` : describeFilters(db, user.scope, filters);
  const period =
    request.kind === 'ledger'
      ? monthSpan(request.month)
      : {
          from: filters.from ? chinaDayStart(filters.from) : (selected.earliest ?? now),
          // Exclusive, like a month's end; the statistics judge "due" at the earlier of this and now.
          to: filters.to ? new Date(chinaDayStart(filters.to).getTime() + DAY_MS) : now,
        };
  const stats = computeStats(db, viewer, { ...period, gridId: filters.gridId }, now);
  const scope = user.scopeNodes.map((n) => n.name).join('、') || '—';

  const summary: LedgerSummary = {
    title: request.kind === 'ledger' ? `${scope} ${monthName(request.month)}诉求台账` : `${scope} 事项清单`,
    scope,
    exportedBy: `${user.displayName}（${user.username}）`,
    exportedAt: now,
    filterText,
    rowCount: selected.count,
    period: spanLabel(period),
    rateScope: filters.gridId
      ? '期间内该网格收到的全部事项；三率不受状态、分类等其他筛选条件影响'
      : '期间内辖区收到的全部事项；三率不受状态、分类等其他筛选条件影响',
    rates: rateLines(stats),
    figures: [
      { label: FIGURE_DEFINITIONS.received.label, value: `${formatCount(stats.totals.received)} 件` },
      { label: FIGURE_DEFINITIONS.overdue.label, value: `${formatCount(stats.totals.overdue)} 件` },
      { label: `${FIGURE_DEFINITIONS.hoursToAccept.label}中位数`, value: formatHours(stats.hoursToAccept.median) },
      { label: `${FIGURE_DEFINITIONS.hoursToResolve.label}中位数`, value: formatHours(stats.hoursToResolve.median) },
      { label: `${FIGURE_DEFINITIONS.partyClaims.label}（认领 / 已办）`, value: `${formatCount(stats.partyClaims.claims)} / ${formatCount(stats.partyClaims.done)} 件` },
    ],
  };
  const date = request.kind === 'ledger' ? request.month : chinaDay(now);
  const filterPart = request.kind === 'ledger' ? '' : `_${shortFilterName(db, user.scope, filters)}`;
  return {
    fileName: safeFileName(`台账_${scope}${filterPart}_${date}.xlsx`),
    rowCount: selected.count,
    write: async (out) => {
      await writeLedgerWorkbook(out, selected.rows, summary);
      recordExport(db, user.id, { kind: request.kind, month: request.kind === 'ledger' ? request.month : undefined, filterText, rows: selected.count }, now);
    },
  };
}

function rateLines(stats: Stats): RateLine[] {
  return (['response', 'resolution', 'satisfaction'] as const).map((key) => ({
    label: RATE_DEFINITIONS[key].label,
    definition: rateDefinitionText(key),
    ...stats.totals[key],
  }));
}

/** The whole 口径 of a rate in one cell: formula, numerator, denominator, edge cases. */
function rateDefinitionText(key: RateKey): string {
  const d = RATE_DEFINITIONS[key];
  return [`${d.label} = ${d.formula}。`, d.numerator, d.denominator, ...d.notes].join('\n');
}

/** Characters Windows refuses in file names become "_" (org names never hold them, but be safe). */
function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}
