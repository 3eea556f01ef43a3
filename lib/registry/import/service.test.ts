// The page's import steps: two confirmations of one upload at once write it once; a used or foreign upload token is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { registerTestStore } from '@/db/store-testing';
import { eq } from 'drizzle-orm';
import { households } from '@/db/tables';
import { confirmImport } from './apply';
import { planImport } from './plan';
import { confirmUpload, previewUpload } from './service';
import { rowCount, sampleTreeOf, sampleUser } from './test-support';

const storeFor = registerTestStore();

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-uploads-'));
process.env.UPLOADS_DIR = uploads;
process.on('exit', () => fs.rmSync(uploads, { recursive: true, force: true }));

test('a double-clicked confirmation writes the file once; the used token is refused, as is another account’s', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  {
    const tree = await sampleTreeOf(store);
    const secretary = sampleUser(tree, 'secretary');
    const admin = sampleUser(tree, 'admin');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('人口台账');
    sheet.addRow(['网格', '楼栋', '单元', '门牌号', '姓名', '性别']);
    sheet.addRow(['汾水苑', '1号楼', '1单元', '101', '王五', '男']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const file = new File([bytes], '人口台账.xlsx');

    const preview = await previewUpload(db, secretary, tree.communityId, file);
    assert.ok(preview.ok, !preview.ok ? preview.message : '');
    const input = { communityId: tree.communityId, token: preview.view.token, digest: preview.view.digest, fileName: '人口台账.xlsx' };
    const foreign = await confirmUpload(store, admin, input);
    assert.deepEqual(foreign.ok, false, 'an upload belongs to the account that made it');
    const [a, b] = await Promise.all([confirmUpload(store, secretary, input), confirmUpload(store, secretary, input)]);
    assert.deepEqual([a.ok, b.ok], [true, false]);
    assert.match(!b.ok ? b.message : '', /已失效/);
    assert.equal(await rowCount(db, households), 1);
    assert.equal(fs.readdirSync(path.join(uploads, 'imports')).length, 0, 'the upload is gone once imported');

    const notXlsx = await previewUpload(db, secretary, tree.communityId, new File([Buffer.from('a,b\n')], '台账.csv'));
    assert.deepEqual(notXlsx, { ok: false, message: '请上传 .xlsx 格式的 Excel 文件（WPS 或 Excel 中“另存为 .xlsx”）' });
  }
});

test('two confirmations of one preview at once, past the page’s queue (as from two processes): one writes, the other is refused', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const tree = await sampleTreeOf(store);
  const secretary = sampleUser(tree, 'secretary');
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人口台账');
  sheet.addRow(['网格', '楼栋', '单元', '门牌号', '姓名', '性别']);
  sheet.addRow(['滨河花园', '2号楼', '1单元', '201', '李四', '女']);
  const file = path.join(uploads, 'twice.xlsx');
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  const planned = await planImport(store.db, secretary, tree.communityId, file);
  assert.ok(planned.ok, !planned.ok ? planned.message : '');
  assert.equal(planned.preview.records.households.created, 1);
  const results = await Promise.all([1, 2].map(() => confirmImport(store, secretary, tree.communityId, file, planned.preview.digest, { fileName: 'twice.xlsx' })));
  assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
  const refused = results.find((r) => !r.ok)!;
  assert.match(!refused.ok ? refused.message : '', /预览之后系统中的数据有了变化/);
  assert.equal(await rowCount(store.db, households, eq(households.address, '滨河花园 2号楼 1单元 201')), 1, 'the household is written once');
});
