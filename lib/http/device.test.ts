import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPhoneRequest } from './device';

const request = (h: Record<string, string>) => new Headers(h);
const PIXEL_7 = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const ANDROID_TABLET = 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

test('a phone is told by the client hint first, then by the user agent', () => {
  assert.equal(isPhoneRequest(request({ 'sec-ch-ua-mobile': '?1', 'user-agent': DESKTOP })), true);
  // An emulated phone on a desktop browser keeps the host's "?0": the user agent decides.
  assert.equal(isPhoneRequest(request({ 'sec-ch-ua-mobile': '?0', 'user-agent': PIXEL_7 })), true);
  assert.equal(isPhoneRequest(request({ 'sec-ch-ua-mobile': '?0', 'user-agent': DESKTOP })), false);
  assert.equal(isPhoneRequest(request({ 'user-agent': PIXEL_7 })), true);
  assert.equal(isPhoneRequest(request({ 'user-agent': IPHONE })), true);
  assert.equal(isPhoneRequest(request({ 'user-agent': DESKTOP })), false);
  assert.equal(isPhoneRequest(request({ 'user-agent': ANDROID_TABLET })), false);
  assert.equal(isPhoneRequest(request({})), false);
});
