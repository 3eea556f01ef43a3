// Sessions end on the server: signing out, changing the password and an admin's "sign out everywhere".
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ACCOUNTS, DEMO_PASSWORD, fillSignIn, signIn, signOut } from './support/auth';

/** Each project uses its own accounts: both run against one server at the same time. */
const accountFor = (project: string, desktop: string, mobile: string) => (project === 'mobile' ? mobile : desktop);

async function sessionCookieHeader(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'authjs.session-token');
  expect(session, 'a session cookie after sign-in').toBeDefined();
  return `${session!.name}=${session!.value}`;
}

async function signedInPage(browser: Browser, login: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, login);
  return page;
}

test('a session cookie copied before signing out is worthless afterwards, for pages and the API', { tag: '@desk' }, async ({ page, request }) => {
  await signIn(page, ACCOUNTS.gridWorker);
  const cookie = await sessionCookieHeader(page);
  // While signed in, the copy works like the original.
  const before = await request.get('/api/v1/cases?pageSize=1', { headers: { cookie } });
  expect(before.status()).toBe(200);

  await signOut(page);

  const work = await request.get('/work', { headers: { cookie }, maxRedirects: 0 });
  expect(work.status()).toBeGreaterThanOrEqual(300);
  expect(work.status()).toBeLessThan(400);
  expect(work.headers().location).toMatch(/\/login/);
  const api = await request.get('/api/v1/cases?pageSize=1', { headers: { cookie } });
  expect(api.status()).toBe(401);
  expect((await api.json()).error.code).toBe('unauthorized');
});

test('changing the password signs the account out everywhere else, and the new password works', async ({ page, browser }, testInfo) => {
  const login = accountFor(testInfo.project.name, 'dy20', 'dy21');
  const elsewhere = await signedInPage(browser, login);
  await signIn(page, login);

  // On a phone the link sits on 我的 (the tab bar replaces the header's links); on a desktop in the header.
  if (testInfo.project.name === 'mobile') await page.getByRole('navigation', { name: '底部导航' }).getByRole('link', { name: /我的/ }).click();
  await page.getByRole('link', { name: '修改密码' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '修改密码' })).toBeVisible();
  await page.getByLabel('当前密码').fill('wrong-password-1');
  await page.getByLabel('新密码', { exact: true }).fill('Huoguang2027');
  await page.getByLabel('再次输入新密码').fill('Huoguang2027');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('当前密码不正确', { exact: true })).toBeVisible();

  await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('Huoguang2027');
  await page.getByLabel('再次输入新密码').fill('Huoguang2027');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByRole('status').filter({ hasText: '密码已修改' })).toHaveText('密码已修改。其他设备上的 1 处登录已退出。');

  // This browser stays signed in; the other one is sent to the sign-in page.
  await page.goto('/member');
  await expect(page.getByRole('heading', { level: 1, name: '我的认领' })).toBeVisible();
  await elsewhere.goto('/member');
  await expect(elsewhere).toHaveURL(/\/login/);

  // The old password no longer opens the account, the new one does.
  const { csrfToken } = (await (await elsewhere.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const old = await elsewhere.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, login, password: DEMO_PASSWORD, callbackUrl: '/' },
    maxRedirects: 0,
  });
  expect(old.headers().location).toMatch(/error/);
  const fresh = await elsewhere.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, login, password: 'Huoguang2027', callbackUrl: '/' },
    maxRedirects: 0,
  });
  expect(fresh.headers().location ?? '').not.toMatch(/error|\/login/);
  await elsewhere.context().close();
});

test('an admin signs an account out everywhere with 全部退出', { tag: '@desk' }, async ({ page, browser }, testInfo) => {
  const login = accountFor(testInfo.project.name, 'dy22', 'dy23');
  const phone = await signedInPage(browser, login);
  const desk = await signedInPage(browser, login);

  await signIn(page, ACCOUNTS.admin);
  await page.getByRole('link', { name: '登录会话' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '登录会话' })).toBeVisible();
  const item = page.getByRole('listitem').filter({ hasText: login });
  await expect(item).toContainText('2 处登录');
  await item.getByRole('button', { name: /全部退出/ }).click();
  await expect(page.getByRole('listitem').filter({ hasText: login })).toHaveCount(0);

  for (const p of [phone, desk]) {
    await p.goto('/member');
    await expect(p).toHaveURL(/\/login/);
    await p.context().close();
  }
});

test('only an admin finds the sessions page', { tag: '@desk' }, async ({ page }) => {
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/admin/sessions');
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
});

test('a secretary disables an account: its open session is signed out on its very next request, and it cannot sign in until enabled', { tag: '@desk' }, async ({ page, browser }, testInfo) => {
  // Three sign-ins (bcrypt) and two server actions: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(60_000);
  // Used by this story alone (README: accounts whose state a story changes).
  const login = accountFor(testInfo.project.name, 'dy90', 'dy91');
  const member = await signedInPage(browser, login);
  const cookie = await sessionCookieHeader(member);

  await signIn(page, ACCOUNTS.secretary);
  await page.goto(`/admin/accounts?q=${login}`);
  await page.getByRole('listitem').filter({ hasText: login }).getByRole('link').click();
  await page.getByRole('button', { name: '停用账号' }).click();
  await expect(page.getByRole('button', { name: '启用账号' })).toBeVisible();

  // The member's next page and the API: signed out, though the cookie itself has not expired.
  await member.goto('/member');
  await expect(member).toHaveURL(/\/login/);
  expect((await member.request.get('/api/v1/cases?pageSize=1', { headers: { cookie } })).status()).toBe(401);
  await fillSignIn(member, login);
  await expect(member.getByText('账号或密码错误，请重新输入。')).toBeVisible();

  await page.getByRole('button', { name: '启用账号' }).click();
  await expect(page.getByRole('button', { name: '停用账号' })).toBeVisible();
  await signIn(member, login);
  await member.context().close();
});
