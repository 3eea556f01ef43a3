// The JSON answers of /api/v1: small ones marked no-transform (so Next does not gzip them), large ones left to compress.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, apiError, COMPRESS_MIN_BYTES, json, jsonFor } from './http';

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

describe('jsonFor', () => {
  const page = { items: Array.from({ length: 20 }, (_, i) => ({ number: `YH20261202-${String(i).padStart(4, '0')}`, description: '楼道灯不亮，居民反映已有三天。' })) };
  const asking = (acceptEncoding?: string) => new Request('http://localhost/api/v1/cases', { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  it('gzips a large answer itself for a client that accepts gzip, and says so, so nothing compresses it again', async () => {
    const res = jsonFor(asking('gzip, deflate, br'), page);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    assert.equal(res.headers.get('cache-control'), 'no-store, no-transform');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.ok(bytes.length < Buffer.byteLength(JSON.stringify(page)) / 3, `${bytes.length} bytes`);
    assert.deepEqual(JSON.parse(gunzipSync(bytes).toString('utf8')), page);
  });

  it('sends plain JSON to a client that does not accept gzip, and a small answer plain to anyone', async () => {
    for (const header of [undefined, 'identity', 'br', 'gzip;q=0', '*;q=0']) {
      const res = jsonFor(asking(header), page);
      assert.equal(res.headers.get('content-encoding'), null, String(header));
      assert.deepEqual(await res.json(), page);
    }
    const small = jsonFor(asking('gzip'), { number: 'YH20261202-0001' }, 201, { Location: '/x' });
    assert.equal(small.headers.get('content-encoding'), null);
    assert.equal(small.headers.get('cache-control'), 'no-store, no-transform');
    assert.equal(small.status, 201);
    assert.equal(small.headers.get('location'), '/x');
  });

  it('reads Accept-Encoding as RFC 9110 does: names, *, and q-values', () => {
    assert.equal(acceptsGzip('gzip'), true);
    assert.equal(acceptsGzip('GZIP;q=0.5'), true);
    assert.equal(acceptsGzip('deflate, *'), true);
    assert.equal(acceptsGzip('*;q=1, gzip;q=0'), false);
    assert.equal(acceptsGzip('x-gzip'), true);
    assert.equal(acceptsGzip(''), false);
    assert.equal(acceptsGzip(null), false);
  });
});
