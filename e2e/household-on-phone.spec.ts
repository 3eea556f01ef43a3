// A grid worker on their phone corrects a resident's phone number and adds a care tag to a household of their grid.
import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

test('a grid worker edits a resident’s phone and adds a care tag with since-date and note', async ({ page }) => {
  const phone = `1390${String(Date.now()).slice(-7)}`;
  const note = `女儿在太原，每周来电 ${phone.slice(-4)}`;
  await signIn(page, ACCOUNTS.gridWorker);
  await page.goto('/work/grids');
  await page.locator('a[href^="/org/"]').nth(1).click();
  await page.locator('#households-heading ~ ul a').nth(3).click();
  await expect(page).toHaveURL(/\/households\/\d+$/);
  const address = (await page.getByRole('heading', { level: 1 }).textContent())!;

  await page.getByRole('region', { name: '家庭成员' }).getByRole('link', { name: /^编辑 / }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /^编辑成员：/ })).toBeVisible();
  await page.getByLabel('联系电话').fill(phone);
  await page.getByRole('button', { name: '保存成员信息' }).click();
  await expect(page.getByRole('status').filter({ hasText: '成员信息已保存' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: address })).toBeVisible();
  await expect(page.getByRole('region', { name: '家庭成员' })).toContainText(`${phone.slice(0, 3)}****${phone.slice(-4)}`);

  await page.getByRole('link', { name: '编辑关爱标签' }).click();
  const alone = page.getByRole('group', { name: '独居' });
  await alone.getByRole('checkbox', { name: '独居' }).check();
  await alone.getByLabel('起始日期').fill('2025-06-01');
  await alone.getByLabel('备注').fill(note);
  await page.getByRole('button', { name: '保存关爱标签' }).click();
  await expect(page.getByRole('status').filter({ hasText: '关爱标签已保存' })).toBeVisible();
  const care = page.getByRole('region', { name: '关爱标签' });
  await expect(care).toContainText('独居');
  await expect(care).toContainText('自 2025-06-01');
  await expect(care).toContainText(note);
});
