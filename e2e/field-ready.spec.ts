// Ready for the field: installable on a phone's home screen, and the admin's screens usable in one go.
import { expect, test } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

test('the app answers for its icons and its manifest, so it can be added to a home screen', { tag: '@phone' }, async ({ page }) => {
  for (const path of ['/favicon.ico', '/icon.svg', '/apple-icon.png', '/icon-192.png', '/icon-512.png']) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type'], path).toMatch(/^image\//);
  }
  const manifest = await page.request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const body = await manifest.json();
  expect(body).toMatchObject({ name: expect.stringContaining('萤火'), short_name: '萤火', lang: 'zh-CN', display: 'standalone', start_url: '/' });
  expect(body.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  await page.goto('/login');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveCount(1);
});

test('the admin changes several time limits with one save; an invalid cell saves nothing', { tag: '@desk' }, async ({ page }, testInfo) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/limits');
  await expect(page.getByRole('button', { name: /^保存/ })).toHaveCount(1);
  // The two projects run side by side on one database: each edits a category of its own, and
  // moves its cells away from whatever they hold now, so a second run changes them again.
  const category = testInfo.project.name === 'mobile' ? '下水/排水' : '路灯照明';
  const urgentAccept = page.getByRole('spinbutton', { name: `${category} 紧急 受理时限（小时）` });
  const normalResolve = page.getByRole('spinbutton', { name: `${category} 一般 办结时限（小时）` });
  const otherAccept = page.getByRole('spinbutton', { name: '停车管理 一般 受理时限（小时）' });
  const before = await otherAccept.inputValue();

  // One bad cell: nothing is written, the cell says why.
  await otherAccept.fill(String(Number(before) + 1));
  await urgentAccept.fill('0');
  await expect(page.getByText('已修改').first()).toBeVisible();
  await page.getByRole('button', { name: '保存 2 处修改' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '未保存任何修改' })).toBeVisible();
  await expect(page.getByText('受理时限至少 1 小时')).toBeVisible();
  await page.reload();
  await expect(otherAccept).toHaveValue(before);

  // Fixed: both changes land together, and the summary names them.
  const acceptAfter = (await urgentAccept.inputValue()) === '1' ? '2' : '1';
  const resolveAfter = String(Number(await normalResolve.inputValue()) + 1);
  await urgentAccept.fill(acceptAfter);
  await normalResolve.fill(resolveAfter);
  await page.getByRole('button', { name: '保存 2 处修改' }).click();
  const summary = page.getByRole('status').filter({ hasText: '已保存 2 处修改' });
  await expect(summary).toContainText(`${category}（紧急）：受理`);
  await expect(summary).toContainText('办结 ');
  await expect(summary.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByText('没有未保存的修改')).toBeVisible();
  await page.reload();
  await expect(urgentAccept).toHaveValue(acceptAfter);
  await expect(normalResolve).toHaveValue(resolveAfter);
});

test('the token scope picker can be searched', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/tokens');
  const scope = page.getByRole('combobox', { name: '授权范围' });
  const all = await scope.locator('option').count();
  await page.getByRole('searchbox', { name: '查找授权范围' }).fill('龙盛华庭');
  await expect(page.getByText('找到 1 个匹配的范围')).toBeVisible();
  // The match and the chain above it (county, township, community), plus the placeholder.
  await expect.poll(() => scope.locator('option').count()).toBeLessThan(all);
  await scope.selectOption((await scope.locator('option', { hasText: '龙盛华庭' }).getAttribute('value'))!);
  await expect(scope.locator('option:checked')).toContainText('龙盛华庭');
});
