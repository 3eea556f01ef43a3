// Uploaded ledgers between preview and confirmation (issue 12: any app server may take either step). The bytes go to
// the shared blob store the photos use (lib/storage/blob-store.ts: a shared folder or an S3-compatible bucket), under
// "imports/<token>.xlsx"; a staged_imports row binds the token to the account that uploaded it and says when it
// expires (an hour). The confirmation's write consumes the row, so an upload is imported at most once however many
// servers are asked; the bytes are removed after it, or by the cleanup job (lib/jobs/scheduler.ts) once expired.
import { randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { AppDb, Store } from '@/db/store';
import { stagedImports } from '@/db/tables';
import { nextTurn } from '@/lib/jobs/yield';
import { log } from '@/lib/log';
import type { BlobStore } from '@/lib/storage/blob-store';
import { forgetWorkbook, type StagedWorkbook } from './read-workbook';

export const STAGED_MAX_AGE_MS = 60 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
/** Expired uploads removed per query of the cleanup (it loops until none is left). */
const SWEEP_BATCH = 200;

export type StagedUpload = { token: string; blobName: string };

function blobNameOf(token: string): string {
  return `imports/${token}.xlsx`;
}

/**
 * Stores an upload (at most MAX_IMPORT_BYTES: the caller checks before) for the account. The row is written before
 * the bytes, so bytes never exist without a row that the cleanup finds.
 */
export async function stageUpload(store: Store, blobs: BlobStore, accountId: number, bytes: Uint8Array, now = new Date()): Promise<StagedUpload> {
  const token = randomBytes(24).toString('base64url');
  const blobName = blobNameOf(token);
  await store.write(async (tx) => {
    await tx.insert(stagedImports).values({ token, accountId, blobName, bytes: bytes.length, createdAt: now, expiresAt: new Date(now.getTime() + STAGED_MAX_AGE_MS) });
  });
  await blobs.put(blobName, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  return { token, blobName };
}

/** The account's own upload under `token`, not yet imported nor expired; null otherwise (also for a malformed token). */
export async function findStagedUpload(db: AppDb, accountId: number, token: string, now = new Date()): Promise<StagedUpload | null> {
  if (!TOKEN.test(token) || !Number.isInteger(accountId)) return null;
  const [row] = await db
    .select({ token: stagedImports.token, blobName: stagedImports.blobName })
    .from(stagedImports)
    .where(and(eq(stagedImports.token, token), eq(stagedImports.accountId, accountId), isNull(stagedImports.consumedAt), gt(stagedImports.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

/** The upload as the importer reads it: its bytes from the shared store, on whichever server asks. */
export function stagedWorkbook(blobs: BlobStore, upload: StagedUpload): StagedWorkbook {
  return { key: upload.blobName, load: () => blobs.get(upload.blobName) };
}

/**
 * Inside the confirmation's write: marks the upload imported. False when it already was (a second confirmation, on
 * this server or another), has expired, or is not this account's: the write must then be rolled back.
 */
export async function consumeStagedUpload(tx: AppDb, accountId: number, token: string, now = new Date()): Promise<boolean> {
  const consumed = await tx
    .update(stagedImports)
    .set({ consumedAt: now })
    .where(and(eq(stagedImports.token, token), eq(stagedImports.accountId, accountId), isNull(stagedImports.consumedAt), gt(stagedImports.expiresAt, now)))
    .returning({ token: stagedImports.token });
  return consumed.length === 1;
}

/**
 * Removes an upload's bytes, then its row. When the bytes cannot be removed now (the bucket is unreachable), the row
 * stays, so the cleanup job tries again once it has expired.
 */
export async function discardStagedUpload(store: Store, blobs: BlobStore, upload: StagedUpload): Promise<void> {
  forgetWorkbook(upload.blobName);
  try {
    await blobs.delete(upload.blobName);
  } catch (error) {
    log.error('import: a staged upload could not be removed; the cleanup job will retry', error);
    return;
  }
  await store.write(async (tx) => {
    await tx.delete(stagedImports).where(eq(stagedImports.token, upload.token));
  });
}

/** Uploads nobody confirmed within the hour (a preview abandoned, a tab closed), and imported ones left behind. */
export async function sweepStagedUploads(store: Store, blobs: BlobStore, now = new Date()): Promise<number> {
  let removed = 0;
  for (;;) {
    const expired = await store.db
      .select({ token: stagedImports.token, blobName: stagedImports.blobName })
      .from(stagedImports)
      .where(lte(stagedImports.expiresAt, now))
      .orderBy(asc(stagedImports.expiresAt), asc(stagedImports.token))
      .limit(SWEEP_BATCH);
    for (const upload of expired) {
      forgetWorkbook(upload.blobName);
      // Bytes first: a failure here throws (the job logs it) and leaves the row for the next run.
      await blobs.delete(upload.blobName);
      await store.write(async (tx) => {
        await tx.delete(stagedImports).where(eq(stagedImports.token, upload.token));
      });
      removed++;
    }
    if (expired.length < SWEEP_BATCH) return removed;
    await nextTurn();
  }
}
