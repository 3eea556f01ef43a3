import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

test('the secretary sees the demo community counts in the org browser', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await page.getByRole('link', { name: '组织架构' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '组织架构' })).toBeVisible();
  await expect(page.getByTestId('count-households')).toHaveText('4,321');
  await expect(page.getByTestId('count-partyMembers')).toHaveText('501');
  const grids = Number((await page.getByTestId('count-grids').textContent())!.replace(/,/g, ''));
  const buildings = Number((await page.getByTestId('count-buildings').textContent())!.replace(/,/g, ''));
  expect(grids).toBeGreaterThanOrEqual(10);
  expect(buildings).toBeGreaterThanOrEqual(100);
  await expect(page.getByText('龙湖社区党总支').first()).toBeVisible();
  await expect(page.getByText(/网格员：\S+/).first()).toBeVisible();
});

test('a building shows its party group, central households and care-tagged households', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/org');
  await page.getByRole('link', { name: '龙盛华庭', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '龙盛华庭' })).toBeVisible();
  await expect(page.getByText(/网格员：/)).toBeVisible();
  await page.locator('#children-heading + ul a').first().click();
  await expect(page.getByRole('list', { name: '党组织链条' })).toContainText('龙湖社区党总支');
  await expect(page.getByRole('list', { name: '党组织链条' })).toContainText('党小组');
  const centralSection = page.getByRole('region', { name: /党员中心户/ });
  await expect(centralSection.getByText(/联系 \d+ 户/).first()).toBeVisible();

  const all = Number((await page.getByRole('heading', { name: /^住户（\d+）$/ }).textContent())!.match(/\d+/)![0]);
  await page.getByRole('link', { name: /只看关爱户/ }).click();
  const careHeading = page.getByRole('heading', { name: /^关爱户（\d+）$/ });
  await expect(careHeading).toBeVisible();
  const care = Number((await careHeading.textContent())!.match(/\d+/)![0]);
  expect(care).toBeLessThan(all);
  const cards = page.locator('#households-heading ~ ul > li');
  await expect(cards).toHaveCount(care);
  if (care > 0) await expect(cards.first().getByRole('list', { name: '关爱标签' })).toBeVisible();
});

test('a household record shows its members with masked phone numbers', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  await page.goto('/work/grids');
  await page.locator('a[href^="/org/"]').nth(1).click();
  await page.locator('#households-heading ~ ul a').first().click();
  await expect(page.getByRole('heading', { name: '家庭成员' })).toBeVisible();
  const phones = page.getByText(/^1\d{2}\*{4}\d{4}$/);
  await expect(phones.first()).toBeVisible();
  await expect(page.getByText(/^1\d{10}$/)).toHaveCount(0);
});

test('the township secretary sees every community of the township', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.townshipSecretary);
  await page.goto('/org');
  await expect(page.getByRole('link', { name: '龙湖社区', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: '府前社区', exact: true })).toBeVisible();
});
