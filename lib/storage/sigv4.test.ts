import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amzDate, EMPTY_SHA256, sha256Hex, signRequest, uriEncode } from './sigv4';

test("AWS's published example: GET /test.txt of examplebucket with a Range header", () => {
  const headers = signRequest({
    method: 'GET',
    host: 'examplebucket.s3.amazonaws.com',
    path: '/test.txt',
    headers: { Range: 'bytes=0-9' },
    payloadSha256: EMPTY_SHA256,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' },
    at: new Date('2013-05-24T00:00:00Z'),
  });
  assert.equal(
    headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  );
  assert.equal(headers['x-amz-date'], '20130524T000000Z');
  assert.equal(headers['x-amz-content-sha256'], EMPTY_SHA256);
});

test('any change to what is signed changes the signature', () => {
  const base = {
    method: 'PUT',
    host: '127.0.0.1:9000',
    path: '/photos/a.jpg',
    payloadSha256: sha256Hex('x'),
    credentials: { accessKeyId: 'k', secretAccessKey: 's', region: 'us-east-1' },
    at: new Date('2026-12-02T08:00:00Z'),
  };
  const signature = (o: typeof base) => signRequest(o).authorization!.split('Signature=')[1];
  const first = signature(base);
  assert.notEqual(signature({ ...base, path: '/photos/b.jpg' }), first);
  assert.notEqual(signature({ ...base, payloadSha256: sha256Hex('y') }), first);
  assert.notEqual(signature({ ...base, at: new Date('2026-12-02T08:00:01Z') }), first);
  assert.notEqual(signature({ ...base, credentials: { ...base.credentials, secretAccessKey: 't' } }), first);
  assert.equal(signature({ ...base }), first, 'and the same request signs the same');
});

test('encoding and dates as SigV4 wants them', () => {
  assert.equal(uriEncode("a b!*'()~-_."), 'a%20b%21%2A%27%28%29~-_.');
  assert.equal(amzDate(new Date('2026-01-02T03:04:05.678Z')), '20260102T030405Z');
});
