// The page's import steps: two confirmations of one upload at once write it once; a used or foreign upload token is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { openTestDatabase } from '@/db/testing';
import { households } from '@/db/schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { setupSampleTree } from './sample-community';
import { confirmUpload, previewUpload } from './service';

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-uploads-'));
process.env.UPLOADS_DIR = uploads;
process.on('exit', () => fs.rmSync(uploads, { recursive: true, force: true }));

test('a double-clicked confirmation writes the file once; the used token is refused, as is another account’s', async () => {
  const { db, close } = openTestDatabase();
  try {
    const tree = setupSampleTree(db);
    const secretary = loadUserSync(db, tree.secretaryId)!;
    const admin = loadUserSync(db, tree.adminId)!;
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('人口台账');
    sheet.addRow(['网格', '楼栋', '单元', '门牌号', '姓名', '性别']);
    sheet.addRow(['汾水苑', '1号楼', '1单元', '101', '王五', '男']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const file = new File([bytes], '人口台账.xlsx');

    const preview = await previewUpload(db, secretary, tree.communityId, file);
    assert.ok(preview.ok, !preview.ok ? preview.message : '');
    const input = { communityId: tree.communityId, token: preview.view.token, digest: preview.view.digest, fileName: '人口台账.xlsx' };
    const foreign = await confirmUpload(db, admin, input);
    assert.deepEqual(foreign.ok, false, 'an upload belongs to the account that made it');
    const [a, b] = await Promise.all([confirmUpload(db, secretary, input), confirmUpload(db, secretary, input)]);
    assert.deepEqual([a.ok, b.ok], [true, false]);
    assert.match(!b.ok ? b.message : '', /已失效/);
    assert.equal(db.select({ n: count() }).from(households).get()!.n, 1);
    assert.equal(fs.readdirSync(path.join(uploads, 'imports')).length, 0, 'the upload is gone once imported');

    const notXlsx = await previewUpload(db, secretary, tree.communityId, new File([Buffer.from('a,b\n')], '台账.csv'));
    assert.deepEqual(notXlsx, { ok: false, message: '请上传 .xlsx 格式的 Excel 文件（WPS 或 Excel 中“另存为 .xlsx”）' });
  } finally {
    close();
  }
});
