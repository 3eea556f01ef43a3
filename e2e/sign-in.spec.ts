import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTS, DEMO_PASSWORD, fillSignIn, signOut } from './support/auth';

// The form's answers (a redirect, a refusal, a missing field) do not depend on the device: once, on the desktop
// (@desk); each role's own sign-in runs on its user's device, and signing out on both.

/** The real sign-in form, as a person uses it. */
async function signIn(page: Page, login: string) {
  await fillSignIn(page, login);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
}

const homes = [
  { login: ACCOUNTS.admin, path: '/admin', heading: '系统概览', tag: '@desk' },
  { login: ACCOUNTS.secretary, path: '/desk', heading: '书记工作台', tag: '@desk' },
  { login: ACCOUNTS.gridWorker, path: '/work', heading: '我的工作', tag: '@phone' },
  { login: ACCOUNTS.partyMember, path: '/member', heading: '我的认领', tag: '@phone' },
  { login: ACCOUNTS.unitLiaison, path: '/unit', heading: '国网新绛县供电公司', tag: '@phone' },
];

for (const home of homes) {
  test(`${home.login} signs in and lands on ${home.path}`, { tag: home.tag }, async ({ page }) => {
    await signIn(page, home.login);
    await expect(page).toHaveURL(new RegExp(`${home.path}$`));
    await expect(page.getByRole('heading', { level: 1, name: home.heading })).toBeVisible();
  });
}

test('a secretary can sign in with a phone number', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, '13900000001');
  await expect(page).toHaveURL(/\/desk$/);
});

test('signed-out visitors are sent to the sign-in page', { tag: '@desk' }, async ({ page }) => {
  await page.goto('/desk');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: '萤火 · 网格服务' })).toBeVisible();
});

test('a wrong password is refused with a clear message', { tag: '@desk' }, async ({ page }) => {
  await fillSignIn(page, ACCOUNTS.otherGridWorker, 'wrong-password');
  await expect(page.getByText('账号或密码错误，请重新输入。')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('an empty form names the missing field', { tag: '@desk' }, async ({ page }) => {
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

test('repeated failures lock the account at this address, and a forged X-Forwarded-For does not escape the lock', { tag: '@desk' }, async ({ page }, testInfo) => {
  // One account per project: the lock is per account and address, and both projects share 127.0.0.1.
  const login = testInfo.project.name === 'mobile' ? 'dy04' : 'dy05';
  for (let i = 0; i < 5; i++) {
    // Each attempt claims to come from somewhere else; the server takes the address from the socket.
    await page.context().setExtraHTTPHeaders({ 'x-forwarded-for': `10.99.${i}.1` });
    await fillSignIn(page, login, `wrong-${i}`);
    await expect(page.getByText(/账号或密码错误|登录失败次数过多/)).toBeVisible();
  }
  await page.context().setExtraHTTPHeaders({ 'x-forwarded-for': '10.99.200.1', 'x-yinghuo-client-ip': '10.99.200.2' });
  await fillSignIn(page, login);
  await expect(page.getByText('登录失败次数过多，请 1 分钟后再试。')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('the session cookie is HttpOnly and SameSite=Lax, and not Secure over plain HTTP', { tag: '@desk' }, async ({ page }) => {
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await page.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, login: ACCOUNTS.partyMember, password: DEMO_PASSWORD, callbackUrl: '/' },
    maxRedirects: 0,
  });
  const sessionCookie = response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === 'set-cookie')
    .map((h) => h.value)
    .find((v) => v.startsWith('authjs.session-token='));
  expect(sessionCookie).toBeDefined();
  expect(sessionCookie).toMatch(/;\s*HttpOnly/i);
  expect(sessionCookie).toMatch(/;\s*SameSite=Lax/i);
  expect(sessionCookie).not.toMatch(/;\s*Secure/i);
});
