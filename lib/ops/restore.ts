// Restoring a verified backup into the database file and the photos folder, refusing while a server has the database open.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BlobStore } from '@/lib/storage/blob-store';
import { assertSqliteBackups, countRows, DATABASE_FILE, PHOTOS_FOLDER, sha256, verifyBackup, type Manifest } from './backup';

export type RestoreOptions = { backup: string; databasePath: string; /** Where the photos go back (photoStore()). */ photos: Pick<BlobStore, 'get' | 'put'>; now?: Date };
export type RestoreResult =
  | { ok: true; manifest: Manifest; previous: string | null; photosCopied: number; photosPresent: number }
  | { ok: false; reason: 'verification_failed' | 'in_use'; problems: string[] };

/**
 * Is another process using the database? Every SQLite connection in WAL mode keeps a shared
 * lock on the database file from its first query until it closes, so a server that has served
 * anything holds one even when idle. An exclusive lock we can take at once proves nobody does;
 * closing our connection then checkpoints and removes the -wal file, leaving one plain file.
 * A server that has not yet opened the database holds nothing and will open the restored one.
 */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const probe = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('COMMIT');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw error;
  } finally {
    probe.close();
  }
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Verifies the backup, refuses if a server has the database open, keeps the current database
 * beside it as `<file>.before-restore-<time>` (nothing is destroyed), puts the backup's copy in
 * place through a temporary file and a rename, and adds the backup's photos to the photo
 * store. Photos already there are kept: their names are random and never reused, so a file of
 * the same name is the same photo, and files of cases newer than the backup do no harm.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  assertSqliteBackups();
  const check = verifyBackup(opts.backup);
  if (!check.ok) return { ok: false, reason: 'verification_failed', problems: check.problems };
  if (databaseInUse(opts.databasePath)) {
    return { ok: false, reason: 'in_use', problems: [`${opts.databasePath} is open in another process (a running server?). Stop it, then restore.`] };
  }

  const target = opts.databasePath;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${stamp(opts.now ?? new Date())}`;
    // The probe's clean close removed -wal and -shm; move any left over with their database.
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, previous + suffix);
  }
  const incoming = `${target}.restoring`;
  fs.copyFileSync(path.join(opts.backup, DATABASE_FILE), incoming);
  const fd = fs.openSync(incoming, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(incoming, target);

  let photosCopied = 0;
  let photosPresent = 0;
  for (const [photo, checksum] of Object.entries(check.manifest.photos.files)) {
    const present = await opts.photos.get(photo);
    if (present && sha256(present) === checksum) {
      photosPresent += 1;
      continue;
    }
    // A file of that name with other bytes cannot be ours (names are random and never reused): say so, replace nothing.
    if (present) throw new Error(`photo ${photo} in the store differs from the backup's; left as it is`);
    await opts.photos.put(photo, fs.readFileSync(path.join(opts.backup, PHOTOS_FOLDER, photo)), 'image/jpeg');
    photosCopied += 1;
  }

  // The restored file itself, read back: every table as the manifest recorded it.
  const restored = new Database(target, { readonly: true, fileMustExist: true });
  try {
    const counts = countRows(restored);
    const wrong = Object.entries(check.manifest.database.tables).filter(([t, n]) => counts[t] !== n);
    if (wrong.length > 0) throw new Error(`The restored database differs from the backup: ${wrong.map(([t]) => t).join(', ')}`);
  } finally {
    restored.close();
  }
  return { ok: true, manifest: check.manifest, previous, photosCopied, photosPresent };
}
