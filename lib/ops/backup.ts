// Online backups of the SQLite database with its case photos: a consistent copy, its manifest, verification and rotation.
// SQLite only: on PostgreSQL the database is backed up by PostgreSQL's own tools (pg_dump / pg_basebackup), and this
// module refuses rather than copy a SQLite file that is not the database in use.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { ENGINE, type Engine } from '@/db/engine';
import type { BlobStore } from '@/lib/storage/blob-store';

export const DEFAULT_KEEP = 14;
export const DATABASE_FILE = 'yinghuo.db';
export const PHOTOS_FOLDER = 'photos';
export const MANIFEST_FILE = 'manifest.json';
/** yinghuo-2026-12-02T03-00-00-000Z: sorts by time as text, and is safe in every file system. */
const NAME = /^yinghuo-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z$/;
const PHOTO_NAME = /^[0-9a-f]{32}\.jpg$/;

const manifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  database: z.object({ file: z.literal(DATABASE_FILE), bytes: z.number().int(), sha256: z.string(), tables: z.record(z.string(), z.number().int()) }),
  photos: z.object({ count: z.number().int(), bytes: z.number().int(), files: z.record(z.string().regex(PHOTO_NAME), z.string()), missing: z.array(z.string()) }),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** What `npm run backup` / `npm run restore` say on PostgreSQL, instead of pretending to back it up. */
export const POSTGRES_BACKUP_HELP = [
  'This server runs on PostgreSQL (DATABASE_URL): npm run backup / npm run restore copy a SQLite database only.',
  'Back up PostgreSQL with its own tools, e.g. `pg_dump --format=custom --file=yinghuo.dump "$DATABASE_URL"` (restore with',
  '`pg_restore --clean --dbname="$DATABASE_URL" yinghuo.dump`) or pg_basebackup with WAL archiving for point-in-time recovery;',
  'back up the photos (UPLOADS_DIR or the S3 bucket) beside it.',
].join('\n');

/** Throws POSTGRES_BACKUP_HELP when this process runs on PostgreSQL. */
export function assertSqliteBackups(engine: Engine = ENGINE): void {
  if (engine === 'pg') throw new Error(POSTGRES_BACKUP_HELP);
}

export type BackupOptions = {
  databasePath: string;
  /** Where the photos are (lib/cases/photos.ts: photoStore()). */
  photos: Pick<BlobStore, 'get'>;
  backupDir: string;
  keep?: number;
  now?: Date;
  /** Database pages copied per step of the backup API (4 KB each); other work runs between steps. */
  pagesPerStep?: number;
};
export type BackupResult = { dir: string; manifest: Manifest; deleted: string[]; elapsedMs: number };

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function fileSha256(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Every table of the schema (drizzle's bookkeeping and the search index's own tables included), with its rows. */
export function countRows(sqlite: Database.Database): Record<string, number> {
  const names = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(names.map((n) => [n, sqlite.prepare(`select count(*) from "${n.replaceAll('"', '""')}"`).pluck().get() as number]));
}

export function backupName(now: Date): string {
  return `yinghuo-${now.toISOString().replace(/[:.]/g, '-')}`;
}

/**
 * Copies the live database while the server keeps writing. One read transaction on our own
 * connection pins a snapshot: the row counts, the list of photos and the SQLite backup API
 * (which reuses an open read transaction on its source) all see the same moment, so the counts
 * in the manifest must equal the copy's exactly. Photos are written before their case commits
 * and never changed, so every photo the snapshot refers to is already on disk.
 */
export async function createBackup(opts: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  assertSqliteBackups();
  if (!fs.existsSync(opts.databasePath)) throw new Error(`No database at ${opts.databasePath}`);
  const now = opts.now ?? new Date();
  const name = backupName(now);
  fs.mkdirSync(opts.backupDir, { recursive: true });
  const partial = path.join(opts.backupDir, `.partial-${name}`);
  const final = path.join(opts.backupDir, name);
  fs.mkdirSync(path.join(partial, PHOTOS_FOLDER), { recursive: true });
  try {
    const copy = path.join(partial, DATABASE_FILE);
    const source = new Database(opts.databasePath, { fileMustExist: true, timeout: 5_000 });
    let tables: Record<string, number>;
    let photoNames: string[];
    try {
      source.exec('BEGIN');
      tables = countRows(source);
      // Case photos and visit photos (民情账本) share the uploads folder.
      photoNames = source
        .prepare('select file_name from (select file_name, 0 as k, id from case_photos union all select photo_file_name, 1, id from visits where photo_file_name is not null) order by k, id')
        .pluck()
        .all() as string[];
      await source.backup(copy, { progress: () => opts.pagesPerStep ?? 1000 });
      source.exec('COMMIT');
    } finally {
      source.close();
    }
    // One self-contained file: no -wal or -shm beside it, and read-only opens need none.
    const written = new Database(copy);
    try {
      written.pragma('journal_mode = DELETE');
    } finally {
      written.close();
    }
    fsyncPath(copy);

    const files: Record<string, string> = {};
    const missing: string[] = [];
    let photoBytes = 0;
    for (const photo of photoNames) {
      if (!PHOTO_NAME.test(photo)) continue;
      const bytes = await opts.photos.get(photo);
      if (!bytes) {
        missing.push(photo);
        continue;
      }
      fs.writeFileSync(path.join(partial, PHOTOS_FOLDER, photo), bytes, { flush: true });
      files[photo] = sha256(bytes);
      photoBytes += bytes.length;
    }

    const manifest: Manifest = {
      format: 1,
      createdAt: now.toISOString(),
      database: { file: DATABASE_FILE, bytes: fs.statSync(copy).size, sha256: fileSha256(copy), tables },
      photos: { count: Object.keys(files).length, bytes: photoBytes, files, missing },
    };
    fs.writeFileSync(path.join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n', { flush: true });

    const check = verifyBackup(partial);
    if (!check.ok) throw new Error(`The new backup does not verify:\n  ${check.problems.join('\n  ')}`);
    // Only a complete, verified copy gets a dated name; rotation counts nothing else.
    fs.renameSync(partial, final);
    fsyncPath(opts.backupDir);
    const deleted = pruneBackups(opts.backupDir, opts.keep ?? DEFAULT_KEEP);
    return { dir: final, manifest, deleted, elapsedMs: Math.round(performance.now() - started) };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Complete backups in a folder, newest first. */
export function listBackups(backupDir: string): string[] {
  if (!fs.existsSync(backupDir)) return [];
  return fs
    .readdirSync(backupDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && NAME.test(e.name) && fs.existsSync(path.join(backupDir, e.name, MANIFEST_FILE)))
    .map((e) => e.name)
    .sort()
    .reverse();
}

/** Keeps the newest `keep` backups and deletes the older ones; returns what it deleted. */
export function pruneBackups(backupDir: string, keep: number): string[] {
  const old = listBackups(backupDir).slice(Math.max(1, keep));
  for (const name of old) fs.rmSync(path.join(backupDir, name), { recursive: true, force: true });
  return old;
}

export type Verification = { ok: true; manifest: Manifest } | { ok: false; problems: string[]; manifest?: Manifest };

/**
 * A backup is good when its manifest reads, the database file has the recorded checksum, SQLite
 * finds it intact with no broken references, every table holds the recorded rows, and every
 * photo is there with its recorded checksum.
 */
export function verifyBackup(dir: string): Verification {
  let manifest: Manifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')));
  } catch (error) {
    return { ok: false, problems: [`${MANIFEST_FILE} is missing or unreadable: ${error instanceof Error ? error.message.split('\n')[0] : error}`] };
  }
  const problems: string[] = [];
  const dbFile = path.join(dir, DATABASE_FILE);
  if (!fs.existsSync(dbFile)) return { ok: false, problems: [`${DATABASE_FILE} is missing`], manifest };
  if (fileSha256(dbFile) !== manifest.database.sha256) problems.push(`${DATABASE_FILE}: checksum differs from the manifest`);
  try {
    const copy = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const integrity = copy.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
      const brokenRefs = copy.pragma('foreign_key_check') as unknown[];
      if (brokenRefs.length > 0) problems.push(`foreign_key_check: ${brokenRefs.length} rows refer to missing rows`);
      const counts = countRows(copy);
      for (const [table, expected] of Object.entries(manifest.database.tables)) {
        if (counts[table] !== expected) problems.push(`${table}: ${counts[table] ?? 'no such table'} rows, the manifest says ${expected}`);
      }
      for (const table of Object.keys(counts)) if (!(table in manifest.database.tables)) problems.push(`${table}: not in the manifest`);
    } finally {
      copy.close();
    }
  } catch (error) {
    problems.push(`${DATABASE_FILE} cannot be read: ${error instanceof Error ? error.message : error}`);
  }
  for (const [photo, checksum] of Object.entries(manifest.photos.files)) {
    const file = path.join(dir, PHOTOS_FOLDER, photo);
    if (!fs.existsSync(file)) problems.push(`photo ${photo} is missing`);
    else if (fileSha256(file) !== checksum) problems.push(`photo ${photo}: checksum differs from the manifest`);
  }
  return problems.length === 0 ? { ok: true, manifest } : { ok: false, problems, manifest };
}
