// Security headers on every kind of response, and the app still working under its Content-Security-Policy.
import { expect, test, type APIResponse } from '@playwright/test';
import { ACCOUNTS, signIn } from './support/auth';

function expectSecurityHeaders(response: APIResponse, what: string) {
  const h = response.headers();
  expect(h['content-security-policy'], what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h['content-security-policy'], what).toContain("frame-ancestors 'none'");
  expect(h['referrer-policy'], what).toBe('same-origin');
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['permissions-policy'], what).toContain('microphone=()');
  expect(h['x-request-id'], what).toMatch(/^[\w.:-]+$/);
}

test('pages, route handlers, the API, static files and error pages all carry the security headers', { tag: '@desk' }, async ({ request }) => {
  const login = await request.get('/login');
  expect(login.status()).toBe(200);
  expectSecurityHeaders(login, 'a page');

  const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(await login.text())?.[1];
  expect(script, 'a script of the sign-in page').toBeDefined();
  const asset = await request.get(script!);
  expect(asset.status()).toBe(200);
  expectSecurityHeaders(asset, 'a static file');

  const csrf = await request.get('/api/auth/csrf');
  expect(csrf.status()).toBe(200);
  expectSecurityHeaders(csrf, "next-auth's route handler");

  const api = await request.get('/api/v1/cases');
  expect(api.status()).toBe(401);
  expectSecurityHeaders(api, 'the API');

  const missing = await request.get('/no-such-page');
  expect(missing.status()).toBe(404);
  expectSecurityHeaders(missing, 'a not-found page');

  const missingAsset = await request.get('/_next/static/chunks/no-such-chunk.js');
  expect(missingAsset.status()).toBe(404);
  expectSecurityHeaders(missingAsset, 'a missing static file');
});

test('every page response has its own nonce, and every script of the page carries it', { tag: '@desk' }, async ({ request }) => {
  const nonceOf = (r: APIResponse) => /'nonce-([^']+)'/.exec(r.headers()['content-security-policy'] ?? '')?.[1];
  const first = await request.get('/login');
  const second = await request.get('/login');
  const nonce = nonceOf(first);
  expect(nonce).toBeDefined();
  expect(nonceOf(second)).not.toBe(nonce);
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test('the camera is allowed only on the pages where photos are taken', { tag: '@desk' }, async ({ request }) => {
  const camera = async (path: string) => (await request.get(path, { maxRedirects: 0 })).headers()['permissions-policy'] ?? '';
  for (const path of ['/s/no-such-code', '/work/new', '/cases/YH20260101-0001']) expect(await camera(path), path).toMatch(/(^|, )camera=\(self\)/);
  for (const path of ['/login', '/work', '/t/not-a-token', '/api/v1/cases']) expect(await camera(path), path).toMatch(/(^|, )camera=\(\)/);
});

test('a forged request id or client address from the browser is not taken over', { tag: '@desk' }, async ({ request }) => {
  const response = await request.get('/login', { headers: { 'x-request-id': 'forged-id' } });
  expect(response.headers()['x-request-id']).not.toBe('forged-id');
});

test('the statistics charts render under the policy, without any blocked script', { tag: '@desk' }, async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page, ACCOUNTS.secretary);
  await page.goto('/desk/stats');
  await expect(page.locator('canvas[role="img"]').first()).toBeVisible();
  // The page is interactive: a client-side navigation through the header works.
  await page.getByRole('link', { name: '事项', exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/cases/);
  expect(violations).toEqual([]);
});
