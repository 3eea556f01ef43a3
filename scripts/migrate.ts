// CLI: applies the committed migrations to the database at DATABASE_PATH.
import { databasePath, openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';

const file = databasePath();
const { db, sqlite } = openDatabase(file);
try {
  applyMigrations(db);
  console.log(`Migrations applied to ${file}: done.`);
} finally {
  sqlite.close();
}
