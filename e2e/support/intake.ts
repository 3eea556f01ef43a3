// Where a resident starts: the QR link of a building, as printed by the secretary.
import type { Page } from '@playwright/test';
import { ACCOUNTS, signIn, signOut } from './auth';

/** As the community secretary, the public QR link of the first building of a grid. */
export async function buildingQrLink(page: Page, gridName: string): Promise<string> {
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/org');
  await page.getByRole('link', { name: gridName, exact: true }).click();
  await page.locator('#children-heading + ul a').first().click();
  await page.getByRole('link', { name: '打印二维码' }).click();
  const url = (await page.getByText(/\/s\/[\w-]+$/).first().textContent())!.trim();
  await signOut(page);
  return new URL(url).pathname;
}

