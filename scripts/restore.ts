// CLI: `npm run restore <backup>` — verifies a backup, then restores it into DATABASE_PATH and the photo store (UPLOADS_DIR or the S3 bucket) while no server runs.
import fs from 'node:fs';
import path from 'node:path';
import { databasePath } from '../db/client';
import { ENGINE } from '../db/engine';
import { photoStore } from '../lib/cases/photos';
import { listBackups, POSTGRES_BACKUP_HELP } from '../lib/ops/backup';
import { restoreBackup } from '../lib/ops/restore';

if (ENGINE === 'pg') {
  console.error(POSTGRES_BACKUP_HELP);
  process.exit(2);
}

const USAGE = 'usage: npm run restore <backup folder | name in BACKUP_DIR | latest>';
const backupDir = path.resolve(process.env.BACKUP_DIR ?? '.data/backups');
const arg = process.argv[2];
if (!arg || process.argv.length > 3) {
  console.error(USAGE);
  process.exit(2);
}
const backup = arg === 'latest' ? path.join(backupDir, listBackups(backupDir)[0] ?? '(none)') : fs.existsSync(arg) ? path.resolve(arg) : path.join(backupDir, arg);
if (!fs.existsSync(backup)) {
  console.error(`No backup at ${backup}\n${USAGE}`);
  process.exit(2);
}

async function main() {
  const target = databasePath();
  const result = await restoreBackup({ backup, databasePath: target, photos: photoStore() });
  if (!result.ok) {
    console.error(result.reason === 'in_use' ? 'Refused: the database is in use.' : `Refused: ${backup} does not verify.`);
    for (const p of result.problems) console.error(`  ${p}`);
    process.exit(result.reason === 'in_use' ? 3 : 1);
  }
  console.log(`Restored ${backup} (taken ${result.manifest.createdAt}) into ${target}:`);
  console.log(`  ${result.manifest.database.tables.cases ?? 0} cases; photos: ${result.photosCopied} copied, ${result.photosPresent} already there, into ${photoStore().where}`);
  if (result.previous) console.log(`  the database it replaced is kept as ${result.previous}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
