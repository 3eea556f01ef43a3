// Tests of the ledger export: the rows a filter selects, the sheet's headers, dates and phones, the 汇总 sheet, and the audit log.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { and, count, desc, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { accounts, categories, orgNodes } from '@/db/schema';
import { auditLog, cases } from '@/db/tables';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, performAction } from '@/lib/cases/commands';
import type { ActionInput } from '@/lib/cases/lifecycle';
import { computeStats } from '@/lib/stats';
import { ExportTooLarge, prepareExport, SHEET_MAX_ROWS, type ExportRequest } from './export';
import { recentExports } from './export-audit';
import { queueFilterSchema, queueWhere } from './filters';
import { OVERDUE_TEXT } from './ledger-rows';
import { CHINESE_DATE_TIME_FORMAT, ExportAborted, LEDGER_COLUMNS } from './ledger-workbook';
import { monthSpan } from './month';
import { contentDisposition, ResponseSink, tooLargeAsRefusal } from './xlsx-response';

// The requests are logged, exported and audited on the store of this test process's engine (test:unit: SQLite;
// test:unit:pg: PostgreSQL); who is who, and the places, come from the same demo in SQLite (the same ids).
const storeFor = registerTestStore({ demo: true });
const { db, close } = openTestDatabase({ demo: true });
after(close);
let store: Store;

const user = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const shuji = user('shuji'); // secretary of 龙湖社区
const zhenshuji = user('zhenshuji'); // township secretary: 龙湖社区 and 府前社区
const fqshuji = user('fqshuji'); // secretary of 府前社区
const admin = user('admin');
const wg01 = user('wg01'); // grid worker of 龙盛华庭

const node = (name: string) => db.select().from(orgNodes).where(eq(orgNodes.name, name)).get()!;
const buildingOf = (grid: { path: string }) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).get()!;
const longsheng = node('龙盛华庭');
const STREET_LIGHT = db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')).get()!.id;

/** March 2026, China time; the exports run on the 20th. */
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 2, day, hour - 8, 5));
const NOW = at(20, 15);
const PHONE = '13812345678';

async function logCase(by: string, gridName: string, when: Date) {
  const r = await createCase(
    store,
    actorFromUser(user(by)),
    { description: `${gridName} 路灯不亮`, source: 'patrol', nodeId: buildingOf(node(gridName)).id, urgency: 'normal', categoryId: STREET_LIGHT, residentName: '张秀兰', residentPhone: PHONE },
    [],
    when,
  );
  assert.ok(r.ok, JSON.stringify(r));
  return r.id;
}

async function step(by: string, id: number, input: ActionInput, when: Date) {
  const [row] = await store.db.select({ v: cases.version }).from(cases).where(eq(cases.id, id));
  const r = await performAction(store, actorFromUser(user(by)), { id }, { ...input, version: row!.v }, [], when);
  assert.ok(r.ok, JSON.stringify(r));
}

// 龙盛华庭: three in March, one of them resolved and rated; 龙湖花园: one in February, one in March; 府前社区: one in March.
async function scenario(): Promise<void> {
  const first = await logCase('wg01', '龙盛华庭', at(2));
  await logCase('wg01', '龙盛华庭', at(3));
  await logCase('wg01', '龙盛华庭', at(4));
  await logCase('wg02', '龙湖花园', new Date(Date.UTC(2026, 1, 20, 2)));
  await logCase('wg02', '龙湖花园', at(5));
  await logCase('wg21', '府前花园', at(6));
  await step('wg01', first, { action: 'accept', categoryId: STREET_LIGHT, urgency: 'normal' }, at(2, 11));
  await step('wg01', first, { action: 'handle_self' }, at(2, 12));
  await step('wg01', first, { action: 'resolve', note: '已更换灯泡' }, at(3, 9));
  await step('wg01', first, { action: 'rate', rating: 'satisfied' }, at(4, 9));
}

let built: Promise<void> | undefined;

/** The store with the requests logged on it (once); false where the engine is not available (the test is skipped). */
async function ready(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  built ??= scenario();
  await built;
  return true;
}

async function exportToWorkbook(username: string, request: ExportRequest) {
  const prepared = await prepareExport(store, user(username), request, NOW);
  assert.ok(prepared, `${username} may export`);
  // Read back from the response body, as the browser receives it.
  const sink = new ResponseSink();
  const [file] = await Promise.all([new Response(sink.body).arrayBuffer(), prepared.write(sink)]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file);
  return { prepared, workbook };
}

const queue = (raw: Record<string, unknown>): ExportRequest => ({ kind: 'queue', filters: queueFilterSchema.parse(raw) });

/** The summary sheet as label → row values. */
function summaryOf(workbook: ExcelJS.Workbook) {
  const sheet = workbook.getWorksheet('汇总');
  assert.ok(sheet, 'the workbook has a 汇总 sheet');
  const rows = new Map<string, ExcelJS.CellValue[]>();
  sheet.eachRow((row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    if (typeof values[0] === 'string') rows.set(values[0], values.slice(1));
  });
  return rows;
}

const lastAudit = async () => (await store.db.select().from(auditLog).where(eq(auditLog.action, 'export')).orderBy(desc(auditLog.id)).limit(1))[0];
const auditRows = async () => (await store.db.select({ n: count() }).from(auditLog))[0]!.n;

describe('the queue export', () => {
  test('one row per filtered request under the Chinese headers, with the full phone for the secretary', async (t) => {
    if (!(await ready(t))) return;
    const { prepared, workbook } = await exportToWorkbook('shuji', queue({ gridId: String(longsheng.id) }));
    const sheet = workbook.getWorksheet('事项台账')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    assert.deepEqual(headers, [
      '事项编号', '提交时间', '来源', '分类', '紧急程度', '诉求内容', '网格', '楼栋/地点', '居民姓名', '联系电话', '状态', '承办',
      '层级', '受理时限', '受理时间', '办结时限', '办结时间', '是否超期', '督办', '评价', '评价意见', '重办次数',
    ]);
    const viewer = actorFromUser(shuji);
    const [{ n: expected }] = (await store.db.select({ n: count() }).from(cases).where(queueWhere(viewer, queueFilterSchema.parse({ gridId: String(longsheng.id) }), NOW))) as [{ n: number }];
    assert.equal(expected, 3);
    assert.equal(prepared.rowCount, expected);
    assert.equal(sheet.actualRowCount - 1, expected);

    const col = (header: string) => LEDGER_COLUMNS.findIndex((c) => c.header === header) + 1;
    const rows = [...Array(expected).keys()].map((i) => sheet.getRow(i + 2));
    assert.ok(rows.every((r) => r.getCell(col('网格')).value === '龙盛华庭'));
    assert.ok(rows.every((r) => r.getCell(col('联系电话')).value === PHONE));
    const resolved = rows.find((r) => r.getCell(col('状态')).value === '已关闭')!;
    assert.equal(resolved.getCell(col('评价')).value, '满意');
    assert.equal(resolved.getCell(col('承办')).value, `网格员 ${wg01.displayName}`);
    assert.equal(resolved.getCell(col('是否超期')).value, OVERDUE_TEXT.no);
    // The other two were never accepted, and their acceptance deadline passed long before the 20th.
    assert.deepEqual(
      rows.filter((r) => r !== resolved).map((r) => [r.getCell(col('状态')).value, r.getCell(col('是否超期')).value]),
      [['待受理', OVERDUE_TEXT.open], ['待受理', OVERDUE_TEXT.open]],
    );
  });

  test('times are real dates in Beijing wall-clock time, shown as 2026年3月2日 10:05', async (t) => {
    if (!(await ready(t))) return;
    const { workbook } = await exportToWorkbook('shuji', queue({ gridId: String(longsheng.id), sort: 'oldest' }));
    const cell = workbook.getWorksheet('事项台账')!.getRow(2).getCell(2);
    assert.equal(cell.numFmt, CHINESE_DATE_TIME_FORMAT);
    // 10:05 on 2 March in Beijing; a spreadsheet cell has no zone, so it holds that wall-clock time.
    assert.deepEqual(cell.value, new Date(Date.UTC(2026, 2, 2, 10, 5)));
  });

  test('an admin gets masked phone numbers', async (t) => {
    if (!(await ready(t))) return;
    const { workbook } = await exportToWorkbook('admin', queue({ gridId: String(longsheng.id) }));
    const sheet = workbook.getWorksheet('事项台账')!;
    assert.equal(sheet.getRow(2).getCell(10).value, '138****5678');
  });

  test('the 汇总 sheet holds the three rates of the filtered period and grid, and the filter in words', async (t) => {
    if (!(await ready(t))) return;
    const raw = { gridId: String(longsheng.id), from: '2026-03-01', to: '2026-03-31' };
    const { workbook } = await exportToWorkbook('shuji', queue(raw));
    const summary = summaryOf(workbook);
    assert.match(String(summary.get('筛选条件')?.[0]), /网格：龙盛华庭/);
    assert.match(String(summary.get('筛选条件')?.[0]), /提交日期：2026-03-01 至 2026-03-31/);
    assert.equal(summary.get('事项数')?.[0], 3);
    const stats = await computeStats(store.db, actorFromUser(shuji), { ...monthSpan('2026-03'), gridId: longsheng.id }, NOW);
    for (const [label, key] of [['响应率', 'response'], ['解决率', 'resolution'], ['满意率', 'satisfaction']] as const) {
      const [numerator, denominator, value, definition] = summary.get(label) ?? [];
      const rate = stats.totals[key];
      assert.deepEqual([numerator, denominator], [rate.numerator, rate.denominator], label);
      assert.equal(value, rate.value ?? '—', label);
      assert.match(String(definition), new RegExp(`^${label} = `));
    }
    assert.deepEqual(summary.get('满意率')?.slice(0, 3), [1, 1, 1]);
  });

  test('every export is logged with who, the filter and the row count', async (t) => {
    if (!(await ready(t))) return;
    await exportToWorkbook('shuji', queue({ gridId: String(longsheng.id), status: 'closed' }));
    const entry = (await lastAudit())!;
    assert.equal(entry.accountId, shuji.id);
    assert.equal(entry.subject, 'queue');
    assert.deepEqual(entry.at, NOW);
    assert.deepEqual(JSON.parse(entry.detail!), { filter: '状态：已关闭；网格：龙盛华庭', rows: 1 });
  });

  test('another community’s grid in the URL yields no rows, no figures and not even its name', async (t) => {
    if (!(await ready(t))) return;
    const { prepared, workbook } = await exportToWorkbook('fqshuji', queue({ gridId: String(longsheng.id) }));
    assert.equal(prepared.rowCount, 0);
    const summary = summaryOf(workbook);
    assert.doesNotMatch(String(summary.get('筛选条件')?.[0]), /龙盛华庭/);
    assert.deepEqual(summary.get('响应率')?.slice(0, 3), [0, 0, '—']);
  });

  test('the file is named for its filter, so two exports of one day are told apart', async (t) => {
    if (!(await ready(t))) return;
    const overdue = (await prepareExport(store, shuji, queue({ view: 'overdue' }), NOW))!;
    assert.equal(overdue.fileName, '台账_龙湖社区_超期_2026-03-20.xlsx');
    const lights = (await prepareExport(store, shuji, queue({ gridId: String(longsheng.id), categoryId: String(STREET_LIGHT) }), NOW))!;
    assert.equal(lights.fileName, '台账_龙湖社区_路灯照明_龙盛华庭_2026-03-20.xlsx');
    assert.equal((await prepareExport(store, shuji, queue({}), NOW))!.fileName, '台账_龙湖社区_全部事项_2026-03-20.xlsx');
  });

  test('preparing an export writes nothing; a download cut off half-way is logged as incomplete, once', async (t) => {
    if (!(await ready(t))) return;
    const before = await auditRows();
    const prepared = (await prepareExport(store, shuji, queue({}), NOW))!;
    assert.equal(await auditRows(), before, 'nothing logged before the file is written');
    const out = new PassThrough();
    out.on('data', () => out.destroy());
    await assert.rejects(prepared.write(out), ExportAborted);
    assert.equal(await auditRows(), before + 1, 'one row for the cut-off download');
    // The rows written before the cut: at least one (the writer writes before it first yields), at most all.
    const detail = JSON.parse((await lastAudit())!.detail!) as { filter: string; rows: number; incomplete: boolean };
    assert.deepEqual([detail.filter, detail.incomplete], ['全部事项', true]);
    assert.ok(detail.rows >= 1 && detail.rows <= prepared.rowCount, `${detail.rows} of ${prepared.rowCount}`);
  });

  test('more requests than one sheet holds are refused before any byte, in Chinese, and nothing is logged', async (t) => {
    if (!(await ready(t))) return;
    const before = await auditRows();
    // Three match; a sheet of two rows stands in for Excel's 1,048,575.
    const raw = { gridId: String(longsheng.id) };
    await assert.rejects(prepareExport(store, shuji, queue(raw), NOW, 2), (e: unknown) => e instanceof ExportTooLarge && e.rows === 3 && /超过 Excel 单个工作表的上限（2 条）/.test(e.message));
    const refusal = await tooLargeAsRefusal(() => prepareExport(store, shuji, queue(raw), NOW, 2));
    assert.ok(refusal instanceof Response);
    assert.equal(refusal.status, 422);
    assert.match(await refusal.text(), /^共 3 条事项，超过 Excel 单个工作表的上限/);
    assert.ok(await prepareExport(store, shuji, queue(raw), NOW, 3), 'exactly a sheet full is fine');
    assert.equal(SHEET_MAX_ROWS, 1_048_575);
    assert.equal(await auditRows(), before);
  });

  test('grid workers may not export, and nothing is logged for them', async (t) => {
    if (!(await ready(t))) return;
    const before = await auditRows();
    assert.equal(await prepareExport(store, wg01, queue({}), NOW), null);
    assert.equal(await auditRows(), before);
  });
});

describe('the monthly ledger', () => {
  test('holds every request received that month in scope, and only those', async (t) => {
    if (!(await ready(t))) return;
    const { prepared, workbook } = await exportToWorkbook('shuji', { kind: 'ledger', month: '2026-03' });
    assert.equal(prepared.rowCount, 4); // not February's, not 府前社区's
    assert.equal(prepared.fileName, '台账_龙湖社区_2026-03.xlsx');
    assert.equal(workbook.getWorksheet('事项台账')!.actualRowCount, 5);
    const summary = summaryOf(workbook);
    assert.equal(summary.get('统计期间')?.[0], '2026年3月1日 至 2026年3月31日');
    assert.equal(summary.get('响应率')?.[1], 4);
    assert.equal((await lastAudit())!.subject, 'ledger:2026-03');
  });

  test('a township secretary exports all its communities', async (t) => {
    if (!(await ready(t))) return;
    const { prepared } = await exportToWorkbook('zhenshuji', { kind: 'ledger', month: '2026-03' });
    assert.equal(prepared.rowCount, 5);
  });
});

describe('the export log', () => {
  test('a secretary sees exports made in their scope; another community does not; the admin sees all', async (t) => {
    if (!(await ready(t))) return;
    const mine = await recentExports(store.db, shuji);
    // The admin's and the township secretary's exports were made from above 龙湖社区.
    assert.ok(mine.length >= 5 && mine.every((r) => r.who === shuji.displayName));
    assert.ok(mine.some((r) => r.kind === 'ledger' && r.month === '2026-03' && r.rows === 4));
    assert.ok((await recentExports(store.db, zhenshuji)).some((r) => r.who === shuji.displayName));
    assert.ok((await recentExports(store.db, fqshuji)).every((r) => r.who === fqshuji.displayName));
    assert.ok((await recentExports(store.db, admin)).some((r) => r.who === zhenshuji.displayName));
  });
});

test('the download name survives in UTF-8 (RFC 5987) with an ASCII fallback', () => {
  const header = contentDisposition('台账_龙湖社区_2026-11-24.xlsx');
  assert.match(header, /^attachment; filename="[\x20-\x7e]+"; /);
  assert.ok(header.endsWith(`filename*=UTF-8''${encodeURIComponent('台账_龙湖社区_2026-11-24.xlsx')}`));
});
