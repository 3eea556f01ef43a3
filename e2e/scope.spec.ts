import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, expectNotFound, signIn, signOut } from './support/auth';

/** As the community secretary, the links to the second grid and to one of its households. */
async function recordsOfSecondGrid(page: Page) {
  await signIn(page, ACCOUNTS.secretary);
  const gridLinks = page.locator('#grids-heading + ul a');
  const secondGrid = (await gridLinks.nth(1).getAttribute('href'))!;
  await page.goto(secondGrid);
  await page.locator('#children-heading + ul a').first().click();
  const household = (await page.locator('#households-heading ~ ul a').first().getAttribute('href'))!;
  await signOut(page);
  return { secondGrid, household };
}

test('a grid worker gets "not found" for another grid and its households', { tag: '@phone' }, async ({ page }) => {
  const { secondGrid, household } = await recordsOfSecondGrid(page);
  await signIn(page, ACCOUNTS.gridWorker);
  await page.goto(secondGrid);
  await expectNotFound(page);
  await page.goto(household);
  await expectNotFound(page);
});

test('the grid worker of that grid does see it', { tag: '@phone' }, async ({ page }) => {
  const { secondGrid, household } = await recordsOfSecondGrid(page);
  await signIn(page, ACCOUNTS.otherGridWorker);
  await page.goto(secondGrid);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('页面不存在');
  await page.goto(household);
  await expect(page.getByRole('heading', { name: '家庭成员' })).toBeVisible();
});

test('a grid worker cannot open the secretary desk or the org browser', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  for (const path of ['/desk', '/desk/cases', '/org', '/admin', '/admin/limits', '/admin/tokens', '/unit', '/member', '/member/board']) {
    await page.goto(path);
    await expectNotFound(page);
  }
});

test('a party member and a unit liaison cannot open household records', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  await page.goto('/work/grids');
  await page.locator('a[href^="/org/"]').nth(1).click();
  const household = (await page.locator('a[href^="/households/"]').first().getAttribute('href'))!;
  await signOut(page);
  for (const login of [ACCOUNTS.partyMember, ACCOUNTS.unitLiaison]) {
    await signIn(page, login);
    await page.goto(household);
    await expectNotFound(page);
    await signOut(page);
  }
});

test("a community secretary cannot read another community's records", { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.otherCommunitySecretary);
  const otherGrid = (await page.locator('#grids-heading + ul a').first().getAttribute('href'))!;
  await signOut(page);
  await signIn(page, ACCOUNTS.secretary);
  await page.goto(otherGrid);
  await expectNotFound(page);
});

test('a grid worker finds a household by room number in their own grid only', { tag: '@phone' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  await page.goto('/work/grids');
  await page.getByLabel('查找住户').fill('301');
  await page.getByRole('button', { name: '查找' }).click();
  const results = page.locator('#results-heading ~ ul a');
  await expect(results.first()).toBeVisible();
  const gridName = (await page.getByRole('heading', { level: 2 }).nth(1).textContent())!;
  for (const text of await results.allTextContents()) expect(text).toContain(gridName.trim());
});
