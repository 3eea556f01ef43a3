// Uploaded ledgers between preview and confirmation: kept on disk under the uploads folder, bound to the account that uploaded them, removed on confirmation or after an hour.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { uploadsDir } from '@/lib/cases/photos';
import { forgetWorkbook } from './read-workbook';

const MAX_AGE_MS = 60 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

function importsDir(): string {
  return path.join(uploadsDir(), 'imports');
}

/** The file of an upload, or null when the token is malformed, not this account's, or gone. */
export function uploadPath(accountId: number, token: string): string | null {
  if (!TOKEN.test(token) || !Number.isInteger(accountId)) return null;
  const file = path.join(importsDir(), `${accountId}-${token}.xlsx`);
  return fs.existsSync(file) ? file : null;
}

/** Stores an upload (personal data: readable by the server's user only) and sweeps expired ones. */
export function saveUpload(accountId: number, bytes: Uint8Array, now = Date.now()): { token: string; file: string } {
  const dir = importsDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  sweepUploads(now);
  const token = randomBytes(24).toString('base64url');
  const file = path.join(dir, `${accountId}-${token}.xlsx`);
  fs.writeFileSync(file, bytes, { mode: 0o600 });
  return { token, file };
}

export function removeUpload(file: string): void {
  fs.rmSync(file, { force: true });
  forgetWorkbook(file);
}

/** Uploads nobody confirmed within the hour: a preview abandoned, a tab closed. */
export function sweepUploads(now = Date.now()): void {
  const dir = importsDir();
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > MAX_AGE_MS) fs.rmSync(file, { force: true });
    } catch {
      // removed by a concurrent sweep
    }
  }
}
