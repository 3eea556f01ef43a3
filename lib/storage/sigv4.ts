// AWS Signature Version 4 for S3-compatible stores (AWS S3, MinIO, the object stores of Chinese clouds), header
// form with the payload's SHA-256 signed: what a PUT, GET or DELETE of one object needs, and no more. sigv4.test.ts
// checks it against AWS's published example (GET /test.txt of examplebucket).
import crypto from 'node:crypto';

export type Credentials = { accessKeyId: string; secretAccessKey: string; region: string; service?: string };

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding of one path segment or query part, as SigV4 wants it (unreserved characters stay). */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** "20130524T000000Z" */
export function amzDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers to send: the given ones plus x-amz-date, x-amz-content-sha256 and Authorization. `path` is the
 * request's path, already encoded segment by segment; every header given is signed (host included).
 */
export function signRequest(opts: {
  method: string;
  host: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  payloadSha256: string;
  credentials: Credentials;
  at: Date;
}): Record<string, string> {
  const { credentials: c } = opts;
  const date = amzDate(opts.at);
  const day = date.slice(0, 8);
  const service = c.service ?? 's3';
  const headers: Record<string, string> = { ...opts.headers, host: opts.host, 'x-amz-date': date, 'x-amz-content-sha256': opts.payloadSha256 };
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, ' ')]));
  const canonicalQuery = Object.entries(opts.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const signedHeaders = names.join(';');
  const canonicalRequest = [opts.method, opts.path, canonicalQuery, ...names.map((n) => `${n}:${lower[n]}`), '', signedHeaders, opts.payloadSha256].join('\n');
  const scope = `${day}/${c.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${c.secretAccessKey}`, day), c.region), service), 'aws4_request');
  const signature = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');
  const { host: _host, ...rest } = headers;
  return {
    ...rest,
    authorization: `AWS4-HMAC-SHA256 Credential=${c.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}
