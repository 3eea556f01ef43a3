// The JSON answers of /api/v1: small ones marked no-transform (so Next does not gzip them), large ones left to compress.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiError, COMPRESS_MIN_BYTES, json } from './http';

describe('json', () => {
  it('marks a small answer no-transform, so no gzip stream is set up for a hundred bytes', async () => {
    const body = { number: 'YH20261202-0001', status: 'submitted', version: 0 };
    const res = json(body, 201, { Location: '/api/v1/cases/YH20261202-0001' });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('cache-control'), 'no-store, no-transform');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(res.headers.get('location'), '/api/v1/cases/YH20261202-0001');
    assert.deepEqual(await res.json(), body);
  });

  it('leaves a large answer (a page of the list) compressible, measured in bytes, not characters', async () => {
    // 400 Chinese characters: 400 UTF-16 units, under the threshold, but 1,200 bytes on the wire.
    const body = { description: '楼'.repeat(400) };
    assert.ok(JSON.stringify(body).length < COMPRESS_MIN_BYTES && Buffer.byteLength(JSON.stringify(body)) >= COMPRESS_MIN_BYTES);
    const res = json(body);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await res.json(), body);
  });

  it('gives errors the same envelope and headers', async () => {
    const res = apiError('not_found', '事项不存在。');
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('cache-control'), 'no-store, no-transform');
    assert.deepEqual(await res.json(), { error: { code: 'not_found', message: '事项不存在。' } });
  });
});
