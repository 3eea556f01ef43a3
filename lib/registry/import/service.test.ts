// The page's import steps: two confirmations of one upload at once write it once; a used or foreign upload token is
// refused; a preview on one server is confirmed on another (the upload waits in the shared store); expired uploads go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { registerTestStore } from '@/db/store-testing';
import { eq } from 'drizzle-orm';
import { households, stagedImports } from '@/db/tables';
import { folderStore, type BlobStore } from '@/lib/storage/blob-store';
import { confirmImport } from './apply';
import { planImport } from './plan';
import { forgetAllWorkbooks } from './read-workbook';
import { confirmUpload, previewUpload } from './service';
import { rowCount, sampleTreeOf, sampleUser } from './test-support';
import { findStagedUpload, STAGED_MAX_AGE_MS, stageUpload, sweepStagedUploads } from './uploads';

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

    const preview = await previewUpload(store, secretary, tree.communityId, file);
    assert.ok(preview.ok, !preview.ok ? preview.message : '');
    const input = { communityId: tree.communityId, token: preview.view.token, digest: preview.view.digest, fileName: '人口台账.xlsx' };
    const foreign = await confirmUpload(store, admin, input);
    assert.deepEqual(foreign.ok, false, 'an upload belongs to the account that made it');
    const both = await Promise.all([confirmUpload(store, secretary, input), confirmUpload(store, secretary, input)]);
    // Either may come first (on PostgreSQL two connections race); exactly one imports.
    assert.equal(both.filter((r) => r.ok).length, 1, 'one of the two clicks imports');
    const loser = both.find((r) => !r.ok);
    assert.match(loser && !loser.ok ? loser.message : '', /已失效/);
    assert.equal(await rowCount(db, households), 1);
    assert.equal(fs.readdirSync(path.join(uploads, 'imports')).length, 0, 'the upload is gone once imported');
    assert.equal(await rowCount(db, stagedImports), 0, 'and so is its row');

    const notXlsx = await previewUpload(store, secretary, tree.communityId, new File([Buffer.from('a,b\n')], '台账.csv'));
    assert.deepEqual(notXlsx, { ok: false, message: '请上传 .xlsx 格式的 Excel 文件（WPS 或 Excel 中“另存为 .xlsx”）' });
  }
});

test('two confirmations of one planned workbook at once (as from two processes, no staged upload): one writes, the other is refused', async (t) => {
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

const GONE = '上传的文件已失效（超过一小时或已导入），请重新上传';
/** What a confirmation was refused with, or null when it was not refused. */
const refusal = (r: { ok: boolean; message?: string }) => (r.ok ? null : r.message);

async function ledger(address: [string, string, string, string], name: string): Promise<File> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人口台账');
  sheet.addRow(['网格', '楼栋', '单元', '门牌号', '姓名', '性别']);
  sheet.addRow([...address, name, '男']);
  return new File([Buffer.from(await wb.xlsx.writeBuffer())], '人口台账.xlsx');
}

/** A server's view of the shared folder: its own store object, counting what it reads. */
function serverStore(dir: string): BlobStore & { gets: string[] } {
  const inner = folderStore(dir);
  const gets: string[] = [];
  return { where: inner.where, gets, put: inner.put, delete: inner.delete, get: (name) => (gets.push(name), inner.get(name)) };
}

test('previewed on one server, confirmed on another: the upload is read from the shared folder, imported once, and removed', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const tree = await sampleTreeOf(store);
  const secretary = sampleUser(tree, 'secretary');
  const admin = sampleUser(tree, 'admin');
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-shared-'));
  t.after(() => fs.rmSync(shared, { recursive: true, force: true }));
  const serverA = serverStore(shared);
  const serverB = serverStore(shared);

  const preview = await previewUpload(store, secretary, tree.communityId, await ledger(['汾水苑', '3号楼', '2单元', '302'], '赵六'), serverA);
  assert.ok(preview.ok, !preview.ok ? preview.message : '');
  assert.equal(preview.view.records.households.created, 1);
  assert.deepEqual(fs.readdirSync(path.join(shared, 'imports')), [`${preview.view.token}.xlsx`], 'staged in the shared folder');
  const input = { communityId: tree.communityId, token: preview.view.token, digest: preview.view.digest, fileName: '人口台账.xlsx' };

  // Server B started after A read the workbook: nothing of A's memory.
  forgetAllWorkbooks();
  // A server that keeps uploads on its own disk does not have it: refused, nothing written, the upload kept.
  const ownDisk = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-own-'));
  t.after(() => fs.rmSync(ownDisk, { recursive: true, force: true }));
  const lonely = await confirmUpload(store, secretary, input, folderStore(ownDisk));
  assert.equal(refusal(lonely), GONE);
  assert.equal(await rowCount(store.db, households, eq(households.address, '汾水苑 3号楼 2单元 302')), 0);

  // Another account, even one whose scope covers the community, cannot confirm it, on either server.
  for (const server of [serverA, serverB]) {
    const foreign = await confirmUpload(store, admin, input, server);
    assert.equal(refusal(foreign), GONE);
  }
  assert.ok(await findStagedUpload(store.db, secretary.id, input.token), 'the foreign attempts leave the upload to its owner');

  // The owner confirms on server B: it reads the bytes from the shared folder and imports them; the same again on
  // server A (a retry through the balancer) finds the upload gone.
  const onB = await confirmUpload(store, secretary, input, serverB);
  assert.ok(onB.ok, refusal(onB) ?? '');
  assert.deepEqual(serverB.gets, [`imports/${input.token}.xlsx`], 'server B read the bytes from the shared folder');
  assert.equal(refusal(await confirmUpload(store, secretary, input, serverA)), GONE);
  assert.equal(await rowCount(store.db, households, eq(households.address, '汾水苑 3号楼 2单元 302')), 1, 'imported once');
  assert.deepEqual(fs.readdirSync(path.join(shared, 'imports')), [], 'the bytes are removed once imported');
  assert.equal(await rowCount(store.db, stagedImports, eq(stagedImports.token, input.token)), 0, 'and the row');

  // Confirmed on both servers at the same moment: one import, the other finds the upload gone.
  const second = await previewUpload(store, secretary, tree.communityId, await ledger(['汾水苑', '3号楼', '2单元', '303'], '孙八'), serverA);
  assert.ok(second.ok, !second.ok ? second.message : '');
  forgetAllWorkbooks();
  const both = { communityId: tree.communityId, token: second.view.token, digest: second.view.digest, fileName: '人口台账.xlsx' };
  const results = await Promise.all([confirmUpload(store, secretary, both, serverB), confirmUpload(store, secretary, both, serverA)]);
  assert.deepEqual(results.map(refusal).sort(), [null, GONE]);
  assert.equal(await rowCount(store.db, households, eq(households.address, '汾水苑 3号楼 2单元 303')), 1, 'imported once');
  assert.deepEqual(fs.readdirSync(path.join(shared, 'imports')), []);
});

test('an upload nobody confirms expires after an hour: refused, then removed with its bytes by the cleanup on any server', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const tree = await sampleTreeOf(store);
  const secretary = sampleUser(tree, 'secretary');
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-shared-'));
  t.after(() => fs.rmSync(shared, { recursive: true, force: true }));
  const serverA = folderStore(shared);
  const serverB = folderStore(shared);
  const bytes = new Uint8Array(await (await ledger(['滨河花园', '5号楼', '1单元', '501'], '钱七')).arrayBuffer());

  const now = Date.now();
  const old = await stageUpload(store, serverA, secretary.id, bytes, new Date(now - STAGED_MAX_AGE_MS - 60_000));
  const fresh = await stageUpload(store, serverA, secretary.id, bytes, new Date(now - STAGED_MAX_AGE_MS + 60_000));
  assert.equal(await findStagedUpload(store.db, secretary.id, old.token), null, 'past the hour it is not found');
  assert.ok(await findStagedUpload(store.db, secretary.id, fresh.token));
  // Any well-formed digest: an expired upload is refused before it is planned.
  const expired = await confirmUpload(store, secretary, { communityId: tree.communityId, token: old.token, digest: '0'.repeat(32), fileName: 'x.xlsx' }, serverB);
  assert.equal(refusal(expired), GONE);

  assert.equal(await sweepStagedUploads(store, serverB, new Date(now)), 1, 'the cleanup on another server removes the expired one');
  assert.equal(await serverA.get(old.blobName), null, 'its bytes are gone from the shared folder');
  assert.equal(await rowCount(store.db, stagedImports, eq(stagedImports.token, old.token)), 0);
  assert.ok(await serverA.get(fresh.blobName), 'one within the hour stays');
  assert.equal(await sweepStagedUploads(store, serverB, new Date(now)), 0, 'a second run finds nothing');

  assert.equal(await sweepStagedUploads(store, serverA, new Date(now + 2 * 60_000)), 1, 'and it goes in its turn');
  assert.equal(await serverB.get(fresh.blobName), null);
  assert.equal(await rowCount(store.db, households, eq(households.address, '滨河花园 5号楼 1单元 501')), 0, 'nothing was imported');
});
