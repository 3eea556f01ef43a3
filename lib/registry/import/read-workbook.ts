// Reads an uploaded .xlsx with exceljs's streaming reader: the file checks (kind, size, rows), each ledger sheet's header row, and its data rows as plain cells.
import fs from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { columnLetter, identifyLedger, LEDGERS, matchHeaders, type HeaderMatch, type LedgerKind } from './columns';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** A staged upload that is no longer there (expired, imported, or another account's). */
export const WORKBOOK_GONE = '上传的文件已失效（超过一小时或已导入），请重新上传';

/**
 * A workbook to read: a file on this machine (tests, scripts, benchmarks), or a staged upload (uploads.ts) named by
 * its key in the shared blob store, whose bytes never change under that key, loaded only when not read before.
 */
export type WorkbookSource = string | StagedWorkbook;
export type StagedWorkbook = { key: string; load: () => Promise<Uint8Array | null> };
export const MAX_IMPORT_ROWS = 100_000;
/** A title row or two ("XX社区人口台账") often sits above the headers. */
const HEADER_SEARCH_ROWS = 10;

/** A cell as the importer sees it; a formula is kept as a marker so its row is rejected with a reason. */
export type Cell = string | number | boolean | Date | null | { formula: string };

export type SheetRow = { row: number; cells: Cell[] };

export type LedgerSheet = { name: string; kind: LedgerKind; headerRow: number; match: HeaderMatch; rows: SheetRow[] };

export type ReadResult = { ok: true; sheets: LedgerSheet[]; ignoredSheets: string[]; rowCount: number } | { ok: false; message: string };

/**
 * What the first bytes say the file is. An .xlsx is a zip archive; a renamed .xls (an OLE
 * compound file), a CSV or a picture is refused with what to do instead.
 */
export function fileKindProblem(head: Uint8Array, byteLength: number): string | null {
  if (byteLength === 0) return '文件是空的';
  if (byteLength > MAX_IMPORT_BYTES) return `文件超过 20 MB（${(byteLength / 1024 / 1024).toFixed(1)} MB），请分成几个文件导入`;
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    return '这是旧版 Excel（.xls）文件，只是改了扩展名：请在 Excel 或 WPS 中“另存为” .xlsx 格式后再导入';
  }
  if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) {
    return '这不是 Excel 工作簿（.xlsx）文件，请用模板填写后保存为 .xlsx 再导入';
  }
  return null;
}

function toCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const f = value as { formula?: string; sharedFormula?: string };
      return { formula: f.formula ?? f.sharedFormula ?? '' };
    }
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return String(value.error);
    if ('text' in value) return typeof value.text === 'string' ? value.text : String(value.text ?? '');
  }
  return String(value);
}

function rowCells(row: ExcelJS.Row): Cell[] {
  const values = row.values as ExcelJS.CellValue[];
  const cells: Cell[] = [];
  for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
  return cells;
}

function headerText(cell: Cell): string | null {
  if (cell === null || typeof cell === 'object') return null;
  const s = String(cell).trim();
  return s === '' ? null : s;
}

function isEmptyRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}

/** Finds the header row among a sheet's first rows: the first that names a ledger's required columns. */
function findHeader(name: string, firstRows: readonly SheetRow[]): { kind: LedgerKind; index: number } | null {
  for (let i = 0; i < firstRows.length; i++) {
    const headers = firstRows[i]!.cells.map(headerText);
    const kind = identifyLedger(name, headers);
    if (kind && LEDGERS[kind].requiredColumns.every((k) => matchHeaders(kind, headers).columns.has(k))) return { kind, index: i };
  }
  return null;
}

/** A header cell left empty between named ones while its column holds data: a merged header the reader cannot split. */
function mergedHeaderProblem(sheet: string, headerRow: number, headers: readonly (string | null)[], rows: readonly SheetRow[], kind: LedgerKind): string | null {
  const last = headers.reduce<number>((acc, h, i) => (h ? i : acc), -1);
  for (let i = 0; i < last; i++) {
    if (headers[i]) continue;
    if (rows.some((r) => r.cells[i] !== null && r.cells[i] !== undefined && String(r.cells[i]).trim() !== '')) {
      return `工作表“${sheet}”第${headerRow}行第${columnLetter(i + 1)}列的表头是空的（多半是合并单元格）：请取消合并，并给每一列填写表头`;
    }
  }
  const next = rows[0];
  if (next && next.row === headerRow + 1) {
    const again = matchHeaders(kind, next.cells.map(headerText));
    if (again.columns.size >= 2) return `工作表“${sheet}”的表头占了两行（第${headerRow}、${next.row}行，多半是合并单元格）：请只保留一行表头`;
  }
  return null;
}

/** Where the last complete UTF-8 character of `buf` ends: a chunk cut inside a character keeps its tail for the next one. */
export function completeUtf8Length(buf: Uint8Array): number {
  let i = buf.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (buf[i]! & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0) return buf.length;
  const lead = buf[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return buf.length - i >= need ? buf.length : i;
}

async function* wholeCharacters(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of source) {
    const buf: Buffer = carry.length > 0 ? Buffer.concat([carry, Buffer.from(chunk)]) : Buffer.from(chunk);
    const cut = completeUtf8Length(buf);
    carry = buf.subarray(cut);
    if (cut > 0) yield buf.subarray(0, cut);
  }
  if (carry.length > 0) yield carry;
}

/**
 * exceljs 4.4's streaming reader decodes every decompressed chunk on its own, so a Chinese
 * character (three bytes) cut by a chunk boundary turns into "���" — in a 10,000-row ledger,
 * a few names and grid names each time. This reader hands its XML parser whole characters.
 */
type ReaderInternals = {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: AsyncIterable<Buffer | string>): AsyncGenerator<unknown>;
};
const BaseReader = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: Buffer, options: object) => ExcelJS.stream.xlsx.WorkbookReader & ReaderInternals;
class WholeCharacterReader extends BaseReader {
  constructor(
    private readonly bytes: Buffer,
    options: object,
  ) {
    super(bytes, options);
  }

  /**
   * The entries the sheets need, in the order they need them, found through the zip's central directory. exceljs's
   * own parse reads the zip front to back with unzipper's streaming parser, which finds where an entry ends by
   * scanning for the next header: on a busy machine it sometimes lost the end of an entry (FILE_ENDED) or handed a
   * worksheet over before the workbook part that names it (a file refused as unreadable that reads fine a moment
   * later). The bytes are whole in memory anyway (at most 20 MB).
   */
  async *parse() {
    const zip = await JSZip.loadAsync(this.bytes);
    // JSZip's stream is an old-style one, not async iterable: piped into one of node's.
    const part = (name: string): Readable | undefined => {
      const entry = zip.file(name);
      if (!entry) return undefined;
      const out = new PassThrough();
      return entry.nodeStream('nodebuffer').on('error', (e) => out.destroy(e)).pipe(out);
    };
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await this._parseRels(rels);
    const book = part('xl/workbook.xml');
    if (book) await this._parseWorkbook(book);
    const strings = part('xl/sharedStrings.xml');
    if (strings) yield* this._parseSharedStrings(strings);
    const sheets = Object.keys(zip.files)
      .map((name) => ({ name, no: /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name)?.[1] }))
      .filter((s): s is { name: string; no: string } => s.no !== undefined)
      .sort((a, b) => Number(a.no) - Number(b.no));
    for (const sheet of sheets) yield* this._parseWorksheet(part(sheet.name)!, sheet.no);
  }

  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return super._parseWorksheet(wholeCharacters(iterator), sheetNo);
  }
  _parseSharedStrings(entry: AsyncIterable<Buffer | string>) {
    return super._parseSharedStrings(Readable.from(wholeCharacters(entry)));
  }
}

/**
 * Streams the workbook sheet by sheet, keeping plain cells only, and stops as soon as it has
 * read more rows than allowed. Sheets that are no ledger (a 填写说明 sheet …) are listed, not read.
 */
export async function readWorkbook(source: string | Uint8Array): Promise<ReadResult> {
  // At most 20 MB (the upload is refused above that before it is stored), so the bytes are read whole.
  const bytes = typeof source === 'string' ? await fs.readFile(source) : source;
  const kindProblem = fileKindProblem(bytes.subarray(0, 8), bytes.length);
  if (kindProblem) return { ok: false, message: kindProblem };

  const reader = new WholeCharacterReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Date cells then arrive as serial numbers, which the date columns convert: reading styles costs time for nothing else.
    styles: 'ignore',
    entries: 'ignore',
  });
  const sheets: LedgerSheet[] = [];
  const ignoredSheets: string[] = [];
  let rowCount = 0;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      const first: SheetRow[] = [];
      let found: { kind: LedgerKind; index: number } | null = null;
      let headers: (string | null)[] = [];
      let headerRow = 0;
      const rows: SheetRow[] = [];
      for await (const row of worksheet) {
        const cells = rowCells(row);
        if (!found) {
          if (row.number > HEADER_SEARCH_ROWS) continue; // no header within the first rows: the sheet is not a ledger
          if (isEmptyRow(cells)) continue;
          first.push({ row: row.number, cells });
          found = findHeader(name, first.slice(-1));
          if (found) {
            headerRow = row.number;
            headers = cells.map(headerText);
          }
          continue;
        }
        if (isEmptyRow(cells)) continue;
        if (++rowCount > MAX_IMPORT_ROWS) return { ok: false, message: `数据超过 ${MAX_IMPORT_ROWS.toLocaleString('en-US')} 行，请分成几个文件导入` };
        rows.push({ row: row.number, cells });
      }
      if (!found) {
        ignoredSheets.push(name);
        continue;
      }
      const merged = mergedHeaderProblem(name, headerRow, headers, rows, found.kind);
      if (merged) return { ok: false, message: merged };
      const match = matchHeaders(found.kind, headers);
      if (match.duplicates.length > 0) {
        const d = match.duplicates[0]!;
        return { ok: false, message: `工作表“${name}”第${columnLetter(d.column)}列“${d.header}”与另一列是同一项，请删去其中一列` };
      }
      if (sheets.some((s) => s.kind === found.kind)) {
        return { ok: false, message: `工作簿里有两张${LEDGERS[found.kind].sheet}（“${sheets.find((s) => s.kind === found.kind)!.name}”和“${name}”），请合并成一张` };
      }
      sheets.push({ name, kind: found.kind, headerRow, match, rows });
    }
  } catch {
    // the zip or the XML parser gave up: a damaged file or one that only looks like a zip.
    return { ok: false, message: '文件无法读取（可能已损坏，或不是 Excel 保存的 .xlsx 文件），请在 Excel 或 WPS 中重新保存为 .xlsx 后再导入' };
  }
  if (sheets.length === 0) {
    return { ok: false, message: '没有找到可以导入的台账：请使用下载的模板，表头须包含“网格”“门牌号”“姓名”等列' };
  }
  return { ok: true, sheets, ignoredSheets, rowCount };
}

/**
 * The last few workbooks read in this process: a file by path, size and modification time, a staged upload by its
 * key (never rewritten). An upload does not change between its preview and its confirmation, so confirming plans
 * again (the registry may have changed) without reading the workbook a second time when both land on this server;
 * on another server it is read once more from the shared store. Only a cache: nothing depends on finding it here.
 * Two entries bound the memory it holds.
 */
const recent = new Map<string, ReadResult>();
const RECENT_FILES = 2;

export async function readWorkbookOnce(source: WorkbookSource): Promise<ReadResult> {
  let key: string;
  if (typeof source === 'string') {
    const stat = await fs.stat(source);
    key = `file:${source}|${stat.size}|${stat.mtimeMs}`;
  } else {
    key = `staged:${source.key}`;
  }
  const cached = recent.get(key);
  if (cached) return cached;
  let result: ReadResult;
  if (typeof source === 'string') {
    result = await readWorkbook(source);
  } else {
    const bytes = await source.load();
    if (!bytes) return { ok: false, message: WORKBOOK_GONE };
    result = await readWorkbook(bytes);
  }
  recent.set(key, result);
  while (recent.size > RECENT_FILES) recent.delete(recent.keys().next().value!);
  return result;
}

/** Drops a staged upload's rows once it is imported or removed. */
export function forgetWorkbook(stagedKey: string): void {
  recent.delete(`staged:${stagedKey}`);
}

/** Forgets every workbook read, as a freshly started server would have (tests of one server confirming another's preview). */
export function forgetAllWorkbooks(): void {
  recent.clear();
}
