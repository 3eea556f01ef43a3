// Tests of the ledger export as a stream: many batches read back whole, a snapshot that survives changes mid-download,
// a slow reader holding the writer back, and what the audit log says about completed and cut-off downloads.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, desc, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { accounts, orgNodes } from '@/db/schema';
import { auditLog, cases } from '@/db/tables';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { LIST_ORDERS } from '@/lib/cases/case-list';
import { prepareExport, type ExportRequest } from './export';
import { recentExports } from './export-audit';
import { queueFilterSchema, queueWhere } from './filters';
import { LEDGER_BATCH, selectLedgerRows } from './ledger-rows';
import { ExportAborted, LEDGER_COLUMNS, writeLedgerWorkbook, type LedgerSummary, type WriteProgress } from './ledger-workbook';
import { ResponseSink, xlsxResponse } from './xlsx-response';

// The requests are inserted, exported and audited on the store of this test process's engine (test:unit: SQLite;
// test:unit:pg: PostgreSQL, where the ids are read by keyset in one snapshot); who is who from the same demo in SQLite.
const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;

const user = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const shuji = user('shuji');
const grid = db.select().from(orgNodes).where(eq(orgNodes.name, '龙湖花园')).get()!;
const building = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).get()!;

/** Several batches' worth, so the file is written in many statements, and large enough to fill the stream's buffers. */
const TOTAL = 1517;
assert.ok(TOTAL > LEDGER_BATCH * 3);
const NOW = new Date('2026-05-20T07:00:00Z');
const CHARS = '路灯不亮楼道堆物飞线充电下水道堵塞电梯故障门禁损坏噪音扰民停车占道垃圾清运绿化修剪屋顶漏水墙体开裂';

// Texts that do not compress away, so the file is large enough to fill the stream's buffers.
let seed = 7;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const text = (n: number) => Array.from({ length: n }, () => CHARS[Math.floor(random() * CHARS.length)]).join('');

// Inserted directly (the commands would take a minute for this many): one a minute through April.
async function insertCases(): Promise<void> {
  const rows = Array.from({ length: TOTAL }, (_, i): typeof cases.$inferInsert => {
    const at = new Date(Date.UTC(2026, 3, 1) + i * 60_000);
    return {
      number: `YH20260401-${String(i + 1).padStart(4, '0')}`,
      publicTokenHash: `stream-token-${i}`,
      description: `${i + 1}号 ${text(120)}`,
      source: 'patrol',
      nodeId: building.id,
      nodePath: building.path,
      gridId: grid.id,
      residentName: '王建国',
      residentPhone: '13900001111',
      status: 'submitted',
      acceptDueAt: new Date(at.getTime() + 86_400_000),
      createdAt: at,
      updatedAt: at,
    };
  });
  await store.write(async (tx) => {
    for (let at = 0; at < rows.length; at += 500) await tx.insert(cases).values(rows.slice(at, at + 500));
  });
}

let built: Promise<void> | undefined;

/** The store with the requests inserted (once); false where the engine is not available (the test is skipped). */
async function ready(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  built ??= insertCases();
  await built;
  return true;
}

const april: ExportRequest = { kind: 'queue', filters: queueFilterSchema.parse({ gridId: String(grid.id), from: '2026-04-01', to: '2026-04-30' }) };
const exportAudits = async () => (await store.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'export')))[0]!.n;
const lastAudit = async () => (await store.db.select().from(auditLog).where(eq(auditLog.action, 'export')).orderBy(desc(auditLog.id)).limit(1))[0]!;

async function readAll(body: ReadableStream<Uint8Array>): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await new Response(body).arrayBuffer()) as unknown as ArrayBuffer);
  return workbook;
}

function numbersOf(workbook: ExcelJS.Workbook): string[] {
  const sheet = workbook.getWorksheet('事项台账')!;
  const numbers: string[] = [];
  sheet.eachRow((row, i) => i > 1 && numbers.push(String(row.getCell(1).value)));
  return numbers;
}

describe('the export as a stream', () => {
  test('an export of several batches reads back whole: headers, every row once in order, its cells; one audit row with the count', async (t) => {
    if (!(await ready(t))) return;
    const before = (await exportAudits());
    const prepared = (await prepareExport(store, shuji, april, NOW))!;
    assert.equal(prepared.rowCount, TOTAL);
    assert.equal((await exportAudits()), before, 'preparing logs nothing');

    const sink = new ResponseSink();
    const [workbook] = await Promise.all([readAll(sink.body), prepared.write(sink)]);
    const sheet = workbook.getWorksheet('事项台账')!;
    assert.deepEqual((sheet.getRow(1).values as string[]).slice(1), LEDGER_COLUMNS.map((c) => c.header));
    assert.equal(sheet.actualRowCount, TOTAL + 1);
    // Newest first, as the queue lists them.
    const expected = Array.from({ length: TOTAL }, (_, i) => `YH20260401-${String(TOTAL - i).padStart(4, '0')}`);
    assert.deepEqual(numbersOf(workbook), expected);
    const col = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header) + 1;
    const last = sheet.getRow(TOTAL + 1);
    assert.equal(last.getCell(col('诉求内容')).value, (await store.db.select({ d: cases.description }).from(cases).where(eq(cases.number, 'YH20260401-0001')))[0]!.d);
    assert.equal(last.getCell(col('网格')).value, '龙湖花园');
    assert.equal(last.getCell(col('联系电话')).value, '13900001111');
    assert.equal(last.getCell(col('状态')).value, '待受理');
    // 1 April 08:00 in Beijing: the first of them.
    assert.deepEqual(last.getCell(col('提交时间')).value, new Date(Date.UTC(2026, 3, 1, 8, 0)));
    const summary = workbook.getWorksheet('汇总')!;
    let rowsFigure: ExcelJS.CellValue = null;
    summary.eachRow((row) => row.getCell(1).value === '事项数' && (rowsFigure = row.getCell(2).value));
    assert.equal(rowsFigure, TOTAL);

    assert.equal((await exportAudits()), before + 1, 'exactly one audit row');
    assert.deepEqual(JSON.parse((await lastAudit()).detail!), { filter: '网格：龙湖花园；提交日期：2026-04-01 至 2026-04-30', rows: TOTAL });
  });

  test('the response carries the file name, type and no-store, and streams the same file', async (t) => {
    if (!(await ready(t))) return;
    const prepared = (await prepareExport(store, shuji, april, NOW))!;
    const response = xlsxResponse(prepared);
    assert.equal(response.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-disposition')!, /filename\*=UTF-8''/);
    assert.ok(decodeURIComponent(response.headers.get('content-disposition')!.split("''")[1]!).startsWith('台账_龙湖社区_龙湖花园'));
    assert.equal(numbersOf(await readAll(response.body!)).length, TOTAL);
  });

  test('a request that changes while the file streams is neither lost nor listed twice (the ids are one snapshot)', async (t) => {
    if (!(await ready(t))) return;
    // Sorted by last update, the order a change moves a request in.
    const updated: ExportRequest = { kind: 'queue', filters: queueFilterSchema.parse({ gridId: String(grid.id), from: '2026-04-01', to: '2026-04-30', sort: 'updated' }) };
    const prepared = (await prepareExport(store, shuji, updated, NOW))!;
    const sink = new ResponseSink();
    const reader = sink.body.getReader();
    const chunks: Uint8Array[] = [];
    const writing = prepared.write(sink);
    chunks.push((await reader.read()).value!);
    // The oldest-updated request, still to come at the end of the sheet, is changed now: it becomes the newest.
    await store.write(async (tx) => void (await tx.update(cases).set({ updatedAt: NOW, status: 'accepted', acceptedAt: NOW }).where(eq(cases.number, 'YH20260401-0001'))));
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    await writing;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const numbers = numbersOf(workbook);
    assert.equal(numbers.length, TOTAL);
    assert.equal(new Set(numbers).size, TOTAL);
    // In its place in the snapshot's order, showing its content as it was read.
    assert.equal(numbers.at(-1), 'YH20260401-0001');
    const col = LEDGER_COLUMNS.findIndex((c) => c.header === '状态') + 1;
    assert.equal(workbook.getWorksheet('事项台账')!.getRow(TOTAL + 1).getCell(col).value, '已受理');
  });

  test('the rows beneath an export are one snapshot: a request that changes while its batches are read is neither lost nor listed twice', async (t) => {
    if (!(await ready(t))) return;
    const viewer = actorFromUser(shuji);
    const where = queueWhere(viewer, queueFilterSchema.parse({ gridId: String(grid.id), from: '2026-04-01', to: '2026-04-30' }), NOW);
    // By last update, the order a change moves a request in; the one listed last is changed after the first batch.
    const order = await store.db.select({ number: cases.number, status: cases.status }).from(cases).where(where).orderBy(desc(cases.updatedAt), desc(cases.id));
    const target = order.at(-1)!;
    assert.equal(target.status, 'submitted');
    const { count: rows, batches } = await selectLedgerRows(store.db, viewer, where, LIST_ORDERS.updated, NOW);
    assert.equal(rows, TOTAL);
    const seen: { number: string; status: string }[] = [];
    let sizes = 0;
    for await (const batch of batches()) {
      if (sizes++ === 0) {
        await store.write(async (tx) => void (await tx.update(cases).set({ updatedAt: NOW, status: 'accepted', acceptedAt: NOW }).where(eq(cases.number, target.number))));
      }
      assert.ok(batch.length <= LEDGER_BATCH);
      seen.push(...batch.map((r) => ({ number: r.number, status: r.status })));
    }
    assert.ok(sizes > 3, 'several batches');
    assert.deepEqual(seen.map((r) => r.number), order.map((r) => r.number), 'every request once, in the snapshot\'s order');
    // Its content is read with its batch: the change shows, in its old place.
    assert.equal(seen.at(-1)!.status, '已受理');
  });

  test('a client that does not read holds the writer back; reading on lets it finish', async (t) => {
    if (!(await ready(t))) return;
    const viewer = actorFromUser(shuji);
    const { batches } = await selectLedgerRows(store.db, viewer, queueWhere(viewer, april.kind === 'queue' ? april.filters : queueFilterSchema.parse({}), NOW), LIST_ORDERS.newest, NOW);
    const summary = (rows: number): LedgerSummary => ({
      title: '—', scope: '—', exportedBy: '—', exportedAt: NOW, filterText: '—', rowCount: rows, period: '—', rateScope: '—', rates: [], figures: [],
    });
    // A client's share of the queue smaller than this file (the server's is larger than the test's files).
    const sink = new ResponseSink(16 * 1024, 1024);
    const progress: WriteProgress = { rows: 0 };
    const writing = writeLedgerWorkbook(sink, batches(), summary, progress);
    // Rows are being written (however busy the machine) …
    while (progress.rows === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // … and, with nobody reading, the writer stops long before the end instead of buffering the file.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(progress.rows > 0 && progress.rows < TOTAL, `stalled after ${progress.rows} of ${TOTAL} rows`);
    const workbook = await readAll(sink.body);
    await writing;
    assert.equal(progress.rows, TOTAL);
    assert.equal(numbersOf(workbook).length, TOTAL);
  });

  test('a client that goes away mid-download stops the writer; the log shows one row marked incomplete', async (t) => {
    if (!(await ready(t))) return;
    const before = (await exportAudits());
    const prepared = (await prepareExport(store, shuji, april, NOW))!;
    const sink = new ResponseSink(16 * 1024, 1024);
    const reader = sink.body.getReader();
    const writing = prepared.write(sink);
    // The client takes the first 8 KB (rows are in it: the zip's headers are a few hundred bytes), then goes away.
    for (let received = 0; received < 8 * 1024; ) received += (await reader.read()).value?.byteLength ?? Infinity;
    await reader.cancel();
    await assert.rejects(writing, ExportAborted);
    assert.equal((await exportAudits()), before + 1);
    const detail = JSON.parse((await lastAudit()).detail!) as { rows: number; incomplete?: boolean };
    assert.equal(detail.incomplete, true);
    assert.ok(detail.rows > 0 && detail.rows < TOTAL, `${detail.rows} rows written before the cut`);
    const logged = (await recentExports(store.db, shuji))[0]!;
    assert.deepEqual([logged.incomplete, logged.rows], [true, detail.rows]);
  });

  test('a client gone before the first row was written leaves no audit row', async (t) => {
    if (!(await ready(t))) return;
    const before = (await exportAudits());
    const prepared = (await prepareExport(store, shuji, april, NOW))!;
    const sink = new ResponseSink();
    sink.destroy();
    await assert.rejects(prepared.write(sink), ExportAborted);
    assert.equal((await exportAudits()), before);
  });
});

test('the response sink finishes only once the reader has taken the whole file', async () => {
  const sink = new ResponseSink();
  let finished = false;
  sink.on('finish', () => (finished = true));
  sink.write(Buffer.from('第一块'));
  sink.end(Buffer.from('第二块'));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(finished, false, 'nothing read yet: not delivered');
  assert.equal(Buffer.from(await new Response(sink.body).arrayBuffer()).toString(), '第一块第二块');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(finished, true);
});
