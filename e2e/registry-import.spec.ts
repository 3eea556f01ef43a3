import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { ACCOUNTS, signIn } from './support/auth';

test('the secretary fills the downloaded template, sees the rejected row and its reason in the preview, confirms, and finds the new household', async ({ page }) => {
  // 府前社区: the org-browser story counts 龙湖社区's households exactly, and both run side by side.
  await signIn(page, ACCOUNTS.otherCommunitySecretary);
  await page.getByRole('link', { name: '台账导入导出' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '台账导入导出' })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '人口台账模板' }).click()]);
  expect(download.suggestedFilename()).toBe('人口台账模板.xlsx');
  const file = path.join(os.tmpdir(), `registry-import-${process.pid}-${Date.now()}.xlsx`);
  await download.saveAs(file);

  // Filled the way an office would: one new household, and one row with a phone number missing digits.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('人口台账')!;
  const headers = (sheet.getRow(1).values as string[]).slice(1);
  const row = (values: Record<string, string>) => headers.map((h) => values[h] ?? '');
  sheet.addRow(row({ 网格: '府前花园', 楼栋: '1号楼', 单元: '9单元', 门牌号: '999', 姓名: '柳新来', 与户主关系: '户主', 性别: '女', 出生日期: '1988-08-08', 联系电话: '13712340999' }));
  sheet.addRow(row({ 网格: '府前花园', 楼栋: '1号楼', 单元: '9单元', 门牌号: '999', 姓名: '柳小新', 与户主关系: '子女', 性别: '男', 出生日期: '2015-05-05', 联系电话: '12345' }));
  // writeBuffer, not writeFile: exceljs's writeFile ends the file when the zip is generated, racing the pipe that writes it (a rare truncated file, FILE_ENDED on reading it back).
  fs.writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));

  await page.getByLabel(/Excel 文件/).setInputFiles(file);
  await page.getByRole('button', { name: '上传并预览' }).click();
  const rejected = page.getByRole('row', { name: /第 3 行/ });
  await expect(rejected).toContainText('联系电话');
  await expect(rejected).toContainText('联系电话“12345”格式不正确');
  await expect(page.getByRole('row', { name: /人口台账/ }).first()).toContainText('1 行');

  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByRole('status').filter({ hasText: '导入完成' })).toContainText('住户 新增 1');
  await page.getByRole('link', { name: '在组织架构中查看府前社区' }).click();
  await page.getByRole('link', { name: /^府前花园/ }).click();
  await page.getByRole('link', { name: /^1号楼/ }).first().click();
  await page.getByRole('link', { name: /9单元 999/ }).click();
  await expect(page.getByText('柳新来')).toBeVisible();
  await expect(page.getByText('柳小新')).toHaveCount(0);
});
