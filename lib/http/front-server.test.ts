import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { openSqliteStore, type Store } from '@/db/store';
import { openTestDatabase } from '@/db/testing';
import { clientIp } from '@/lib/auth/client-ip';
import { ipKey, PUBLIC_SUBMIT_LIMIT, takeHit } from '@/lib/rate-limit/hits';
import { log } from '../log';
import { gzipSync } from 'node:zlib';
import { RELAYED_ENCODING_HEADER, RELAYS_ENCODING_HEADER } from './encoding-relay';
import { createFrontServer, type FrontOptions } from './front-server';

let store: Store;
let close: () => void;
before(() => {
  const opened = openTestDatabase();
  store = openSqliteStore(opened.file, { writer: opened.sqlite });
  close = opened.close;
});
after(async () => {
  await store.close();
  close();
});

/**
 * The front server with a stand-in for Next that does what the residents' submission action
 * does: read the client address with clientIp() and take a hit on the 10-per-hour limit.
 */
async function startWith(opts: FrontOptions) {
  const server = createFrontServer(async (req, res) => {
    const headers = new Headers(req.headers as Record<string, string>);
    const ip = clientIp(headers);
    if (req.url === '/log') log.info('hello from the app');
    const allowed = await takeHit(store, ipKey(`submit-${opts.trustedProxies}`, ip), PUBLIC_SUBMIT_LIMIT, new Date());
    res.statusCode = allowed ? 200 : 429;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ip, csp: headers.get('content-security-policy') }));
  }, opts);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe('without a trusted proxy', () => {
  let url: string;
  let stop: () => Promise<void>;
  before(async () => ({ url, stop } = await startWith({ trustedProxies: 0 })));
  after(() => stop());

  test('a spoofed X-Forwarded-For or client-ip header does not change the address, so it cannot escape the submission limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(url, { headers: { 'x-forwarded-for': `10.9.0.${i}`, 'x-yinghuo-client-ip': `10.8.0.${i}` } });
      const body = (await res.json()) as { ip: string };
      assert.equal(body.ip, '127.0.0.1');
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
  });

  test('every response carries a fresh request id and the security headers; a client-sent request id is not trusted', async () => {
    const a = await fetch(url, { headers: { 'x-request-id': 'forged' } });
    const b = await fetch(url);
    const idA = a.headers.get('x-request-id');
    assert.ok(idA && idA !== 'forged');
    assert.notEqual(idA, b.headers.get('x-request-id'));
    assert.match(a.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(a.headers.get('referrer-policy'), 'same-origin');
    assert.equal(a.headers.get('x-content-type-options'), 'nosniff');
    // The app sees the same policy, with the nonce, on its side of the request.
    const body = (await a.json()) as { csp: string };
    assert.equal(body.csp, a.headers.get('content-security-policy'));
    await b.arrayBuffer();
  });

  test("the app's log lines carry the request id of the response", async (t) => {
    const lines: string[] = [];
    t.mock.method(console, 'info', (line: string) => lines.push(line));
    const res = await fetch(`${url}/log`);
    await res.arrayBuffer();
    const entry = JSON.parse(lines.find((l) => l.includes('hello from the app'))!);
    assert.equal(entry.requestId, res.headers.get('x-request-id'));
  });
});

describe('behind one trusted proxy (TRUSTED_PROXIES=1)', () => {
  let url: string;
  let stop: () => Promise<void>;
  before(async () => ({ url, stop } = await startWith({ trustedProxies: 1 })));
  after(() => stop());

  test('the address the proxy appended is used; what the client wrote before it is not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(url, { headers: { 'x-forwarded-for': `6.6.6.${i}, 198.51.100.20` } });
      assert.equal(((await res.json()) as { ip: string }).ip, '198.51.100.20');
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
    // Another client behind the same proxy has its own budget.
    const other = await fetch(url, { headers: { 'x-forwarded-for': '198.51.100.21' } });
    assert.equal(other.status, 200);
    await other.arrayBuffer();
  });

  test("the proxy's request id is kept", async () => {
    const res = await fetch(url, { headers: { 'x-request-id': 'edge-7f3a', 'x-forwarded-for': '198.51.100.30' } });
    await res.arrayBuffer();
    assert.equal(res.headers.get('x-request-id'), 'edge-7f3a');
  });
});

describe('the encoding a route compressed its answer with (lib/http/encoding-relay.ts)', () => {
  let url: string;
  let stop: () => Promise<void>;
  const text = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ i, description: '楼道灯不亮，居民反映已有三天。' })) });
  before(async () => {
    // A stand-in for Next's route handling: it passes on the route's headers with setHeader, as Next does, and tells
    // the client what the request said about the relay.
    const server = createFrontServer(async (req, res) => {
      const relayed = req.headers[RELAYS_ENCODING_HEADER];
      const named = new URL(req.url ?? '/', 'http://x').searchParams.get('named');
      res.setHeader('x-relay-seen', String(relayed));
      res.setHeader('content-type', 'application/json');
      if (named) {
        res.setHeader(RELAYED_ENCODING_HEADER, named);
        res.end(named === 'gzip' ? gzipSync(text) : text);
      } else res.end(text);
    }, { trustedProxies: 0 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  });
  after(() => stop());

  test('every request is marked as relayed, whatever the client sent under that name', async () => {
    const res = await fetch(url, { headers: { [RELAYS_ENCODING_HEADER]: 'forged' } });
    await res.arrayBuffer();
    assert.equal(res.headers.get('x-relay-seen'), '1');
  });

  test("a route's gzip goes out as Content-Encoding, and the client reads the JSON", async () => {
    const res = await fetch(`${url}/?named=gzip`);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(res.headers.get(RELAYED_ENCODING_HEADER), null, 'the internal name does not leave the server');
    assert.equal(await res.text(), text, 'fetch decoded it');
  });

  test('an encoding a route may not name is dropped, and nothing else changes', async () => {
    const res = await fetch(`${url}/?named=br`);
    assert.equal(res.headers.get('content-encoding'), null);
    assert.equal(res.headers.get(RELAYED_ENCODING_HEADER), null);
    assert.equal(await res.text(), text);
    const plain = await fetch(url);
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.equal(await plain.text(), text);
  });
});
