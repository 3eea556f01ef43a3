// Residents' data: far-off dates are explained, not a server error; the administrator searches the audit log.
import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

const RANGE = '须在 2000-01-01 至 2100-12-31 之间';

test.describe('far-off dates in the URL are refused with a Chinese message', () => {
  for (const month of ['9999-12', '0000-01']) {
    test(`the monthly report for ?month=${month}`, async ({ page }) => {
      await signIn(page, ACCOUNTS.secretary);
      const response = await page.goto(`/desk/report?month=${month}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('alert')).toContainText(`月份“${month}”无效（月份须在 2000-01 至 2100-12 之间）`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText('诉求办理月报');
    });
  }

  for (const [from, to] of [
    ['9999-12-31', '9999-12-31'],
    ['0000-01-01', '0001-01-01'],
  ]) {
    test(`the statistics for ${from}..${to}`, async ({ page }) => {
      await signIn(page, ACCOUNTS.secretary);
      const response = await page.goto(`/desk/stats?period=custom&from=${from}&to=${to}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole('alert')).toContainText(`统计条件无效（日期${RANGE}`);
      await expect(page.getByRole('heading', { name: '统计分析' })).toBeVisible();
    });
  }
});
