import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './support/auth';
import { buildingQrLink } from './support/intake';

// An axe scan of a long page takes seconds on a small machine; several scans make a slow test.
test.describe.configure({ timeout: 60_000 });

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious, `${page.url()}`).toEqual([]);
}

test('the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await expectNoSeriousViolations(page);
});

test('the not-found page', async ({ page }) => {
  await page.goto('/no-such-page');
  await expectNoSeriousViolations(page);
});

test('admin pages', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await expectNoSeriousViolations(page);
  await page.goto('/org');
  await expectNoSeriousViolations(page);
});

test('secretary desk', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await expectNoSeriousViolations(page);
});

test('community and grid pages', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await page.locator('#grids-heading + ul a').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /下辖楼栋/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: '龙湖社区' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '龙湖社区' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('a building page and its care filter', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await page.locator('#grids-heading + ul a').first().click();
  await page.locator('#children-heading + ul a').first().click();
  await expect(page.getByRole('heading', { level: 2, name: /党员中心户/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('link', { name: /只看关爱户/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^关爱户/ })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('grid worker pages: home, grids, search results and a household', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  await expectNoSeriousViolations(page);
  await page.goto('/work/grids');
  await expectNoSeriousViolations(page);
  await page.getByLabel('查找住户').fill('1单元');
  await page.getByRole('button', { name: '查找' }).click();
  await expect(page.getByRole('heading', { name: /查找结果/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.locator('#results-heading ~ ul a').first().click();
  await expect(page.getByRole('heading', { name: '家庭成员' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('party member and unit liaison homes', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.partyMember);
  await expectNoSeriousViolations(page);
  await signOut(page);
  await signIn(page, ACCOUNTS.unitLiaison);
  await expectNoSeriousViolations(page);
});

test('case pages: the worker home, a case with its actions, the intake form', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  await expectNoSeriousViolations(page);
  await page.locator('a[href^="/cases/"]').first().click();
  await expect(page.getByRole('heading', { name: '办理过程' })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto('/work/new');
  await expectNoSeriousViolations(page);
  // The batch form has its own page; the old address still leads there.
  await page.goto('/work/new?mode=batch');
  await expect(page).toHaveURL(/\/work\/new\/batch$/);
  await expect(page.getByRole('navigation', { name: '登记方式' }).getByRole('link', { name: /批量录入/ })).toHaveAttribute('aria-current', 'page');
  await expectNoSeriousViolations(page);
  await page.goto('/notifications');
  await expectNoSeriousViolations(page);
});

test('the claim board and a unit queue', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.partyMember);
  await page.goto('/member/board');
  await expectNoSeriousViolations(page);
  await signOut(page);
  await signIn(page, ACCOUNTS.unitLiaison);
  await expectNoSeriousViolations(page);
});

test("a resident's submit form, confirmation and status page", { tag: '@phone' }, async ({ page }) => {
  const qrPath = await buildingQrLink(page, '汾河湾');
  await page.goto(qrPath);
  await expectNoSeriousViolations(page);
  await page.getByLabel(/诉求内容/).fill('无障碍检查：单元门口的台阶缺少扶手');
  await page.getByRole('button', { name: '提交诉求' }).click();
  await expect(page.getByRole('heading', { name: /提交成功/ })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await expect(page.getByRole('heading', { name: '办理进度' })).toBeVisible();
  await expectNoSeriousViolations(page);
});

test('admin time limits and tokens, secretary case list', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/limits');
  await expectNoSeriousViolations(page);
  await page.goto('/admin/tokens');
  await expectNoSeriousViolations(page);
});
