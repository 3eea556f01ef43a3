// Ledger exports: the demo community's ledgers re-import as a no-op; ID numbers only for an administrator who asks; every export audited; scope and stale previews refused.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { accounts, orgNodes, persons as fixturePersons } from '@/db/schema';
import type { Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { auditLog, households, persons } from '@/db/tables';
import { openTestDatabase } from '@/db/testing';
import { loadUserSync } from '@/lib/auth/load-user';
import { writeAllLedgers, prepareLedgerExport } from './export-ledgers';
import { confirmImport } from './import/apply';
import { planImport } from './import/plan';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-export-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

// On the engine of this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL, a verified copy of the
// same demo): who is who is read from the SQLite fixture at load; the exports, imports and checks go through the store.
const fixture = openTestDatabase({ demo: true });
const db = fixture.db;
after(fixture.close);
const storeFor = registerTestStore({ source: fixture });
let store: Store;
/** The store of this test, or false when PostgreSQL is missing (the test is then skipped with the reason). */
function use(t: TestContext): boolean {
  const s = storeFor(t);
  if (s) store = s;
  return s !== undefined;
}
const user = (username: string) => loadUserSync(db, db.select().from(accounts).where(eq(accounts.username, username)).get()!.id)!;
const community = (name: string) => db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, name))).get()!;

async function exportTo(file: string, exporter: ReturnType<typeof user>, communityId: number, withIds: boolean) {
  const out = fs.createWriteStream(file);
  await writeAllLedgers(out, store, exporter, communityId, withIds);
  await finished(out);
}

async function cellsOf(prepared: NonNullable<Awaited<ReturnType<typeof prepareLedgerExport>>>): Promise<string[][]> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await prepared.write(stream);
  await finished(stream);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return rows;
}

test("the demo community's ledgers, exported by its secretary (without ID numbers), re-import as a no-op", async (t) => {
  if (!use(t)) return;
  const longhu = community('龙湖社区');
  const shuji = user('shuji');
  const file = path.join(dir, 'longhu.xlsx');
  await exportTo(file, shuji, longhu.id, false);
  const planned = await planImport(store.db, shuji, longhu.id, file);
  assert.ok(planned.ok, !planned.ok ? planned.message : '');
  assert.deepEqual(planned.preview.rejections.slice(0, 5), []);
  for (const l of planned.preview.ledgers) assert.equal(l.counts.new + l.counts.changed, 0, `${l.sheet}: ${JSON.stringify(l.counts)}`);
  const [{ n: residents }] = (await store.db.select({ n: count() }).from(persons).innerJoin(households, eq(households.id, persons.householdId)).where(eq(households.nodePath, households.nodePath))) as [{ n: number }];
  assert.ok(planned.preview.ledgers.find((l) => l.kind === 'households')!.counts.unchanged > 10_000 && residents > 10_000);
  assert.equal(planned.preview.newBuildings.length, 0);
});

test('ID numbers are exported only when an administrator asks; a secretary who asks gets the column empty; each export is audited with what it held', async (t) => {
  if (!use(t)) return;
  const longhu = community('龙湖社区');
  // Give one resident an ID number to look for.
  const person = db.select().from(fixturePersons).where(eq(fixturePersons.name, fixturePersons.name)).limit(1).get()!;
  await store.write(async (tx) => {
    await tx.update(persons).set({ idNumber: '11010519491231002X' }).where(eq(persons.id, person.id));
  });
  const hasId = (rows: string[][]) => rows.some((r) => r.includes('11010519491231002X'));

  const bySecretary = (await prepareLedgerExport(store, user('shuji'), { communityId: longhu.id, kind: 'households', includeIdNumbers: true }))!;
  assert.equal(hasId(await cellsOf(bySecretary)), false);
  const byAdminUnasked = (await prepareLedgerExport(store, user('admin'), { communityId: longhu.id, kind: 'households', includeIdNumbers: false }))!;
  const unasked = await cellsOf(byAdminUnasked);
  assert.equal(hasId(unasked), false);
  assert.deepEqual(unasked[0]!.slice(0, 4), ['网格', '楼栋', '单元', '门牌号'], 'the template layout');
  const byAdmin = (await prepareLedgerExport(store, user('admin'), { communityId: longhu.id, kind: 'households', includeIdNumbers: true }))!;
  assert.equal(hasId(await cellsOf(byAdmin)), true);

  const audits = (await store.db.select().from(auditLog).where(eq(auditLog.action, 'export_ledger')).orderBy(auditLog.id)).filter((a) => JSON.parse(a.detail!).ledger === '人口台账');
  assert.deepEqual(
    audits.map((a) => JSON.parse(a.detail!).idNumbers),
    [false, false, true],
    'three exports audited, the last one saying it held ID numbers',
  );
  assert.match(byAdmin.fileName, /^人口台账_龙湖社区_\d{4}-\d{2}-\d{2}\.xlsx$/);
});

test("a secretary can neither export nor import another community's ledgers, and other roles cannot at all", async (t) => {
  if (!use(t)) return;
  const fuqian = community('府前社区');
  assert.equal(await prepareLedgerExport(store, user('shuji'), { communityId: fuqian.id, kind: 'households', includeIdNumbers: false }), null);
  assert.equal(await prepareLedgerExport(store, user('wg01'), { communityId: community('龙湖社区').id, kind: 'households', includeIdNumbers: false }), null);
  const file = path.join(dir, 'fuqian.xlsx');
  await exportTo(file, user('fqshuji'), fuqian.id, false);
  const refused = await planImport(store.db, user('shuji'), fuqian.id, file);
  assert.equal(refused.ok, false);
  const asWorker = await planImport(store.db, user('wg21'), fuqian.id, file);
  assert.equal(asWorker.ok, false);
});

test('confirming a preview that no longer matches the registry writes nothing and shows the new preview', async (t) => {
  if (!use(t)) return;
  const fuqian = community('府前社区');
  const fqshuji = user('fqshuji');
  const file = path.join(dir, 'fuqian-new.xlsx');
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人口台账');
  const grid = db.select().from(orgNodes).where(and(eq(orgNodes.kind, 'grid'), eq(orgNodes.parentId, fuqian.id))).get()!;
  sheet.addRow(['网格', '楼栋', '单元', '门牌号', '姓名', '性别', '联系电话']);
  sheet.addRow([grid.name, grid.rural ? '' : '88号楼', grid.rural ? '' : '1单元', '808', '新住户', '女', '13600001234']);
  // writeBuffer, not writeFile: exceljs's writeFile ends the file when the zip is generated, racing the pipe that writes it (a rare truncated file, FILE_ENDED on reading it back).
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  const first = await planImport(store.db, fqshuji, fuqian.id, file);
  assert.ok(first.ok);
  assert.equal(first.preview.records.households.created, 1);
  // Meanwhile the same household arrives by another import.
  const other = await planImport(store.db, fqshuji, fuqian.id, file);
  assert.ok(other.ok);
  assert.ok((await confirmImport(store, fqshuji, fuqian.id, file, other.preview.digest, { fileName: 'x.xlsx' })).ok);
  const householdCount = async () => (await store.db.select({ n: count() }).from(households))[0]!.n;
  const before = await householdCount();
  const stale = await confirmImport(store, fqshuji, fuqian.id, file, first.preview.digest, { fileName: 'x.xlsx' });
  assert.equal(stale.ok, false);
  assert.match(!stale.ok ? stale.message : '', /预览之后系统中的数据有了变化/);
  assert.equal(!stale.ok && stale.preview?.records.households.created, 0, 'the new preview shows nothing left to add');
  assert.equal(await householdCount(), before);
});
