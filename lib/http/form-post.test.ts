// Tests of the same-origin check that guards download forms posted to route handlers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSameOrigin } from './form-post';

const headers = (h: Record<string, string>) => new Headers({ host: 'yinghuo.example:3000', ...h });

test("a browser's own form is let through, even with Origin: null under Referrer-Policy: no-referrer", () => {
  assert.equal(isSameOrigin(headers({ 'sec-fetch-site': 'same-origin', origin: 'null' })), true);
  assert.equal(isSameOrigin(headers({ origin: 'http://yinghuo.example:3000' })), true);
});

test('a form posted from another site is refused', () => {
  assert.equal(isSameOrigin(headers({ 'sec-fetch-site': 'cross-site', origin: 'null' })), false);
  assert.equal(isSameOrigin(headers({ 'sec-fetch-site': 'same-site' })), false);
  assert.equal(isSameOrigin(headers({ origin: 'https://evil.example' })), false);
  assert.equal(isSameOrigin(headers({ origin: 'not a url' })), false);
});

test('a client that says nothing (curl, an old browser) relies on the SameSite cookie', () => {
  assert.equal(isSameOrigin(headers({})), true);
  assert.equal(isSameOrigin(headers({ origin: 'null' })), true);
});

test('a form posted to a script-free page is read from the Node request with the same checks', async () => {
  const { Readable } = await import('node:stream');
  const { readNodeFormPost } = await import('./form-post');
  const request = (headers: Record<string, string>, body: string) =>
    Object.assign(Readable.from([Buffer.from(body)]), { headers: { host: 'yinghuo.example:3000', ...headers } }) as unknown as import('node:http').IncomingMessage;
  const form = 'application/x-www-form-urlencoded';
  const ok = await readNodeFormPost(request({ 'content-type': form, 'sec-fetch-site': 'same-origin' }, 'name=%E6%9D%8E%E5%BF%97%E6%84%BF&activityId=5'));
  assert.ok(ok.ok);
  assert.equal(ok.form.get('name'), '李志愿');
  assert.equal(ok.form.get('activityId'), '5');
  assert.deepEqual(await readNodeFormPost(request({ 'content-type': form, 'sec-fetch-site': 'cross-site' }, 'a=1')), { ok: false, status: 403, message: '请求来源不被允许' });
  assert.equal((await readNodeFormPost(request({ 'content-type': 'application/json' }, '{}'))).ok, false);
  // Too long, whether it says so or not.
  const big = `a=${'x'.repeat(20 * 1024)}`;
  assert.deepEqual(await readNodeFormPost(request({ 'content-type': form, 'content-length': String(big.length) }, big)), { ok: false, status: 413, message: '提交的内容过大' });
  assert.deepEqual(await readNodeFormPost(request({ 'content-type': form }, big)), { ok: false, status: 413, message: '提交的内容过大' });
});
