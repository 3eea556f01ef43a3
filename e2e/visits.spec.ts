// 民情账本 on the phone: the grid worker opens 今日走访, records a visit that adds a care tag, logs a request from it, and sees the visited tick.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/auth';

// Two axe scans on a small machine take seconds.
test.describe.configure({ timeout: 60_000 });

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect(serious, page.url()).toEqual([]);
}

// wg03 (the third grid of 龙湖社区) is used by this story alone.
test('今日走访: a visit adds a care tag, a request is logged from it, and the household is ticked as visited today', async ({ page }) => {
  await signIn(page, 'wg03');
  await page.getByRole('navigation', { name: '底部导航' }).getByRole('link', { name: /走访/ }).click();
  await expect(page.getByRole('heading', { name: '今日走访', level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page);

  // The first household still due today (a second run of the story finds the next one).
  const due = page.getByTestId('visit-plan-item').filter({ hasNotText: '今日已走访' }).first();
  const address = (await due.locator('.font-medium').first().textContent())!.trim();
  await due.getByRole('link').click();
  await expect(page.getByRole('heading', { name: address, level: 1 })).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.getByRole('button', { name: '无人在家' }).click();
  await expect(page.getByLabel('见到的人')).toHaveValue('无人在家');
  await page.getByLabel(/走访情况/).fill('邻居反映老人近来行动不便，需要关注');
  await page.getByLabel('发现的问题').fill('单元门口台阶破损，老人进出不便');
  // A tag the household does not have yet.
  const unticked = page.getByRole('group', { name: /关爱标签/ }).getByRole('checkbox', { checked: false }).first();
  const tagLabel = (await unticked.locator('xpath=..').textContent())!.trim();
  await unticked.check();
  await page.getByRole('button', { name: '保存走访记录' }).click();
  await expect(page.getByRole('heading', { name: '走访已记录' })).toBeVisible();
  await expect(page.getByText('关爱标签已更新。')).toBeVisible();

  // One tap: the intake form, door-knocking, with the visited household filled in.
  await page.getByRole('link', { name: '由此登记诉求' }).click();
  await expect(page.getByText(`由走访登记：${address}`)).toBeVisible();
  await expect(page.getByRole('radio', { name: /敲门走访/ })).toBeChecked();
  await expect(page.getByText('已关联住户')).toBeVisible();
  await page.getByLabel(/诉求内容/).fill('走访发现：单元门口台阶破损，老人进出不便，请修缮');
  await page.getByRole('button', { name: '提交登记' }).click();
  await expect(page.getByRole('heading', { name: /登记成功/ })).toBeVisible();
  const number = (await page.getByRole('link', { name: /^YH\d{8}-\d{4,}$/ }).first().textContent())!.trim();

  // Back on 今日走访 the household carries its tick and its new tag.
  await page.getByRole('link', { name: '返回今日走访' }).click();
  const row = page.getByTestId('visit-plan-item').filter({ hasText: address });
  await expect(row.getByText('今日已走访')).toBeVisible();
  await expect(row.getByRole('list', { name: '关爱标签' })).toContainText(tagLabel);

  // The household page's visit history shows the visit and links the request logged from it.
  const householdId = (await row.getByRole('link').getAttribute('href'))!.split('/').pop();
  await page.goto(`/households/${householdId}`);
  const history = page.getByRole('region', { name: /走访记录/ });
  await expect(history.getByText('单元门口台阶破损，老人进出不便').first()).toBeVisible();
  await expect(history.getByRole('link', { name: `诉求 ${number}` })).toBeVisible();
});
