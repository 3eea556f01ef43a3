// The JSON answers of /api/v1: small ones marked no-transform (so Next does not gzip them), large ones gzipped here
// when the front server relays the encoding, and left to Next's compression otherwise.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { RELAYED_ENCODING_HEADER, RELAYS_ENCODING_HEADER } from '@/lib/http/encoding-relay';
import { acceptsGzip, apiError, COMPRESS_MIN_BYTES, json } from './http';

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

  const page = { items: Array.from({ length: 20 }, (_, i) => ({ number: `YH20261202-${String(i).padStart(4, '0')}`, description: '楼道灯不亮，居民反映已有三天。' })) };
  const request = (headers: Record<string, string>) => new Request('http://127.0.0.1/api/v1/cases', { headers });

  it('gzips a large answer itself when the front server relays the encoding and the client takes gzip', async () => {
    const res = json(page, 200, undefined, request({ [RELAYS_ENCODING_HEADER]: '1', 'accept-encoding': 'gzip, deflate, br' }));
    assert.equal(res.headers.get(RELAYED_ENCODING_HEADER), 'gzip');
    assert.equal(res.headers.get('content-encoding'), null, 'named for the front server, which Next lets through');
    assert.equal(res.headers.get('cache-control'), 'no-store, no-transform', 'nobody compresses it again');
    assert.equal(res.headers.get('vary'), 'Accept-Encoding');
    const body = Buffer.from(await res.arrayBuffer());
    assert.ok(body.length < Buffer.byteLength(JSON.stringify(page)) / 3, `${body.length} bytes`);
    assert.deepEqual(JSON.parse(gunzipSync(body).toString('utf8')), page);
  });

  it('sends the text as it is to a client that refuses gzip, or where no front server relays the encoding', async () => {
    for (const [why, headers] of [
      ['gzip refused', { [RELAYS_ENCODING_HEADER]: '1', 'accept-encoding': 'gzip;q=0, br' }],
      ['no Accept-Encoding', { [RELAYS_ENCODING_HEADER]: '1' }],
      ['no front server', { 'accept-encoding': 'gzip' }],
    ] as const) {
      const res = json(page, 200, undefined, request(headers));
      assert.equal(res.headers.get(RELAYED_ENCODING_HEADER), null, why);
      assert.equal(res.headers.get('cache-control'), 'no-store', `${why}: Next may still compress it`);
      assert.equal(res.headers.get('vary'), 'Accept-Encoding', why);
      assert.deepEqual(await res.json(), page, why);
    }
    const small = json({ ok: true }, 200, undefined, request({ [RELAYS_ENCODING_HEADER]: '1', 'accept-encoding': 'gzip' }));
    assert.equal(small.headers.get(RELAYED_ENCODING_HEADER), null, 'a small answer is never compressed');
    assert.deepEqual(await small.json(), { ok: true });
  });

  it('reads Accept-Encoding as RFC 9110 says: gzip or x-gzip or * with a weight above zero, case-insensitive', () => {
    const yes = ['gzip', 'GZIP', 'deflate, gzip;q=1.0', 'br;q=1, gzip;q=0.5', 'x-gzip', '*', 'identity, *;q=0.1', ' gzip ; q = 0.001 '];
    const no = [null, '', 'br', 'identity', 'gzip;q=0', 'gzip;q=0.000', '*;q=0', '*, gzip;q=0', 'gzip;q=2', 'gzip;q=abc', 'gzip;q=-1', 'gzipx'];
    for (const header of yes) assert.equal(acceptsGzip(header), true, String(header));
    for (const header of no) assert.equal(acceptsGzip(header), false, String(header));
  });

  it('gives errors the same envelope and headers', async () => {
    const res = apiError('not_found', '事项不存在。');
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('cache-control'), 'no-store, no-transform');
    assert.deepEqual(await res.json(), { error: { code: 'not_found', message: '事项不存在。' } });
  });
});
