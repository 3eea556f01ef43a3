// Tests of a resident's access request: what is found, within whose scope, in which format, and that it is logged.
// SQLite only while its fixtures are made with lib/cases (createCase, not moved to the store yet); the export itself
// reads and writes through the engine-neutral store on the same database.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, desc, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { accounts, auditLog, casePhotos, orgNodes } from '@/db/schema';
import { openSqliteStore } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCaseSync, performActionSync } from '@/lib/cases/commands';
import { exportResidentData, residentExportSchema, type ResidentData } from './resident-data';

const { db, sqlite, file, close } = openTestDatabase({ demo: true });
const store = openSqliteStore(file, { writer: sqlite });
after(async () => {
  await store.close();
  close();
});

const user = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const buildingOf = (gridName: string) => {
  const grid = db.select().from(orgNodes).where(eq(orgNodes.name, gridName)).get()!;
  return db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).get()!;
};
const PHONE = '13712340000';
const now = new Date('2026-04-01T02:00:00Z');

function log(by: string, gridName: string, description: string, name = '王秀英', phone = PHONE) {
  const r = createCaseSync(db, actorFromUser(user(by)), { description, source: 'door_knock', nodeId: buildingOf(gridName).id, urgency: 'normal', place: '3单元门口', residentName: name, residentPhone: phone }, [], now);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}
const inLonghu = log('wg01', '龙盛华庭', '楼道灯不亮');
const inFuqian = log('wg21', '府前花园', '门禁坏了');
log('wg01', '龙盛华庭', '别人的事', '李建国', '13712349999');
assert.ok(performActionSync(db, actorFromUser(user('wg01')), { id: inLonghu.id }, { action: 'reject', reason: '已由物业处理', version: 0 }, [], now).ok);
db.insert(casePhotos).values({ caseId: inLonghu.id, fileName: `${'b'.repeat(32)}.jpg`, mime: 'image/jpeg', width: 800, height: 600, bytes: 1234, createdAt: now }).run();

const auditRows = () => db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'export_resident')).get()!.n;

async function asJson(username: string, q: { phone?: string; name?: string }): Promise<ResidentData> {
  const r = await exportResidentData(store, user(username), { ...q, format: 'json' }, now);
  assert.ok(r.ok, JSON.stringify(r));
  return JSON.parse(r.body.toString('utf8')) as ResidentData;
}

test('a secretary exports the resident’s requests in their community only, with texts, places, timeline and photos', async () => {
  const data = await asJson('shuji', { phone: PHONE });
  assert.deepEqual(data.cases.map((c) => c.number), [inLonghu.number]);
  const c = data.cases[0]!;
  assert.deepEqual([c.description, c.place, c.residentName, c.residentPhone, c.status], ['楼道灯不亮', '3单元门口', '王秀英', PHONE, '不予受理']);
  assert.deepEqual(c.timeline.map((e) => e.note), [null, '已由物业处理']);
  assert.ok(c.timeline.every((e) => e.by.includes('网格员')));
  assert.deepEqual(c.photos.map((p) => [p.fileName, p.bytes]), [[`${'b'.repeat(32)}.jpg`, 1234]]);
  assert.deepEqual((await asJson('fqshuji', { phone: PHONE })).cases.map((x) => x.number), [inFuqian.number]);
  assert.deepEqual((await asJson('admin', { phone: PHONE })).cases.map((x) => x.number).sort(), [inLonghu.number, inFuqian.number].sort());
});

test('by name, or by name and phone together (both must match)', async () => {
  assert.deepEqual((await asJson('admin', { name: '李建国' })).cases.map((c) => c.description), ['别人的事']);
  const r = await exportResidentData(store, user('admin'), { name: '李建国', phone: PHONE, format: 'json' }, now);
  assert.deepEqual(r, { ok: false, message: '在您的管辖范围内没有找到该居民的诉求记录。' });
});

test('every export is audit-logged with whose data and which requests; nothing found logs nothing; other roles are refused', async () => {
  const before = auditRows();
  await asJson('shuji', { phone: PHONE });
  const row = db.select().from(auditLog).orderBy(desc(auditLog.id)).get()!;
  assert.deepEqual([row.accountId, row.action, row.subject], [user('shuji').id, 'export_resident', `resident:${PHONE}`]);
  assert.deepEqual(JSON.parse(row.detail!).cases, [inLonghu.number]);
  assert.equal((await exportResidentData(store, user('shuji'), { phone: '13700000000', format: 'json' }, now)).ok, false);
  assert.equal((await exportResidentData(store, user('wg01'), { phone: PHONE, format: 'json' }, now)).ok, false);
  assert.equal(auditRows(), before + 1);
});

test('as .xlsx: the requests, the timeline and the photo list on their own sheets', async () => {
  const r = await exportResidentData(store, user('shuji'), { phone: PHONE, format: 'xlsx' }, now);
  assert.ok(r.ok);
  assert.match(r.fileName, /^居民个人信息_2026-04-01\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(r.body as unknown as ArrayBuffer);
  assert.deepEqual(workbook.worksheets.map((w) => w.name), ['诉求', '办理记录', '照片', '说明']);
  assert.equal(workbook.getWorksheet('诉求')!.getRow(2).getCell(1).value, inLonghu.number);
  assert.equal(workbook.getWorksheet('办理记录')!.rowCount, 3);
  assert.equal(workbook.getWorksheet('照片')!.getRow(2).getCell(2).value, `${'b'.repeat(32)}.jpg`);
});

test('the request needs a phone number or a name, and a valid format', () => {
  assert.deepEqual(residentExportSchema.safeParse({ phone: '', name: '', format: 'xlsx' }).error?.issues.map((i) => i.message), ['请填写居民的手机号码或姓名']);
  assert.equal(residentExportSchema.safeParse({ phone: '123', format: 'xlsx' }).success, false);
  assert.equal(residentExportSchema.safeParse({ phone: PHONE, format: 'csv' }).success, false);
});
