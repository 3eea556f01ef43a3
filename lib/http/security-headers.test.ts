import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, permissionsPolicy, securityHeaders } from './security-headers';

test('the camera is allowed only where photos are taken', () => {
  for (const path of ['/s/ABC123', '/work/new', '/work/new/batch', '/cases/YH20261124-0001', '/work/visits/12']) {
    assert.match(permissionsPolicy(path), /(^|, )camera=\(self\)/, path);
  }
  for (const path of ['/', '/login', '/work', '/work/newest', '/work/visits', '/t/secret', '/desk/stats', '/api/v1/cases']) {
    assert.match(permissionsPolicy(path), /(^|, )camera=\(\)/, path);
  }
  assert.match(permissionsPolicy('/s/ABC'), /microphone=\(\)/);
  assert.match(permissionsPolicy('/s/ABC'), /geolocation=\(\)/);
});

test('scripts need this response nonce; no framing; eval only in development', () => {
  const csp = contentSecurityPolicy('abc123');
  assert.match(csp, /script-src 'self' 'nonce-abc123' 'strict-dynamic'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  assert.match(contentSecurityPolicy('abc123', { dev: true }), /'unsafe-eval'/);
});

test('HSTS only when served over TLS', () => {
  const plain = securityHeaders({ pathname: '/', nonce: 'n', secure: false });
  assert.equal(plain['Referrer-Policy'], 'same-origin');
  assert.equal(plain['X-Content-Type-Options'], 'nosniff');
  assert.equal(plain['Strict-Transport-Security'], undefined);
  assert.ok(securityHeaders({ pathname: '/', nonce: 'n', secure: true })['Strict-Transport-Security']);
});
