// A workbook of bad rows: each is reported with its sheet, row, column and a Chinese reason, and confirming stores nothing; files the importer cannot read are refused with what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { openTestDatabase } from '@/db/testing';
import { accounts, auditLog, households, orgNodes, partyMembers, persons } from '@/db/schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { idNumberCheckChar } from '@/lib/registry/identity';
import { confirmImport } from './apply';
import { planImport } from './plan';
import { MAX_IMPORT_ROWS } from './read-workbook';
import { setupSampleTree } from './sample-community';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-bad-rows-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const id = (birth: string, seq: string) => {
  const first17 = `140825${birth}${seq}`;
  return first17 + idNumberCheckChar(first17);
};
const VALID_M = id('19800101', '123'); // a man born 1980-01-01
const ELSEWHERE = id('19750505', '111');
const WRONG_CHECK = VALID_M.slice(0, 17) + (VALID_M[17] === '0' ? '1' : '0');

const PEOPLE_HEADER = ['网格', '楼栋', '单元', '门牌号', '住址', '住户状态', '户人数', '关爱标签', '姓名', '与户主关系', '性别', '出生日期', '身份证号', '联系电话'];
type PeopleRow = Partial<Record<(typeof PEOPLE_HEADER)[number], ExcelJS.CellValue>>;
const ok: PeopleRow = { 网格: '汾水苑', 楼栋: '1号楼', 单元: '1单元', 姓名: '王五', 性别: '男', 出生日期: '1960-02-03' };

/** Each bad row: what it holds, the column the report must name, and words of the reason. */
const BAD_PEOPLE: { what: string; row: PeopleRow; column: string; reason: RegExp }[] = [
  { what: 'missing room', row: { ...ok, 门牌号: '' }, column: '门牌号', reason: /缺少门牌号/ },
  { what: 'missing name', row: { ...ok, 姓名: '', 联系电话: '13800001111' }, column: '姓名', reason: /缺少姓名/ },
  { what: 'unknown grid', row: { ...ok, 网格: '不存在小区' }, column: '网格', reason: /没有名为“不存在小区”的网格/ },
  { what: 'building in a rural grid', row: { ...ok, 网格: '汾水村' }, column: '楼栋', reason: /农村网格/ },
  { what: 'missing building', row: { ...ok, 楼栋: '' }, column: '楼栋', reason: /缺少楼栋/ },
  { what: 'ID checksum', row: { ...ok, 身份证号: WRONG_CHECK, 出生日期: '' }, column: '身份证号', reason: /校验位/ },
  { what: 'ID too short', row: { ...ok, 身份证号: VALID_M.slice(0, 17) }, column: '身份证号', reason: /18位/ },
  { what: 'ID stored as a number', row: { ...ok, 身份证号: 142301198001011234 }, column: '身份证号', reason: /存成了数字/ },
  { what: 'ID of another community', row: { ...ok, 身份证号: ELSEWHERE, 出生日期: '', 性别: '' }, column: '身份证号', reason: /其他社区/ },
  { what: 'invalid phone', row: { ...ok, 联系电话: '1380000' }, column: '联系电话', reason: /格式不正确/ },
  { what: 'date of birth in the future', row: { ...ok, 出生日期: '2099-01-01' }, column: '出生日期', reason: /晚于今天/ },
  { what: 'impossible date', row: { ...ok, 出生日期: '2023-02-30' }, column: '出生日期', reason: /不是有效日期/ },
  { what: 'unknown gender', row: { ...ok, 性别: '未知' }, column: '性别', reason: /性别“未知”无法识别/ },
  { what: 'gender against the ID', row: { ...ok, 身份证号: VALID_M, 性别: '女', 出生日期: '' }, column: '性别', reason: /性别与身份证号不符/ },
  { what: 'birth date against the ID', row: { ...ok, 身份证号: VALID_M, 出生日期: '1981-01-01' }, column: '出生日期', reason: /出生日期与身份证号不符/ },
  { what: 'unknown relation', row: { ...ok, 与户主关系: '表哥' }, column: '与户主关系', reason: /与户主关系“表哥”无法识别/ },
  { what: 'unknown care tag', row: { ...ok, 关爱标签: '独居、贫困' }, column: '关爱标签', reason: /关爱标签“贫困”无法识别/ },
  { what: 'unknown household status', row: { ...ok, 住户状态: '出租' }, column: '住户状态', reason: /住户状态“出租”无法识别/ },
  { what: 'household size not a number', row: { ...ok, 户人数: '三' }, column: '户人数', reason: /户人数应为/ },
  { what: 'a formula', row: { ...ok, 姓名: { formula: 'CONCAT("王","五")', result: '王五' } }, column: '姓名', reason: /公式/ },
  { what: 'new person without gender or ID', row: { ...ok, 性别: '', 出生日期: '' }, column: '性别', reason: /缺少性别/ },
  { what: 'name too long', row: { ...ok, 姓名: '王'.repeat(31) }, column: '姓名', reason: /不超过30个字/ },
];

async function writeWorkbook(file: string, build: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  // writeBuffer, not writeFile: exceljs's writeFile ends the file when the zip is generated, racing the pipe that writes it (a rare truncated file, FILE_ENDED on reading it back).
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
}

function counts(db: ReturnType<typeof openTestDatabase>['db']) {
  return {
    nodes: db.select({ n: count() }).from(orgNodes).get()!.n,
    households: db.select({ n: count() }).from(households).get()!.n,
    persons: db.select({ n: count() }).from(persons).get()!.n,
    partyMembers: db.select({ n: count() }).from(partyMembers).get()!.n,
    accounts: db.select({ n: count() }).from(accounts).get()!.n,
    audit: db.select({ n: count() }).from(auditLog).get()!.n,
  };
}

function setup() {
  const t = openTestDatabase();
  const tree = setupSampleTree(t.db);
  // Another community of the township, whose resident holds ELSEWHERE.
  const township = t.db.select().from(orgNodes).where(eq(orgNodes.kind, 'township')).get()!;
  const other = Number(t.db.insert(orgNodes).values({ parentId: township.id, kind: 'community', name: '府前社区', path: 'x', depth: township.depth + 1 }).run().lastInsertRowid);
  t.db.update(orgNodes).set({ path: `${township.path}${other}/` }).where(eq(orgNodes.id, other)).run();
  const household = Number(t.db.insert(households).values({ nodeId: other, nodePath: `${township.path}${other}/`, room: '1号', address: '府前 1号', size: 1 }).run().lastInsertRowid);
  t.db.insert(persons).values({ householdId: household, name: '赵六', gender: 'F', idNumber: ELSEWHERE }).run();
  return { ...t, tree };
}

test('twenty-odd kinds of bad rows: each is reported with its sheet, row, column and reason, and confirming stores nothing', async () => {
  const { db, close, tree } = setup();
  try {
    const file = path.join(dir, 'bad.xlsx');
    await writeWorkbook(file, (wb) => {
      const people = wb.addWorksheet('人口台账');
      people.addRow(PEOPLE_HEADER);
      BAD_PEOPLE.forEach((b, i) => people.addRow(PEOPLE_HEADER.map((h) => (h === '门牌号' && !('门牌号' in b.row) ? `${101 + i}` : (b.row[h] ?? null)))));
      const party = wb.addWorksheet('党员报到台账');
      party.addRow(['姓名', '性别', '联系电话', '共建单位', '报到网格', '服务楼栋']);
      party.addRow(['钱七', '男', '13800002222', '不存在的单位', '汾水苑', '1号楼']);
      party.addRow(['孙八', '女', '13800003333', '', '汾水苑', '1号楼']).getCell(7).value = null;
      party.addRow(['周九', '男', '13800004444', '', '', '1号楼']);
      const central = wb.addWorksheet('党员中心户台账');
      central.addRow(['中心户网格', '中心户楼栋', '中心户单元', '中心户门牌号', '中心户党员']);
      central.addRow(['汾水苑', '9号楼', '1单元', '101', '钱七']);
      const acc = wb.addWorksheet('账号');
      acc.addRow(['账号', '姓名', '角色', '管辖网格']);
      acc.addRow(['boss', '老板', '系统管理员', '']);
      acc.addRow(['shuji2', '新书记', '社区书记', '']);
      acc.addRow(['wg_x', '网格员甲', '网格员', '不存在小区']);
      acc.addRow(['a b', '空格', '网格员', '汾水苑']);
    });
    const secretary = loadUserSync(db, tree.secretaryId)!;
    const before = counts(db);
    const planned = await planImport(db, secretary, tree.communityId, file);
    assert.ok(planned.ok, !planned.ok ? planned.message : '');
    const rejections = planned.preview.rejections;

    BAD_PEOPLE.forEach((bad, i) => {
      const r = rejections.find((x) => x.sheet === '人口台账' && x.row === i + 2);
      assert.ok(r, `${bad.what}: row ${i + 2} is reported`);
      assert.ok(r.column.startsWith(bad.column), `${bad.what}: names the column ${bad.column}, not ${r.column}`);
      assert.match(r.reason, bad.reason, `${bad.what}: ${r.reason}`);
      assert.match(r.column, /（[A-Z]+列）$/, 'the column letter is given');
    });
    const reasonOf = (sheet: string, row: number) => rejections.find((x) => x.sheet === sheet && x.row === row)?.reason ?? '(not reported)';
    assert.match(reasonOf('党员报到台账', 2), /没有名为“不存在的单位”的共驻共建单位/);
    assert.match(reasonOf('党员报到台账', 4), /缺少网格/);
    assert.match(reasonOf('党员中心户台账', 2), /本社区没有这一户/);
    assert.match(reasonOf('账号', 2), /系统管理员账号不能通过导入创建/);
    assert.match(reasonOf('账号', 3), /您不能导入社区书记账号/);
    assert.match(reasonOf('账号', 4), /没有名为“不存在小区”的网格/);
    assert.match(reasonOf('账号', 5), /账号只能由/);
    const people = planned.preview.ledgers.find((l) => l.kind === 'households')!;
    assert.deepEqual(people.counts, { new: 0, changed: 0, unchanged: 0, rejected: BAD_PEOPLE.length });
    assert.ok(BAD_PEOPLE.length >= 20);

    // Only 孙八 (a valid party member living elsewhere) would be written; confirming without her row: drop it and confirm.
    const onlyBad = path.join(dir, 'only-bad.xlsx');
    await writeWorkbook(onlyBad, (wb) => {
      const sheet = wb.addWorksheet('人口台账');
      sheet.addRow(PEOPLE_HEADER);
      BAD_PEOPLE.forEach((b, i) => sheet.addRow(PEOPLE_HEADER.map((h) => (h === '门牌号' && !('门牌号' in b.row) ? `${101 + i}` : (b.row[h] ?? null)))));
    });
    const badOnly = await planImport(db, secretary, tree.communityId, onlyBad);
    assert.ok(badOnly.ok);
    const confirmed = await confirmImport(db, secretary, tree.communityId, onlyBad, badOnly.preview.digest, { fileName: 'only-bad.xlsx' });
    assert.ok(confirmed.ok);
    assert.deepEqual(counts(db), before, 'nothing stored, not even an audit row');
  } finally {
    close();
  }
});

test('files the importer cannot read are refused with what to do: not an .xlsx, a renamed .xls, a merged header, too many rows', async () => {
  const { db, close, tree } = setup();
  try {
    const secretary = loadUserSync(db, tree.secretaryId)!;
    const refused = async (file: string) => {
      const r = await planImport(db, secretary, tree.communityId, file);
      assert.ok(!r.ok, 'refused');
      return r.message;
    };
    const csv = path.join(dir, 'renamed.xlsx');
    fs.writeFileSync(csv, '网格,门牌号,姓名\n汾水苑,101,王五\n');
    assert.match(await refused(csv), /不是 Excel 工作簿/);
    const xls = path.join(dir, 'old.xlsx');
    fs.writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    assert.match(await refused(xls), /旧版 Excel（\.xls）.*另存为/);
    const broken = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(broken, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]));
    assert.match(await refused(broken), /无法读取/);

    const merged = path.join(dir, 'merged.xlsx');
    await writeWorkbook(merged, (wb) => {
      const s = wb.addWorksheet('人口台账');
      s.addRow(['网格', '楼栋', '单元', '门牌号', '姓名', null, '性别']);
      s.mergeCells('E1:F1');
      s.addRow(['汾水苑', '1号楼', '1单元', '101', '王', '五', '男']);
    });
    assert.match(await refused(merged), /第1行第F列的表头是空的（多半是合并单元格）/);

    const big = path.join(dir, 'big.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: big, useStyles: false, useSharedStrings: false });
    const sheet = writer.addWorksheet('人口台账');
    sheet.addRow(['网格', '门牌号', '姓名']).commit();
    for (let i = 0; i <= MAX_IMPORT_ROWS; i++) sheet.addRow(['汾水村', `${i}号`, '王五']).commit();
    sheet.commit();
    await writer.commit();
    assert.match(await refused(big), /数据超过 100,000 行/);

    assert.deepEqual(db.select({ n: count() }).from(auditLog).get()!.n, 0, 'a refused file writes nothing');
  } finally {
    close();
  }
});
