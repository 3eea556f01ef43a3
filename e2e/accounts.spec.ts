// Accounts: an administrator opens an account for a new grid worker, who signs in with the one-time password, must replace it, and starts work.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, fillSignIn, signIn } from './support/auth';

// Two people, two sign-ins and two axe scans: more than the default 30 s on a busy 2-core machine.
test.describe.configure({ timeout: 60_000 });

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
  expect(serious, page.url()).toEqual([]);
}

// The administrator's story, at the desk (@desk); the password page on a phone is e2e/sessions.spec.ts's.
test('an admin creates a grid worker; the worker signs in with the one-time password, must change it, and lands on 我的工作', { tag: '@desk' }, async ({ page, browser }, testInfo) => {
  // A name of its own per project and run: both projects share one database.
  const username = `wg-${testInfo.project.name}-${Date.now().toString(36)}`;
  await signIn(page, ACCOUNTS.admin);
  await page.goto('/admin/accounts');
  await page.getByRole('link', { name: '新建账号' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新建账号' })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByLabel('账号（登录名）').fill(username);
  await page.getByLabel('姓名').fill('刘晓燕');
  await page.getByLabel('角色').selectOption({ label: '网格员' });
  await page.getByRole('checkbox', { name: '龙湖社区 · 龙盛华庭' }).check();
  await page.getByRole('button', { name: '创建账号' }).click();
  const issued = page.getByRole('status').filter({ hasText: `账号 ${username} 已创建` });
  await expect(issued).toBeVisible();
  const oneTimePassword = (await issued.getByTestId('one-time-password').textContent())!.trim();
  expect(oneTimePassword).toMatch(/^[a-z2-9]{10}$/);
  await expectNoSeriousViolations(page);

  // The grid worker, on their own phone or computer.
  const worker = await (await browser.newContext()).newPage();
  await fillSignIn(worker, username, oneTimePassword);
  await expect(worker).toHaveURL(/\/account\/password$/);
  await expect(worker.getByRole('alert').filter({ hasText: '一次性密码' })).toBeVisible();
  // Nothing else opens until the password is theirs.
  await worker.goto('/work');
  await expect(worker).toHaveURL(/\/account\/password$/);
  expect((await worker.request.get('/api/v1/cases?pageSize=1')).status()).toBe(401);

  await worker.getByLabel('当前密码').fill(oneTimePassword);
  await worker.getByLabel('新密码', { exact: true }).fill('Liuxiaoyan2027');
  await worker.getByLabel('再次输入新密码').fill('Liuxiaoyan2027');
  await worker.getByRole('button', { name: '修改密码' }).click();
  await expect(worker).toHaveURL(/\/work$/);
  await expect(worker.getByRole('heading', { level: 1, name: '我的工作' })).toBeVisible();
  await expect(worker.getByText('刘晓燕')).toBeVisible();

  // The administrator's list shows the account as in use, no longer waiting for its first password.
  await page.goto(`/admin/accounts?q=${username}`);
  const row = page.getByRole('listitem').filter({ hasText: username });
  await expect(row).toContainText('启用');
  await expect(row).not.toContainText('待修改初始密码');
  await worker.context().close();
});
