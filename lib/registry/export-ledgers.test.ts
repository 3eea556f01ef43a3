// Ledger exports: the demo community's ledgers re-import as a no-op; ID numbers only for an administrator who asks; every export audited; scope and stale previews refused.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { and, count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { openSqliteStore } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { accounts, auditLog, households, orgNodes, persons } from '@/db/schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { writeAllLedgers, prepareLedgerExport } from './export-ledgers';
import { confirmImport } from './import/apply';
import { planImport } from './import/plan';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-export-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

// SQLite only: the import it round-trips through (lib/registry/import) is still synchronous (issue 12). The exports
// read and audit through a store over the test database's own connection, as the app's appStore does.
const { db, sqlite, file: dbFile, close } = openTestDatabase({ demo: true });
const store = openSqliteStore(dbFile, { writer: sqlite });
after(async () => {
  await store.close();
  close();
});
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

test("the demo community's ledgers, exported by its secretary (without ID numbers), re-import as a no-op", async () => {
  const longhu = community('龙湖社区');
  const shuji = user('shuji');
  const file = path.join(dir, 'longhu.xlsx');
  await exportTo(file, shuji, longhu.id, false);
  const planned = await planImport(db, shuji, longhu.id, file);
  assert.ok(planned.ok, !planned.ok ? planned.message : '');
  assert.deepEqual(planned.preview.rejections.slice(0, 5), []);
  for (const l of planned.preview.ledgers) assert.equal(l.counts.new + l.counts.changed, 0, `${l.sheet}: ${JSON.stringify(l.counts)}`);
  const residents = db.select({ n: count() }).from(persons).innerJoin(households, eq(households.id, persons.householdId)).where(eq(households.nodePath, households.nodePath)).get()!.n;
  assert.ok(planned.preview.ledgers.find((l) => l.kind === 'households')!.counts.unchanged > 10_000 && residents > 10_000);
  assert.equal(planned.preview.newBuildings.length, 0);
});

test('ID numbers are exported only when an administrator asks; a secretary who asks gets the column empty; each export is audited with what it held', async () => {
  const longhu = community('龙湖社区');
  // Give one resident an ID number to look for.
  const person = db.select().from(persons).where(eq(persons.name, persons.name)).limit(1).get()!;
  db.update(persons).set({ idNumber: '11010519491231002X' }).where(eq(persons.id, person.id)).run();
  const hasId = (rows: string[][]) => rows.some((r) => r.includes('11010519491231002X'));

  const bySecretary = (await prepareLedgerExport(store, user('shuji'), { communityId: longhu.id, kind: 'households', includeIdNumbers: true }))!;
  assert.equal(hasId(await cellsOf(bySecretary)), false);
  const byAdminUnasked = (await prepareLedgerExport(store, user('admin'), { communityId: longhu.id, kind: 'households', includeIdNumbers: false }))!;
  const unasked = await cellsOf(byAdminUnasked);
  assert.equal(hasId(unasked), false);
  assert.deepEqual(unasked[0]!.slice(0, 4), ['网格', '楼栋', '单元', '门牌号'], 'the template layout');
  const byAdmin = (await prepareLedgerExport(store, user('admin'), { communityId: longhu.id, kind: 'households', includeIdNumbers: true }))!;
  assert.equal(hasId(await cellsOf(byAdmin)), true);

  const audits = db
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'export_ledger'))
    .all()
    .filter((a) => JSON.parse(a.detail!).ledger === '人口台账');
  assert.deepEqual(
    audits.map((a) => JSON.parse(a.detail!).idNumbers),
    [false, false, true],
    'three exports audited, the last one saying it held ID numbers',
  );
  assert.match(byAdmin.fileName, /^人口台账_龙湖社区_\d{4}-\d{2}-\d{2}\.xlsx$/);
});

test("a secretary can neither export nor import another community's ledgers, and other roles cannot at all", async () => {
  const fuqian = community('府前社区');
  assert.equal(await prepareLedgerExport(store, user('shuji'), { communityId: fuqian.id, kind: 'households', includeIdNumbers: false }), null);
  assert.equal(await prepareLedgerExport(store, user('wg01'), { communityId: community('龙湖社区').id, kind: 'households', includeIdNumbers: false }), null);
  const file = path.join(dir, 'fuqian.xlsx');
  await exportTo(file, user('fqshuji'), fuqian.id, false);
  const refused = await planImport(db, user('shuji'), fuqian.id, file);
  assert.equal(refused.ok, false);
  const asWorker = await planImport(db, user('wg21'), fuqian.id, file);
  assert.equal(asWorker.ok, false);
});

test('confirming a preview that no longer matches the registry writes nothing and shows the new preview', async () => {
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
  const first = await planImport(db, fqshuji, fuqian.id, file);
  assert.ok(first.ok);
  assert.equal(first.preview.records.households.created, 1);
  // Meanwhile the same household arrives by another import.
  const other = await planImport(db, fqshuji, fuqian.id, file);
  assert.ok(other.ok);
  assert.ok((await confirmImport(store, fqshuji, fuqian.id, file, other.preview.digest, { fileName: 'x.xlsx' })).ok);
  const before = db.select({ n: count() }).from(households).get()!.n;
  const stale = await confirmImport(store, fqshuji, fuqian.id, file, first.preview.digest, { fileName: 'x.xlsx' });
  assert.equal(stale.ok, false);
  assert.match(!stale.ok ? stale.message : '', /预览之后系统中的数据有了变化/);
  assert.equal(!stale.ok && stale.preview?.records.households.created, 0, 'the new preview shows nothing left to add');
  assert.equal(db.select({ n: count() }).from(households).get()!.n, before);
});
