import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deriveClientAddress, normaliseAddress, trustedProxyCount } from './client-address';

test('without trusted proxies the socket address wins and X-Forwarded-For is ignored', () => {
  assert.equal(deriveClientAddress({ socketAddress: '203.0.113.9', forwardedFor: '1.2.3.4', trustedProxies: 0 }), '203.0.113.9');
  assert.equal(deriveClientAddress({ socketAddress: '203.0.113.9', forwardedFor: undefined, trustedProxies: 0 }), '203.0.113.9');
});

test('with one trusted proxy the right-most entry is the client; spoofed entries left of it do not matter', () => {
  const derive = (xff: string) => deriveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: xff, trustedProxies: 1 });
  assert.equal(derive('198.51.100.7'), '198.51.100.7');
  assert.equal(derive('1.1.1.1, 198.51.100.7'), '198.51.100.7');
  assert.equal(derive('9.9.9.9,8.8.8.8,198.51.100.7'), '198.51.100.7');
});

test('with two trusted proxies the entry second from the right is the client', () => {
  const derive = (xff: string) => deriveClientAddress({ socketAddress: '10.0.0.3', forwardedFor: xff, trustedProxies: 2 });
  assert.equal(derive('6.6.6.6, 198.51.100.7, 10.0.0.2'), '198.51.100.7');
  // Too few entries: the request bypassed a proxy; only the socket is trustworthy.
  assert.equal(derive('198.51.100.7'), '10.0.0.3');
});

test('repeated X-Forwarded-For headers are read as one list', () => {
  assert.equal(deriveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: ['6.6.6.6', '198.51.100.7'], trustedProxies: 1 }), '198.51.100.7');
});

test('a malformed entry at the trusted position falls back to the socket', () => {
  for (const xff of ['', 'unknown', 'not-an-ip', '1.2.3.4, <script>', '999.1.1.1']) {
    assert.equal(deriveClientAddress({ socketAddress: '10.0.0.2', forwardedFor: xff, trustedProxies: 1 }), '10.0.0.2', xff);
  }
  assert.equal(deriveClientAddress({ socketAddress: undefined, forwardedFor: 'junk', trustedProxies: 1 }), null);
});

test('IPv6, IPv4-mapped IPv6, ports and brackets are normalised', () => {
  assert.equal(normaliseAddress('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(normaliseAddress('::FFFF:192.0.2.1'), '192.0.2.1');
  assert.equal(normaliseAddress('2001:DB8::1'), '2001:db8::1');
  assert.equal(normaliseAddress('[2001:db8::1]:443'), '2001:db8::1');
  assert.equal(normaliseAddress('192.0.2.1:8080'), '192.0.2.1');
  assert.equal(normaliseAddress('::1'), '::1');
  assert.equal(deriveClientAddress({ socketAddress: '::ffff:127.0.0.1', forwardedFor: '6.6.6.6', trustedProxies: 0 }), '127.0.0.1');
  assert.equal(deriveClientAddress({ socketAddress: '::1', forwardedFor: '[2001:db8::7]:5000', trustedProxies: 1 }), '2001:db8::7');
});

test('TRUSTED_PROXIES accepts a small positive integer and nothing else', () => {
  assert.equal(trustedProxyCount(undefined), 0);
  assert.equal(trustedProxyCount('0'), 0);
  assert.equal(trustedProxyCount('2'), 2);
  assert.equal(trustedProxyCount('-1'), 0);
  assert.equal(trustedProxyCount('yes'), 0);
  assert.equal(trustedProxyCount('1.5'), 0);
});
