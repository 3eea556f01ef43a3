// A ledger export from request to file: which requests, the summary figures, the audit row, the file name.
// The route handlers only parse, authorise and stream what `prepareExport` returns.
import type { Writable } from 'node:stream';
import type { AppDb, Store } from '@/db/store';
import type { CurrentUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import { LIST_ORDERS } from '@/lib/cases/case-list';
import { computeStats, FIGURE_DEFINITIONS, RATE_DEFINITIONS, type RateKey, type Stats } from '@/lib/stats';
import { formatCount, formatHours } from '@/lib/stats/format';
import { chinaDay, monthName } from '@/lib/stats/period';
import { recordExport } from './export-audit';
import { describeFilters, shortFilterName } from './filter-text';
import { chinaDayStart, queueFilterSchema, queueWhere, type QueueFilters } from './filters';
import { selectLedgerRows } from './ledger-rows';
import { writeLedgerWorkbook, type LedgerRow, type LedgerSummary, type RateLine, type WriteProgress } from './ledger-workbook';
import { monthDays, monthSpan, spanLabel } from './month';

/** The current queue with its filters, or the month's ledger (every request received that month). */
export type ExportRequest = { kind: 'queue'; filters: QueueFilters } | { kind: 'ledger'; month: string };

/** A file ready to stream: its name, and how to write it (the route hands it to `xlsxResponse`). */
export type XlsxDownload = {
  fileName: string;
  /** Writes the .xlsx to `out` and ends it; resolves once `out` has taken all of it. */
  write: (out: Writable) => Promise<void>;
};

export type PreparedExport = XlsxDownload & {
  /** How many requests the sheet will hold (the snapshot of their ids, taken when preparing). */
  rowCount: number;
};

/** Roles that may export the ledger; everyone else gets "not found". */
export const EXPORT_ROLES = ['secretary', 'admin'] as const;

const DAY_MS = 86_400_000;

/** A worksheet holds 1,048,576 rows, the header one of them: a longer sheet would not open in Excel or WPS. */
export const SHEET_MAX_ROWS = 1_048_575;

/** More requests match than one sheet holds: refused before anything is written, with what to do instead. */
export class ExportTooLarge extends Error {
  constructor(
    readonly rows: number,
    readonly max: number,
  ) {
    super(`共 ${rows.toLocaleString('zh-CN')} 条事项，超过 Excel 单个工作表的上限（${max.toLocaleString('zh-CN')} 条）。请缩小日期范围或增加筛选条件，分次导出。`);
    this.name = 'ExportTooLarge';
  }
}

export function mayExport(user: Pick<CurrentUser, 'role'>): boolean {
  return (EXPORT_ROLES as readonly string[]).includes(user.role);
}

/**
 * Takes the snapshot of which requests the export holds (their ids, one short statement) and
 * names the file; everything else happens while the file streams: the rows in batches, then the
 * figures of the 汇总 sheet, then the audit row. Null for a role that may not export (grid
 * workers, party members, units).
 *
 * The audit row records what was handed over: once the whole file has been taken by the client,
 * one row with the row count; if the download breaks off after some request rows were written
 * (the client went away, or an error), one row marked incomplete with the rows written by then —
 * personal data may have left in the part that was sent, so the log must show it, and say it was
 * cut off, and at most how much. Nothing is logged when no request row was written.
 *
 * There is no row cap below what one sheet holds (`maxRows`, SHEET_MAX_ROWS): more than that
 * throws ExportTooLarge, whose message the route shows.
 */
export async function prepareExport(store: Store, user: CurrentUser, request: ExportRequest, now = new Date(), maxRows = SHEET_MAX_ROWS): Promise<PreparedExport | null> {
  if (!mayExport(user)) return null;
  const db = store.db;
  const viewer = actorFromUser(user);
  const filters =
    request.kind === 'queue'
      ? request.filters
      : queueFilterSchema.parse({ from: monthDays(request.month).first, to: monthDays(request.month).last, sort: 'oldest' });
  const selected = await selectLedgerRows(db, viewer, queueWhere(viewer, filters, now), LIST_ORDERS[filters.sort], now);
  if (selected.count > maxRows) throw new ExportTooLarge(selected.count, maxRows);
  const filterText = request.kind === 'ledger' ? `${monthName(request.month)}收到的全部事项（按提交时间）` : await describeFilters(db, user.scope, filters);
  const scope = user.scopeNodes.map((n) => n.name).join('、') || '—';
  const audit = (rows: number, incomplete: boolean) =>
    recordExport(store, user.id, { kind: request.kind, month: request.kind === 'ledger' ? request.month : undefined, filterText, rows, incomplete }, now);

  /** The 汇总 sheet, once the rows are written: the period may start at the earliest of them. */
  const summaryOf = async (reader: AppDb, rowCount: number, earliest: Date | null): Promise<LedgerSummary> => {
    const period =
      request.kind === 'ledger'
        ? monthSpan(request.month)
        : {
            from: filters.from ? chinaDayStart(filters.from) : (earliest ?? now),
            // Exclusive, like a month's end; the statistics judge "due" at the earlier of this and now.
            to: filters.to ? new Date(chinaDayStart(filters.to).getTime() + DAY_MS) : now,
          };
    const stats = await computeStats(reader, viewer, { ...period, gridId: filters.gridId }, now);
    return {
      title: request.kind === 'ledger' ? `${scope} ${monthName(request.month)}诉求台账` : `${scope} 事项清单`,
      scope,
      exportedBy: `${user.displayName}（${user.username}）`,
      exportedAt: now,
      filterText,
      rowCount,
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
  };

  const date = request.kind === 'ledger' ? request.month : chinaDay(now);
  const filterPart = request.kind === 'ledger' ? '' : `_${await shortFilterName(db, user.scope, filters)}`;
  return {
    fileName: safeFileName(`台账_${scope}${filterPart}_${date}.xlsx`),
    rowCount: selected.count,
    write: async (out) => {
      let earliest: number | null = null;
      async function* tracked(from: AppDb): AsyncGenerator<LedgerRow[]> {
        for await (const batch of selected.batches(from)) {
          for (const r of batch) if (earliest === null || r.createdAt < earliest) earliest = r.createdAt;
          yield batch;
        }
      }
      const progress: WriteProgress = { rows: 0 };
      try {
        // The rows and the summary's figures through a connection of the export's own (Store.scan): 100,000 rows read
        // once would otherwise fill the shared read connection's page cache, and evict what the other pages read.
        await store.scan((scanDb) =>
          writeLedgerWorkbook(out, tracked(scanDb), (rows) => summaryOf(scanDb, rows, earliest === null ? null : new Date(earliest)), progress),
        );
      } catch (error) {
        if (progress.rows > 0) await audit(progress.rows, true);
        throw error;
      }
      await audit(progress.rows, false);
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
