// Tests of a resident's access request: what is found, within whose scope, in which format, and that it is logged.
// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified copy of the
// same demo): who is who is read from the SQLite fixture at load, the requests logged and exported through the store.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { and, count, desc, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { accounts, orgNodes } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, casePhotos } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { createCase, performAction, type CreateCaseResult } from '@/lib/cases/commands';
import { exportResidentData, residentExportSchema, type ResidentData } from './resident-data';

const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });

const user = (username: string) => loadUserSync(db, db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const buildingOf = (gridName: string) => {
  const grid = db.select().from(orgNodes).where(eq(orgNodes.name, gridName)).get()!;
  return db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'building'), like(orgNodes.path, `${grid.path}%`))).get()!;
};
const PHONE = '13712340000';
const now = new Date('2026-04-01T02:00:00Z');

async function log(store: Store, by: string, gridName: string, description: string, name = '王秀英', phone = PHONE) {
  const r = await createCase(store, actorFromUser(user(by)), { description, source: 'door_knock', nodeId: buildingOf(gridName).id, urgency: 'normal', place: '3单元门口', residentName: name, residentPhone: phone }, [], now);
  assert.ok(r.ok, JSON.stringify(r));
  return r;
}

type Logged = Extract<CreateCaseResult, { ok: true }>;
let inLonghu: Logged;
let inFuqian: Logged;
let made: Promise<void> | undefined;
let store: Store;
/** The store with the residents' requests logged (once, by the first test that asks), or false: PostgreSQL is missing. */
async function use(t: TestContext): Promise<boolean> {
  const s = storeFor(t);
  if (!s) return false;
  store = s;
  made ??= (async () => {
    inLonghu = await log(s, 'wg01', '龙盛华庭', '楼道灯不亮');
    inFuqian = await log(s, 'wg21', '府前花园', '门禁坏了');
    await log(s, 'wg01', '龙盛华庭', '别人的事', '李建国', '13712349999');
    assert.ok((await performAction(s, actorFromUser(user('wg01')), { id: inLonghu.id }, { action: 'reject', reason: '已由物业处理', version: 0 }, [], now)).ok);
    await s.write(async (tx) => {
      await tx.insert(casePhotos).values({ caseId: inLonghu.id, fileName: `${'b'.repeat(32)}.jpg`, mime: 'image/jpeg', width: 800, height: 600, bytes: 1234, createdAt: now });
    });
  })();
  await made;
  return true;
}

const auditRows = async () => (await store.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'export_resident')))[0]!.n;

async function asJson(username: string, q: { phone?: string; name?: string }): Promise<ResidentData> {
  const r = await exportResidentData(store, user(username), { ...q, format: 'json' }, now);
  assert.ok(r.ok, JSON.stringify(r));
  return JSON.parse(r.body.toString('utf8')) as ResidentData;
}

test('a secretary exports the resident’s requests in their community only, with texts, places, timeline and photos', async (t) => {
  if (!(await use(t))) return;
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

test('by name, or by name and phone together (both must match)', async (t) => {
  if (!(await use(t))) return;
  assert.deepEqual((await asJson('admin', { name: '李建国' })).cases.map((c) => c.description), ['别人的事']);
  const r = await exportResidentData(store, user('admin'), { name: '李建国', phone: PHONE, format: 'json' }, now);
  assert.deepEqual(r, { ok: false, message: '在您的管辖范围内没有找到该居民的诉求记录。' });
});

test('every export is audit-logged with whose data and which requests; nothing found logs nothing; other roles are refused', async (t) => {
  if (!(await use(t))) return;
  const before = await auditRows();
  await asJson('shuji', { phone: PHONE });
  const [row] = await store.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  assert.deepEqual([row!.accountId, row!.action, row!.subject], [user('shuji').id, 'export_resident', `resident:${PHONE}`]);
  assert.deepEqual(JSON.parse(row!.detail!).cases, [inLonghu.number]);
  assert.equal((await exportResidentData(store, user('shuji'), { phone: '13700000000', format: 'json' }, now)).ok, false);
  assert.equal((await exportResidentData(store, user('wg01'), { phone: PHONE, format: 'json' }, now)).ok, false);
  assert.equal(await auditRows(), before + 1);
});

test('as .xlsx: the requests, the timeline and the photo list on their own sheets', async (t) => {
  if (!(await use(t))) return;
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
