// Accounts by import: new ones get a one-time password that must be changed; a row can disable an account of the community (its sessions end); nobody is raised to administrator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { registerTestStore } from '@/db/store-testing';
import { accounts, accountScopes, auditLog, sessions } from '@/db/tables';
import { confirmImport } from './apply';
import { planImport } from './plan';
import { rowCount, sampleTreeOf, sampleUser } from './test-support';

const storeFor = registerTestStore();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-accounts-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

async function accountsFile(name: string, rows: (string | null)[][]): Promise<string> {
  const file = path.join(dir, name);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('账号');
  sheet.addRow(['账号', '姓名', '手机号码', '角色', '管辖网格', '账号状态']);
  for (const r of rows) sheet.addRow(r);
  // writeBuffer, not writeFile: exceljs's writeFile ends the file when the zip is generated, racing the pipe that writes it (a rare truncated file, FILE_ENDED on reading it back).
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

test('imported accounts: a one-time password shown once; disabling by import ends the sessions; a secretary grants no more than field roles', async (t) => {
  const store = storeFor(t);
  if (!store) return;
  const db = store.db;
  {
    const tree = await sampleTreeOf(store);
    const secretary = sampleUser(tree, 'secretary');
    const importFile = async (file: string) => {
      const planned = await planImport(db, secretary, tree.communityId, file);
      assert.ok(planned.ok, !planned.ok ? planned.message : '');
      const done = await confirmImport(store, secretary, tree.communityId, file, planned.preview.digest, { fileName: path.basename(file) });
      assert.ok(done.ok, !done.ok ? done.message : '');
      return { planned: planned.preview, done };
    };

    const first = await importFile(await accountsFile('a.xlsx', [['fs_wg01', '张网格', '13900009931', '网格员', '汾水苑、滨河花园', '启用']]));
    assert.equal(first.done.issued.length, 1);
    assert.match(first.done.issued[0]!.password, /^[A-Za-z2-9]{10}$/);
    const [account] = await db.select().from(accounts).where(eq(accounts.username, 'fs_wg01'));
    assert.ok(account);
    assert.equal(account.mustChangePassword, true);
    assert.equal(await rowCount(db, accountScopes, eq(accountScopes.accountId, account.id)), 2);

    // Signed in somewhere; then the ledger says 停用.
    await store.write(async (tx) => {
      await tx.insert(sessions).values({ id: 's1', accountId: account.id, createdAt: new Date(), lastSeenAt: new Date() });
    });
    const second = await importFile(await accountsFile('b.xlsx', [['fs_wg01', '张网格', '13900009931', '网格员', '汾水苑、滨河花园', '停用']]));
    assert.deepEqual(second.planned.ledgers[0]!.counts, { new: 0, changed: 1, unchanged: 0, rejected: 0 });
    assert.equal(second.done.issued.length, 0, 'an existing account gets no new password from an import');
    assert.equal((await db.select().from(accounts).where(eq(accounts.id, account.id)))[0]!.active, false);
    assert.equal(await rowCount(db, sessions, eq(sessions.accountId, account.id)), 0, 'its sessions ended');
    assert.equal(await rowCount(db, auditLog, eq(auditLog.action, 'disable_account')), 1);

    const refused = await planImport(
      db,
      secretary,
      tree.communityId,
      await accountsFile('c.xlsx', [
        ['fs_admin', '管理员', '', '网格员', '汾水苑', ''],
        ['fs_wg01', '张网格', '', '社区书记', '', ''],
        ['fs_new', '新人', '13900009931', '网格员', '汾水苑', ''],
      ]),
    );
    assert.ok(refused.ok);
    assert.deepEqual(
      refused.preview.rejections.map((r) => r.reason),
      ['该账号名已被使用', '您不能导入社区书记账号（社区书记只能导入网格员和党员账号）', '该手机号码已被其他账号使用'],
    );
  }
});
