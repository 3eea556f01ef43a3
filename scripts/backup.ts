// CLI: `npm run backup` — a verified online copy of the database and its photos into BACKUP_DIR, keeping the newest BACKUP_KEEP.
import path from 'node:path';
import { databasePath } from '../db/client';
import { ENGINE } from '../db/engine';
import { photoStore } from '../lib/cases/photos';
import { createBackup, DEFAULT_KEEP, POSTGRES_BACKUP_HELP } from '../lib/ops/backup';

if (ENGINE === 'pg') {
  console.error(POSTGRES_BACKUP_HELP);
  process.exit(2);
}

const backupDir = path.resolve(process.env.BACKUP_DIR ?? '.data/backups');
const keep = process.env.BACKUP_KEEP ? Number(process.env.BACKUP_KEEP) : DEFAULT_KEEP;
if (!Number.isInteger(keep) || keep < 1) {
  console.error(`BACKUP_KEEP must be a whole number ≥ 1, not ${process.env.BACKUP_KEEP}`);
  process.exit(2);
}

createBackup({ databasePath: databasePath(), photos: photoStore(), backupDir, keep }).then(
  ({ dir, manifest, deleted, elapsedMs }) => {
    const rows = Object.values(manifest.database.tables).reduce((a, b) => a + b, 0);
    console.log(`Backup ${dir} verified in ${elapsedMs} ms:`);
    console.log(`  database ${(manifest.database.bytes / 1024 / 1024).toFixed(1)} MB, ${rows} rows in ${Object.keys(manifest.database.tables).length} tables (${manifest.database.tables.cases ?? 0} cases)`);
    console.log(`  ${manifest.photos.count} photos, ${(manifest.photos.bytes / 1024 / 1024).toFixed(1)} MB`);
    if (deleted.length > 0) console.log(`  deleted ${deleted.length} older backup(s), keeping ${keep}: ${deleted.join(', ')}`);
    if (manifest.photos.missing.length > 0) {
      // The copy is kept (it is still the best there is), but cron should mail someone.
      console.error(`WARNING: ${manifest.photos.missing.length} photo(s) the database refers to are missing from ${photoStore().where}: ${manifest.photos.missing.join(', ')}`);
      process.exitCode = 1;
    }
  },
  (error: unknown) => {
    console.error(`Backup failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  },
);
