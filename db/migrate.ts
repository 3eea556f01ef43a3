// Applies the committed drizzle-kit migrations to a database file.
import path from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { DB } from './client';

export const MIGRATIONS_FOLDER = path.resolve(__dirname, 'migrations');

export function applyMigrations(db: DB): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
