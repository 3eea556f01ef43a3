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
