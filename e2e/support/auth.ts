// Role fixtures: sign in through the real form, as a person would.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Yinghuo@2026';

/** The demo accounts the tests use, as listed in the README. */
export const ACCOUNTS = {
  admin: 'admin',
  secretary: 'shuji',
  townshipSecretary: 'zhenshuji',
  otherCommunitySecretary: 'fqshuji',
  gridWorker: 'wg01',
  otherGridWorker: 'wg02',
  partyMember: 'dy01',
  unitLiaison: 'dw01',
} as const;

export async function fillSignIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('账号或手机号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * Signs in through next-auth's own credentials endpoint (the form itself is covered by
 * sign-in.spec.ts), then opens the role's home page. The session cookie lands in the page's
 * browser context, exactly as after the form.
 */
export async function signIn(page: Page, login: string): Promise<void> {
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await page.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, login, password: DEMO_PASSWORD, callbackUrl: '/' },
    maxRedirects: 0,
  });
  expect(response.headers().location ?? '', `sign-in of ${login}`).not.toMatch(/error|\/login/);
  await page.goto('/');
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: '退出' })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login/);
}

export async function expectNotFound(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
}
