// Where uploaded files live (case and visit photos): a folder by default (UPLOADS_DIR, .data/uploads), or an
// S3-compatible bucket (MinIO, AWS S3, a government cloud's object store) so that several app servers share them
// (issue 12). Several servers may also share one folder (NFS); what they must not do is keep photos on one
// server's own disk. Names are the callers' (random hex, optionally under a folder of the caller's: "imports/…"): a
// store never chooses, lists or rewrites them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EMPTY_SHA256, sha256Hex, signRequest, uriEncode, type Credentials } from './sigv4';

export interface BlobStore {
  /** Writes a new object; refuses (throws BlobExists) to replace one that exists. */
  put(name: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(name: string): Promise<Buffer | null>;
  /** Removes the object; one that is not there is fine. */
  delete(name: string): Promise<void>;
  /** For logs and the README's checks: where the objects go (never a secret). */
  readonly where: string;
}

export class BlobExists extends Error {}

export function folderStore(dir: string): BlobStore {
  return {
    where: dir,
    async put(name, data) {
      const file = path.join(dir, name);
      await fs.mkdir(path.dirname(file), { recursive: true });
      try {
        // 'wx': never overwrite.
        await fs.writeFile(file, data, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BlobExists(name);
        throw error;
      }
    },
    async get(name) {
      try {
        return await fs.readFile(path.join(dir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(name) {
      await fs.rm(path.join(dir, name), { force: true });
    },
  };
}

export type S3Options = { endpoint: string; bucket: string; prefix: string; credentials: Credentials; timeoutMs?: number };

/** Path-style requests (`<endpoint>/<bucket>/<key>`), which MinIO and most S3-compatible stores take by default. */
export function s3Store(opts: S3Options): BlobStore {
  const base = new URL(opts.endpoint);
  const timeout = opts.timeoutMs ?? 15_000;
  const keyPath = (name: string) => `${base.pathname.replace(/\/$/, '')}/${uriEncode(opts.bucket)}/${`${opts.prefix}${name}`.split('/').map(uriEncode).join('/')}`;
  const call = async (method: 'PUT' | 'GET' | 'DELETE', name: string, body?: Buffer, extra: Record<string, string> = {}) => {
    const requestPath = keyPath(name);
    const headers = signRequest({ method, host: base.host, path: requestPath, headers: extra, payloadSha256: body ? sha256Hex(body) : EMPTY_SHA256, credentials: opts.credentials, at: new Date() });
    return fetch(new URL(requestPath, base), { method, headers, body: body ? new Uint8Array(body) : undefined, signal: AbortSignal.timeout(timeout) });
  };
  const failure = async (what: string, response: Response) =>
    new Error(`S3 ${what} failed: HTTP ${response.status} ${(await response.text().catch(() => '')).slice(0, 300)}`);
  return {
    where: `s3 ${base.origin}/${opts.bucket}/${opts.prefix}`,
    async put(name, data, contentType) {
      // If-None-Match: * makes the store refuse to replace an existing object (412), as the folder's 'wx' does.
      const response = await call('PUT', name, data, { 'content-type': contentType, 'if-none-match': '*' });
      if (response.status === 412) throw new BlobExists(name);
      if (!response.ok) throw await failure(`PUT ${name}`, response);
      await response.arrayBuffer();
    },
    async get(name) {
      const response = await call('GET', name);
      if (response.status === 404) {
        await response.arrayBuffer();
        return null;
      }
      if (!response.ok) throw await failure(`GET ${name}`, response);
      return Buffer.from(await response.arrayBuffer());
    },
    async delete(name) {
      const response = await call('DELETE', name);
      if (!response.ok && response.status !== 404) throw await failure(`DELETE ${name}`, response);
      await response.arrayBuffer();
    },
  };
}

const required = (name: string) => z.string({ error: `${name} 未设置` }).min(1, `${name} 未设置`);

const storeEnv = z.discriminatedUnion(
  'PHOTO_STORE',
  [
    z.object({ PHOTO_STORE: z.literal('folder'), UPLOADS_DIR: z.string().min(1).default('.data/uploads') }),
    z.object({
      PHOTO_STORE: z.literal('s3'),
      S3_ENDPOINT: required('S3_ENDPOINT').regex(/^https?:\/\/[^\s/]+/, 'S3_ENDPOINT 须为 http:// 或 https:// 开头的地址'),
      S3_BUCKET: required('S3_BUCKET'),
      S3_REGION: z.string().min(1).default('us-east-1'),
      S3_ACCESS_KEY_ID: required('S3_ACCESS_KEY_ID'),
      S3_SECRET_ACCESS_KEY: required('S3_SECRET_ACCESS_KEY'),
      S3_PREFIX: z.string().default('photos/'),
    }),
  ],
  { error: 'PHOTO_STORE 只能是 folder 或 s3' },
);

/** The store the environment describes; throws with every wrong setting named (the server then refuses to start its uploads). */
export function blobStoreFromEnv(env: Record<string, string | undefined> = process.env): BlobStore {
  const parsed = storeEnv.safeParse({ ...env, PHOTO_STORE: env.PHOTO_STORE || 'folder' });
  if (!parsed.success) throw new Error(`photo store settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  if (c.PHOTO_STORE === 'folder') return folderStore(path.resolve(/*turbopackIgnore: true*/ c.UPLOADS_DIR));
  return s3Store({
    endpoint: c.S3_ENDPOINT,
    bucket: c.S3_BUCKET,
    prefix: c.S3_PREFIX,
    credentials: { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY, region: c.S3_REGION },
  });
}
