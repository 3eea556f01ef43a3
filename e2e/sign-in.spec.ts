import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, fillSignIn, signOut } from './support/auth';

/** The real sign-in form, as a person uses it. */
async function signIn(page: Page, login: string) {
  await fillSignIn(page, login);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
}

const homes = [
  { login: ACCOUNTS.admin, path: '/admin', heading: '系统概览' },
  { login: ACCOUNTS.secretary, path: '/desk', heading: '书记工作台' },
  { login: ACCOUNTS.gridWorker, path: '/work', heading: '我的工作' },
  { login: ACCOUNTS.partyMember, path: '/member', heading: '我的认领' },
  { login: ACCOUNTS.unitLiaison, path: '/unit', heading: '国网新绛县供电公司' },
];

for (const home of homes) {
  test(`${home.login} signs in and lands on ${home.path}`, async ({ page }) => {
    await signIn(page, home.login);
    await expect(page).toHaveURL(new RegExp(`${home.path}$`));
    await expect(page.getByRole('heading', { level: 1, name: home.heading })).toBeVisible();
  });
}

test('a secretary can sign in with a phone number', async ({ page }) => {
  await signIn(page, '13900000001');
  await expect(page).toHaveURL(/\/desk$/);
});

test('signed-out visitors are sent to the sign-in page', async ({ page }) => {
  await page.goto('/desk');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: '萤火 · 网格服务' })).toBeVisible();
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await fillSignIn(page, ACCOUNTS.otherGridWorker, 'wrong-password');
  await expect(page.getByText('账号或密码错误，请重新输入。')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('an empty form names the missing field', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByText('请输入账号或手机号')).toBeVisible();
  await expect(page.getByText('请输入密码')).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await signOut(page);
  await page.goto('/desk');
  await expect(page).toHaveURL(/\/login/);
});

test('repeated failures lock the account for 15 minutes, even with the right password', async ({ page }, testInfo) => {
  // A client address of its own, so the per-IP limit does not lock out the other tests.
  await page.context().setExtraHTTPHeaders({ 'x-forwarded-for': `10.99.0.${testInfo.project.name === 'mobile' ? 2 : 1}` });
  for (let i = 0; i < 5; i++) {
    await fillSignIn(page, 'dy05', `wrong-${i}`);
    await expect(page.getByText(/账号或密码错误|登录失败次数过多/)).toBeVisible();
  }
  await fillSignIn(page, 'dy05');
  await expect(page.getByText('登录失败次数过多，请 15 分钟后再试。')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
