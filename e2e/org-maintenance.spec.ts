// The secretary keeps the tree up to date: a new building in a grid, renamed, shows in the org browser.
import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

test('the secretary creates a building in a grid, renames it, and finds it in the org browser', async ({ page }) => {
  // Unique per run: the e2e database outlives a single run of this spec.
  const suffix = Date.now().toString(36).slice(-5);
  const name = `E2E楼${suffix}`;
  const renamed = `E2E幸福楼${suffix}`;

  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/org');
  await page.getByRole('link', { name: '龙盛华庭', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '龙盛华庭' })).toBeVisible();

  await page.getByRole('link', { name: '新建楼栋' }).click();
  await page.getByLabel('楼栋名称').fill(name);
  await page.getByLabel('楼栋党小组名称（可不填）').fill(`${name}党小组`);
  await page.getByRole('button', { name: '新建楼栋' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(`已新建「${name}」。`)).toBeVisible();

  await page.getByRole('link', { name: '编辑', exact: true }).click();
  await page.getByLabel('名称', { exact: true }).fill(renamed);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByText('已保存。')).toBeVisible();

  await page.goto('/org');
  // A grid's buildings are folded away under a summary that names the grid for screen readers.
  await page.locator('summary', { hasText: '（龙盛华庭）' }).click();
  await expect(page.getByRole('link', { name: renamed, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
});

test('the secretary registers a co-building unit; a refused first try keeps what was chosen', async ({ page }) => {
  const name = `E2E共建单位${Date.now().toString(36).slice(-5)}`;
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/org/units');
  const form = page.getByRole('region', { name: '新建单位' });
  await form.getByLabel('服务范围').selectOption({ label: '龙湖社区' });
  await form.getByLabel('联系电话（可不填）').fill('12');
  await form.getByRole('button', { name: '新建单位' }).click();
  await expect(form.getByText('请填写单位名称')).toBeVisible();
  // The form was sent back: the place chosen before stays chosen, so the next try needs only the missing name.
  await expect(form.getByLabel('服务范围')).toHaveValue(/\d+/);
  await expect(form.getByLabel('服务范围').locator('option:checked')).toHaveText('龙湖社区');
  await form.getByLabel('单位名称').fill(name);
  await form.getByLabel('联系电话（可不填）').fill('');
  await form.getByRole('button', { name: '新建单位' }).click();
  await expect(form.getByRole('status')).toHaveText(`已新建「${name}」。`);
  await expect(page.getByRole('listitem', { name })).toContainText('服务：龙湖社区');
});
