// The JSON answers of /api/v1: exact Content-Length (so small ones are not compressed), the error envelope.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiError, json } from './http';

describe('json', () => {
  it('states the byte length of the body, Chinese text included, so Next leaves small answers uncompressed', async () => {
    const res = json({ number: 'YH20261202-0001', note: '楼道灯不亮' }, 201, { Location: '/api/v1/cases/YH20261202-0001' });
    const bytes = Buffer.from(await res.clone().arrayBuffer());
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('content-length'), String(bytes.byteLength));
    assert.ok(bytes.byteLength > JSON.stringify({ number: 'YH20261202-0001', note: '楼道灯不亮' }).length, 'counted in bytes, not characters');
    assert.deepEqual(await res.json(), { number: 'YH20261202-0001', note: '楼道灯不亮' });
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('location'), '/api/v1/cases/YH20261202-0001');
  });

  it('gives errors the same length header and envelope', async () => {
    const res = apiError('not_found', '事项不存在。');
    const text = await res.text();
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(text)));
    assert.deepEqual(JSON.parse(text), { error: { code: 'not_found', message: '事项不存在。' } });
  });
});
