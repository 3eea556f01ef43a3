// Accounts by import: new ones get a one-time password that must be changed; a row can disable an account of the community (its sessions end); nobody is raised to administrator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { openTestDatabase } from '@/db/testing';
import { accounts, accountScopes, auditLog, sessions } from '@/db/schema';
import { loadUserSync } from '@/lib/auth/load-user';
import { confirmImport } from './apply';
import { planImport } from './plan';
import { setupSampleTree } from './sample-community';

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

test('imported accounts: a one-time password shown once; disabling by import ends the sessions; a secretary grants no more than field roles', async () => {
  const { db, close } = openTestDatabase();
  try {
    const tree = setupSampleTree(db);
    const secretary = loadUserSync(db, tree.secretaryId)!;
    const importFile = async (file: string) => {
      const planned = await planImport(db, secretary, tree.communityId, file);
      assert.ok(planned.ok, !planned.ok ? planned.message : '');
      const done = await confirmImport(db, secretary, tree.communityId, file, planned.preview.digest, { fileName: path.basename(file) });
      assert.ok(done.ok, !done.ok ? done.message : '');
      return { planned: planned.preview, done };
    };

    const first = await importFile(await accountsFile('a.xlsx', [['fs_wg01', '张网格', '13900009931', '网格员', '汾水苑、滨河花园', '启用']]));
    assert.equal(first.done.issued.length, 1);
    assert.match(first.done.issued[0]!.password, /^[A-Za-z2-9]{10}$/);
    const account = db.select().from(accounts).where(eq(accounts.username, 'fs_wg01')).get()!;
    assert.equal(account.mustChangePassword, true);
    assert.equal(db.select({ n: count() }).from(accountScopes).where(eq(accountScopes.accountId, account.id)).get()!.n, 2);

    // Signed in somewhere; then the ledger says 停用.
    db.insert(sessions).values({ id: 's1', accountId: account.id, createdAt: new Date(), lastSeenAt: new Date() }).run();
    const second = await importFile(await accountsFile('b.xlsx', [['fs_wg01', '张网格', '13900009931', '网格员', '汾水苑、滨河花园', '停用']]));
    assert.deepEqual(second.planned.ledgers[0]!.counts, { new: 0, changed: 1, unchanged: 0, rejected: 0 });
    assert.equal(second.done.issued.length, 0, 'an existing account gets no new password from an import');
    assert.equal(db.select().from(accounts).where(eq(accounts.id, account.id)).get()!.active, false);
    assert.equal(db.select({ n: count() }).from(sessions).where(eq(sessions.accountId, account.id)).get()!.n, 0, 'its sessions ended');
    assert.equal(db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'disable_account')).get()!.n, 1);

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
  } finally {
    close();
  }
});
