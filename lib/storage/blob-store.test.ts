// The photo store's two kinds behave alike: put refuses to replace, get of a missing name is null, delete of a missing
// name is fine. The S3 kind is driven against a small S3 stand-in on loopback that checks every request's SigV4
// signature (with the signer AWS's own example pins, sigv4.test.ts) and keeps objects in memory.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BlobExists, blobStoreFromEnv, folderStore, s3Store, type BlobStore } from './blob-store';
import { sha256Hex, signRequest } from './sigv4';

const credentials = { accessKeyId: 'yinghuo-test', secretAccessKey: 'test-secret-key-0123456789', region: 'cn-north-1' };

/** An S3 stand-in: path-style objects, SigV4 checked, If-None-Match: * honoured, requests counted. */
function fakeS3() {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const seen: { method: string; path: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = (status: number, data?: Buffer | string) => {
        seen.push({ method: req.method!, path: req.url!, status });
        res.writeHead(status).end(data);
      };
      const auth = String(req.headers.authorization ?? '');
      const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
      const headers = Object.fromEntries(signed.filter((h) => !['host', 'x-amz-date', 'x-amz-content-sha256'].includes(h)).map((h) => [h, String(req.headers[h])]));
      const date = String(req.headers['x-amz-date']);
      const at = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
      const payload = String(req.headers['x-amz-content-sha256']);
      const expected = signRequest({ method: req.method!, host: req.headers.host!, path: req.url!, headers, payloadSha256: payload, credentials, at }).authorization;
      if (auth !== expected || payload !== sha256Hex(body)) return answer(403, 'SignatureDoesNotMatch');
      const key = decodeURIComponent(req.url!);
      if (req.method === 'PUT') {
        if (req.headers['if-none-match'] === '*' && objects.has(key)) return answer(412, 'PreconditionFailed');
        objects.set(key, { body, type: String(req.headers['content-type']) });
        return answer(200);
      }
      if (req.method === 'GET') {
        const o = objects.get(key);
        return o ? answer(200, o.body) : answer(404, 'NoSuchKey');
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        return answer(204);
      }
      answer(405);
    });
  });
  return { server, objects, seen };
}

function behavesAsAStore(name: string, open: () => BlobStore) {
  describe(name, () => {
    it('keeps what is put, refuses to replace it, forgets what is deleted', async () => {
      const store = open();
      const photo = crypto.randomBytes(2048);
      await store.put('a1.jpg', photo, 'image/jpeg');
      assert.deepEqual(await store.get('a1.jpg'), photo);
      await assert.rejects(store.put('a1.jpg', Buffer.from('other'), 'image/jpeg'), BlobExists);
      assert.deepEqual(await store.get('a1.jpg'), photo, 'the first stays');
      await store.delete('a1.jpg');
      assert.equal(await store.get('a1.jpg'), null);
      await store.delete('a1.jpg');
      assert.equal(await store.get('never-put.jpg'), null);
    });
    it('takes names under a folder of the caller’s (the import’s staged uploads: imports/…)', async () => {
      const store = open();
      const ledger = crypto.randomBytes(512);
      await store.put('imports/t1.xlsx', ledger, 'application/octet-stream');
      assert.deepEqual(await store.get('imports/t1.xlsx'), ledger);
      assert.equal(await store.get('t1.xlsx'), null, 'the folder is part of the name');
      await assert.rejects(store.put('imports/t1.xlsx', Buffer.from('other'), 'application/octet-stream'), BlobExists);
      await store.delete('imports/t1.xlsx');
      assert.equal(await store.get('imports/t1.xlsx'), null);
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-blobs-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
behavesAsAStore('a folder', () => folderStore(dir));

const s3 = fakeS3();
let endpoint = '';
before(async () => {
  await new Promise<void>((resolve) => s3.server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(s3.server.address() as AddressInfo).port}`;
});
after(() => s3.server.close());
behavesAsAStore('an S3 bucket', () => s3Store({ endpoint, bucket: 'yinghuo', prefix: 'photos/', credentials }));

describe('the S3 requests', () => {
  it('go to <endpoint>/<bucket>/<prefix><name>, signed; a wrong secret is refused by the store, not ignored', async () => {
    const store = s3Store({ endpoint, bucket: 'yinghuo', prefix: 'photos/', credentials });
    await store.put('b2.jpg', Buffer.from('jpeg'), 'image/jpeg');
    assert.equal(s3.objects.get('/yinghuo/photos/b2.jpg')?.type, 'image/jpeg');
    const wrong = s3Store({ endpoint, bucket: 'yinghuo', prefix: 'photos/', credentials: { ...credentials, secretAccessKey: 'not-it' } });
    await assert.rejects(wrong.get('b2.jpg'), /HTTP 403/);
    await assert.rejects(wrong.put('c3.jpg', Buffer.from('x'), 'image/jpeg'), /HTTP 403/);
    assert.equal(s3.objects.has('/yinghuo/photos/c3.jpg'), false);
  });
});

describe('the settings', () => {
  it('a folder by default, UPLOADS_DIR where set', () => {
    assert.equal(blobStoreFromEnv({}).where, path.resolve('.data/uploads'));
    assert.equal(blobStoreFromEnv({ UPLOADS_DIR: dir }).where, dir);
  });
  it('S3 with every setting named when one is missing or wrong', () => {
    assert.throws(() => blobStoreFromEnv({ PHOTO_STORE: 's3', S3_ENDPOINT: 'minio:9000', S3_BUCKET: 'yinghuo' }), (e: Error) =>
      ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'].every((k) => e.message.includes(k)),
    );
    assert.throws(() => blobStoreFromEnv({ PHOTO_STORE: 'ftp' }), /PHOTO_STORE/);
    const store = blobStoreFromEnv({ PHOTO_STORE: 's3', S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'yinghuo', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' });
    assert.equal(store.where, 's3 http://minio:9000/yinghuo/photos/');
  });
});
