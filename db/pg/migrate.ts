// Applies the committed PostgreSQL migrations (drizzle-kit generated plus the hand-written ones) to a database.
import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { Pool, PoolClient } from 'pg';
import * as schema from './schema';

export const PG_MIGRATIONS_FOLDER = path.resolve(__dirname, 'migrations');

export type PgDB = NodePgDatabase<typeof schema>;

export function pgDrizzle(client: Pool | PoolClient): PgDB {
  return drizzle({ client, schema });
}

/** drizzle's migrator: every pending migration in one transaction, recorded in drizzle.__drizzle_migrations. */
export async function applyPgMigrations(client: Pool | PoolClient): Promise<void> {
  await migrate(pgDrizzle(client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
}
