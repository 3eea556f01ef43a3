// Case and visit photos: checking uploads, re-encoding them without metadata, storing, reading and removing them, in
// the photo store (lib/storage/blob-store.ts: a folder, or an S3-compatible bucket that several servers share).
import crypto from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { blobStoreFromEnv, type BlobStore } from '@/lib/storage/blob-store';
import type { StoredPhoto } from './commands';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Long edge after resizing: enough to read a meter or a crack, small enough for a poor signal. */
export const MAX_PHOTO_EDGE = 2048;
const JPEG_QUALITY = 82;
/** A decompression bomb (a tiny file declaring a huge canvas) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 60_000_000;

export const PHOTO_MESSAGES = {
  tooMany: `最多上传 ${MAX_PHOTOS} 张照片`,
  tooLarge: '照片不能超过 10 MB',
  badType: '只支持 JPEG、PNG、WebP 格式的照片',
  unreadable: '照片无法识别，可能已损坏，请换一张',
} as const;

export type ProcessPhotosResult = { ok: true; photos: StoredPhoto[] } | { ok: false; message: string };

export function uploadsDir(): string {
  // Chosen at run time, not a source to trace into the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.UPLOADS_DIR ?? '.data/uploads');
}

let cached: { key: string; store: BlobStore } | undefined;

/**
 * The photo store the environment describes (PHOTO_STORE, UPLOADS_DIR, S3_*): built (and its settings checked)
 * once per set of values, since tests change them; every photo request reads it.
 */
export function photoStore(): BlobStore {
  const env = process.env;
  const key = JSON.stringify([env.PHOTO_STORE, env.UPLOADS_DIR, env.S3_ENDPOINT, env.S3_BUCKET, env.S3_REGION, env.S3_ACCESS_KEY_ID, env.S3_SECRET_ACCESS_KEY, env.S3_PREFIX]);
  if (cached?.key !== key) cached = { key, store: blobStoreFromEnv(env) };
  return cached.store;
}

/** Only names this module made: random hex + ".jpg". Anything else could walk out of the folder. */
const FILE_NAME = /^[0-9a-f]{32}\.jpg$/;

/** The real format from the first bytes; the browser's mime type and the file name are the sender's word. */
export function sniffImageType(head: Uint8Array): 'jpeg' | 'png' | 'webp' | null {
  const starts = (bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** An empty file part is what a form sends when no file was chosen; it is not a photo. */
export function chosenFiles(values: readonly unknown[]): File[] {
  return values.filter((v): v is File => v instanceof File && v.size > 0);
}

type Encoded = { data: Buffer; width: number; height: number };

/**
 * Upright by EXIF orientation, fitted into 2048 px, flattened onto white (JPEG has no
 * transparency), JPEG. sharp writes no metadata unless asked to, so EXIF (GPS, camera,
 * time) never reaches the disk; photos.test.ts holds that.
 */
async function reencode(input: Buffer): Promise<Encoded | null> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_PHOTO_EDGE, height: MAX_PHOTO_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: JPEG_QUALITY, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/**
 * Checks and re-encodes the photos of one submission, then writes them. Every photo is checked
 * before any is written, so a refusal leaves nothing behind. The caller deletes the files again
 * with `deletePhotos` when its database transaction fails.
 */
export async function processPhotos(files: File[]): Promise<ProcessPhotosResult> {
  const chosen = chosenFiles(files);
  if (chosen.length > MAX_PHOTOS) return { ok: false, message: PHOTO_MESSAGES.tooMany };
  if (chosen.some((f) => f.size > MAX_PHOTO_BYTES)) return { ok: false, message: PHOTO_MESSAGES.tooLarge };

  const encoded: Encoded[] = [];
  for (const file of chosen) {
    const bytes = Buffer.from(await file.arrayBuffer());
    if (sniffImageType(bytes.subarray(0, 12)) === null) return { ok: false, message: PHOTO_MESSAGES.badType };
    const result = await reencode(bytes);
    if (!result) return { ok: false, message: PHOTO_MESSAGES.unreadable };
    encoded.push(result);
  }

  const store = photoStore();
  const stored: StoredPhoto[] = [];
  try {
    for (const e of encoded) {
      const fileName = `${crypto.randomBytes(16).toString('hex')}.jpg`;
      // The store never overwrites, however unlikely a clash of 128 random bits is.
      await store.put(fileName, e.data, 'image/jpeg');
      stored.push({ fileName, mime: 'image/jpeg', width: e.width, height: e.height, bytes: e.data.length });
    }
  } catch (error) {
    await deletePhotos(stored);
    throw error;
  }
  return { ok: true, photos: stored };
}

/** The bytes of a stored photo, or null when the name is not ours or the file is gone. */
export async function readPhoto(fileName: string): Promise<Buffer | null> {
  if (!FILE_NAME.test(fileName)) return null;
  return photoStore().get(fileName);
}

/** Removes stored photos whose case was never saved; missing files are fine. */
export async function deletePhotos(photos: readonly Pick<StoredPhoto, 'fileName'>[]): Promise<void> {
  const store = photoStore();
  await Promise.all(photos.filter((p) => FILE_NAME.test(p.fileName)).map((p) => store.delete(p.fileName)));
}
