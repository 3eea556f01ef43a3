// The ledger as an .xlsx workbook written row by row to a stream: the request sheet and the 汇总 summary sheet.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { nextTurn as giveTurn } from '@/lib/jobs/yield';
import { stripXmlForbidden } from '@/lib/validation/text';

/**
 * One request as the ledger prints it: labels already in Chinese, times as instants in epoch
 * milliseconds (not Dates: see `excelTime`).
 */
export type LedgerRow = {
  number: string;
  createdAt: number;
  source: string;
  category: string;
  urgency: string;
  description: string;
  grid: string;
  place: string;
  residentName: string;
  residentPhone: string;
  status: string;
  handler: string;
  level: string;
  acceptDueAt: number;
  acceptedAt: number | null;
  resolveDueAt: number | null;
  resolvedAt: number | null;
  overdue: string;
  supervised: string;
  rating: string;
  ratingComment: string;
  reopenCount: number;
};

type Column = { header: string; key: keyof LedgerRow; width: number; date?: true; wrap?: true };

/** The columns in the order 台账 templates use; the headers are what the community reports upward. */
export const LEDGER_COLUMNS: readonly Column[] = [
  { header: '事项编号', key: 'number', width: 18 },
  { header: '提交时间', key: 'createdAt', width: 20, date: true },
  { header: '来源', key: 'source', width: 11 },
  { header: '分类', key: 'category', width: 12 },
  { header: '紧急程度', key: 'urgency', width: 9 },
  { header: '诉求内容', key: 'description', width: 48, wrap: true },
  { header: '网格', key: 'grid', width: 12 },
  { header: '楼栋/地点', key: 'place', width: 20, wrap: true },
  { header: '居民姓名', key: 'residentName', width: 10 },
  { header: '联系电话', key: 'residentPhone', width: 14 },
  { header: '状态', key: 'status', width: 9 },
  { header: '承办', key: 'handler', width: 18, wrap: true },
  { header: '层级', key: 'level', width: 9 },
  { header: '受理时限', key: 'acceptDueAt', width: 20, date: true },
  { header: '受理时间', key: 'acceptedAt', width: 20, date: true },
  { header: '办结时限', key: 'resolveDueAt', width: 20, date: true },
  { header: '办结时间', key: 'resolvedAt', width: 20, date: true },
  { header: '是否超期', key: 'overdue', width: 14 },
  { header: '督办', key: 'supervised', width: 16, wrap: true },
  { header: '评价', key: 'rating', width: 10 },
  { header: '评价意见', key: 'ratingComment', width: 28, wrap: true },
  { header: '重办次数', key: 'reopenCount', width: 9 },
];

/** How Excel and WPS show our times: 2026年11月24日 14:05. Real dates, so the sheet sorts and filters by them. */
export const CHINESE_DATE_TIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm';

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * Spreadsheet times carry no zone: a cell holds the wall-clock time its reader sees. exceljs
 * writes a Date's UTC fields, so shift by China's offset to store Beijing wall time.
 */
function wallClock(d: Date | null): Date | null {
  return d ? new Date(d.getTime() + CHINA_OFFSET_MS) : null;
}

const DAY_MS = 86_400_000;

/**
 * A request row's time as the cell's number: Beijing wall time as days since 1899-12-30, exactly
 * what exceljs writes for `wallClock` of it (its dateToExcel: 25569 + ms / DAY_MS), so the sheet
 * is the same, and with the column's date format it reads back as that Date. Computed without a
 * Date per cell: in the server, Next's patched Date constructor (node-environment-extensions)
 * makes Dates outlive the young generation (measured: 5 per row promoted ~100 MB per 100,000-row
 * export), and the old one filled with garbage until the next full collection.
 */
function excelTime(ms: number | null): number | null {
  return ms === null ? null : 25569 + (ms + CHINA_OFFSET_MS) / DAY_MS;
}

export type RateLine = { label: string; numerator: number; denominator: number; value: number | null; definition: string };

export type LedgerSummary = {
  title: string;
  /** The org nodes the export covers, e.g. "龙湖社区". */
  scope: string;
  exportedBy: string;
  exportedAt: Date;
  filterText: string;
  rowCount: number;
  /** The period the rates are computed for, in words. */
  period: string;
  /** What the rates cover, since they ignore the queue's other filters. */
  rateScope: string;
  rates: readonly RateLine[];
  /** Further figures of the period (overdue count, median times …), label and value. */
  figures: readonly { label: string; value: string }[];
};

/** What the sheet's less obvious columns mean. */
const LEDGER_NOTE =
  '时间均为北京时间。“是否超期”：在办超期指导出时仍未办结、且已超过受理或办结时限；超期办结指办结时间晚于办结时限。联系电话按导出人的权限显示（系统管理员看到的是隐去中间四位的号码）。';

/**
 * Every string goes through here on its way into a cell. Input is cleaned at the boundary, but
 * rows stored before that (or by hand) may still hold characters XML forbids, and one of them
 * would make the whole sheet unreadable.
 */
function cellValue<T>(value: T): T | string {
  return typeof value === 'string' ? stripXmlForbidden(value) : value;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEDD5' } };

/** How long the writer keeps the thread before letting other requests run. */
const SLICE_MS = 10;

/** The download stopped before the file was complete: the client went away, or the stream was destroyed. */
export class ExportAborted extends Error {
  constructor() {
    super('the export stream closed before the workbook was complete');
    this.name = 'ExportAborted';
  }
}

/** How far a workbook got: the request rows handed to the stream so far (read it when writing fails). */
export type WriteProgress = { rows: number };

/**
 * Writes the workbook to `out` and ends it; resolves once `out` has taken the whole file. Rows are
 * committed one by one as each batch arrives (exceljs's streaming writer: inline strings, no shared
 * string table, a handful of column styles), so the first bytes leave at once and memory stays flat.
 * Between batches the event loop gets a turn, and when `out` is full the writer waits for it to
 * drain, so a slow client slows the export instead of filling the server's memory. Rejects with
 * ExportAborted once `out` is destroyed (the client went away), leaving `progress.rows` at the rows
 * written by then. The summary is asked for after the rows, so it can count what was written.
 */
export async function writeLedgerWorkbook(
  out: Writable,
  batches: Iterable<readonly LedgerRow[]> | AsyncIterable<readonly LedgerRow[]>,
  summary: (rowsWritten: number) => LedgerSummary | Promise<LedgerSummary>,
  progress: WriteProgress = { rows: 0 },
): Promise<void> {
  if (out.destroyed) throw new ExportAborted();
  // Settles only if `out` closes before it finished: then every wait below ends with ExportAborted.
  const closedEarly = new Promise<never>((_, reject) => {
    const onClose = () => (out.writableFinished ? undefined : reject(new ExportAborted()));
    if (out.destroyed) onClose();
    else out.once('close', onClose);
  });
  closedEarly.catch(() => undefined);

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '萤火 Yinghuo';

  const sheet = workbook.addWorksheet('事项台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  // One style object per column, shared by the column and each of its cells: exceljs caches a
  // style's id by object, so a shared object is looked up once instead of rendered per cell.
  const styles: Partial<ExcelJS.Style>[] = LEDGER_COLUMNS.map((c) =>
    c.date ? { numFmt: CHINESE_DATE_TIME_FORMAT } : c.wrap ? { alignment: { wrapText: true, vertical: 'top' } } : {},
  );
  sheet.columns = LEDGER_COLUMNS.map((c, i) => ({ header: c.header, key: c.key, width: c.width, style: styles[i] }));
  const header = sheet.getRow(1);
  header.eachCell((cell) => {
    cell.style = { font: { bold: true }, fill: HEADER_FILL, alignment: { vertical: 'middle', horizontal: 'center' } };
  });
  header.commit();
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };

  let sliceStart = performance.now();
  for await (const batch of batches) {
    for (const row of batch) {
      const added = sheet.addRow(LEDGER_COLUMNS.map((c) => (c.date ? excelTime(row[c.key] as number | null) : cellValue(row[c.key]))));
      for (let i = 0; i < styles.length; i++) added.getCell(i + 1).style = styles[i]!;
      added.commit();
      progress.rows++;
      // Other users' requests wait while this runs: give them the thread every few milliseconds.
      if (performance.now() - sliceStart > SLICE_MS) {
        await Promise.race([nextTurn(out, zipIntake(sheet)), closedEarly]);
        sliceStart = performance.now();
      }
    }
    await Promise.race([nextTurn(out, zipIntake(sheet)), closedEarly]);
    sliceStart = performance.now();
  }
  sheet.commit();

  const filled = await summary(progress.rows);
  workbook.created = filled.exportedAt; // read by the core properties, written at commit
  writeSummarySheet(workbook.addWorksheet('汇总'), filled);
  await Promise.race([workbook.commit(), closedEarly]);
}

type Drainable = { writableNeedDrain: boolean; once: (event: 'drain', listener: () => void) => unknown };

/**
 * Where the sheet's XML enters the zip. exceljs writes each sheet into a buffer stream that pushes
 * into archiver's pass-through for the entry without waiting for it (writes never apply
 * backpressure there), so when the zip falls behind, the rows written pile up in that
 * pass-through, uncompressed. The writer waits on it as on `out`. Found by shape, since neither
 * library exports it: without it only `out` is watched.
 */
function zipIntake(sheet: ExcelJS.Worksheet): Drainable | undefined {
  const first = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Partial<Drainable> | undefined;
  return first && typeof first.writableNeedDrain === 'boolean' && typeof first.once === 'function' ? (first as Drainable) : undefined;
}

/**
 * A turn for the event loop (other requests); and, while the zip has not taken the rows written
 * or the client has not read what the zip made, the wait until it has.
 */
async function nextTurn(out: Writable, intake: Drainable | undefined): Promise<void> {
  for (;;) {
    if (out.destroyed) throw new ExportAborted();
    const full = intake?.writableNeedDrain ? intake : out.writableNeedDrain ? out : null;
    if (!full) break;
    await new Promise<void>((resolve) => full.once('drain', resolve));
  }
  await giveTurn();
}

function writeSummarySheet(sheet: ExcelJS.Worksheet, s: LedgerSummary): void {
  sheet.columns = [{ width: 16 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 70 }];
  const bold = { font: { bold: true } };
  const add = (values: (string | number | Date | null)[], style?: Partial<ExcelJS.Style>) => {
    const row = sheet.addRow(values.map(cellValue));
    if (style) row.eachCell((cell) => (cell.style = style));
    row.commit();
  };
  add([s.title], { font: { bold: true, size: 14 } });
  add(['统计范围', s.scope]);
  add(['导出人', s.exportedBy]);
  const exported = sheet.addRow(['导出时间', wallClock(s.exportedAt)]);
  exported.getCell(2).numFmt = CHINESE_DATE_TIME_FORMAT;
  exported.commit();
  add(['筛选条件', s.filterText]);
  add(['事项数', s.rowCount]);
  add(['说明', LEDGER_NOTE]);
  add([]);
  add(['统计期间', s.period]);
  add(['统计口径', s.rateScope]);
  add(['指标', '分子', '分母', '比率', '定义'], { ...bold, fill: HEADER_FILL });
  for (const r of s.rates) {
    const row = sheet.addRow([r.label, r.numerator, r.denominator, r.value ?? '—', r.definition].map(cellValue));
    row.getCell(4).numFmt = '0.0%';
    row.getCell(5).alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  if (s.figures.length > 0) {
    add([]);
    add(['其他指标', '数值'], { ...bold, fill: HEADER_FILL });
    for (const f of s.figures) add([f.label, f.value]);
  }
  sheet.commit();
}
