import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasSessionCookie, PERSONAL_PAGE_CACHE_CONTROL, publicPageCacheControl, SHARED_PAGE_CACHE_CONTROL } from './public-cache';

const request = (method: string, cookie?: string) => ({ method, headers: cookie === undefined ? {} : { cookie } });

test('an anonymous GET or HEAD of a page with nothing personal may be shared for one second; browsers always revalidate', () => {
  assert.equal(publicPageCacheControl(request('GET'), { personal: false }), SHARED_PAGE_CACHE_CONTROL);
  assert.equal(publicPageCacheControl(request('HEAD'), { personal: false }), SHARED_PAGE_CACHE_CONTROL);
  assert.match(SHARED_PAGE_CACHE_CONTROL, /^public, /);
  assert.match(SHARED_PAGE_CACHE_CONTROL, /(^|, )s-maxage=1(,|$)/);
  assert.match(SHARED_PAGE_CACHE_CONTROL, /(^|, )max-age=0(,|$)/);
});

test("cookies that are not a session (the 附议 device, next-auth's CSRF and callback cookies) keep a page shared", () => {
  const cookies = 'yh_device=abc; authjs.csrf-token=x%7Cy; authjs.callback-url=http%3A%2F%2Flocalhost%2F';
  assert.equal(hasSessionCookie(cookies), false);
  assert.equal(publicPageCacheControl(request('GET', cookies), { personal: false }), SHARED_PAGE_CACHE_CONTROL);
});

test('a session cookie (http, https, chunked, anywhere in the header) makes the answer private', () => {
  for (const cookie of [
    'authjs.session-token=eyJ',
    '__Secure-authjs.session-token=eyJ',
    'yh_device=abc; authjs.session-token.0=eyJ; authjs.session-token.1=more',
    'authjs.csrf-token=x;__Secure-authjs.session-token=eyJ',
  ]) {
    assert.equal(hasSessionCookie(cookie), true, cookie);
    assert.equal(publicPageCacheControl(request('GET', cookie), { personal: false }), PERSONAL_PAGE_CACHE_CONTROL, cookie);
  }
  // A name that merely ends like it is another cookie.
  assert.equal(hasSessionCookie('my-authjs.session-token=eyJ'), false);
});

test('a personal page (a flash, a refused form) and any POST are stored by nobody', () => {
  assert.equal(publicPageCacheControl(request('GET'), { personal: true }), PERSONAL_PAGE_CACHE_CONTROL);
  assert.equal(publicPageCacheControl(request('POST'), { personal: false }), PERSONAL_PAGE_CACHE_CONTROL);
  assert.match(PERSONAL_PAGE_CACHE_CONTROL, /(^|, )private(,|$)/);
  assert.match(PERSONAL_PAGE_CACHE_CONTROL, /(^|, )no-store(,|$)/);
});
