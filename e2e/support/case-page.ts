// The case page as its users drive it: open a case, open an action's form, see the confirmation and the new state.
import { expect, type Page } from '@playwright/test';

export async function openCase(page: Page, number: string) {
  await page.goto(`/cases/${number}`);
  await expect(page.getByText(number, { exact: true })).toBeVisible();
}

/** Opens an action's form on the case page (behind 更多操作, or folded) and returns it. */
export async function actionForm(page: Page, title: string) {
  const item = page.locator(`[data-action-title="${title}"]`);
  if (!(await item.isVisible())) await page.locator('details[data-more-actions] > summary').click();
  if ((await item.evaluate((el) => el.tagName)) === 'DETAILS' && (await item.getAttribute('open')) === null) await item.locator('> summary').click();
  return item.locator('form');
}

/** The confirmation after an action: a status toast, with the new state scrolled into view. */
export async function expectDone(page: Page, message: string) {
  // A photo is re-encoded on the server before the page moves on: slow on a busy machine.
  await expect(page.getByRole('status').filter({ hasText: message })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#case-status')).toBeInViewport();
}

export async function expectStatus(page: Page, status: string) {
  await expect(page.locator('h1 + div').getByText(status, { exact: true })).toBeVisible();
}

/** Logs a request in the grid worker's own grid through the API, with the session. */
export async function logInOwnGrid(page: Page, description: string): Promise<string> {
  await page.goto('/work/grids');
  const gridId = Number((await page.getByRole('link', { name: '查看网格详情' }).first().getAttribute('href'))!.split('/').pop());
  const response = await page.request.post('/api/v1/cases', { data: { description, source: 'patrol', nodeId: gridId } });
  expect(response.status()).toBe(201);
  return (await response.json()).number as string;
}
