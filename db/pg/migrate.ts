// Applies the committed PostgreSQL migrations (drizzle-kit generated plus the hand-written ones) to a database.
import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg, { type Pool, type PoolClient } from 'pg';
import * as schema from './schema';

export const PG_MIGRATIONS_FOLDER = path.resolve(__dirname, 'migrations');

export type PgDB = NodePgDatabase<typeof schema>;

export function pgDrizzle(client: Pool | PoolClient | pg.Client): PgDB {
  return drizzle({ client, schema });
}

/** drizzle's migrator: every pending migration in one transaction, recorded in drizzle.__drizzle_migrations. */
export async function applyPgMigrations(client: Pool | PoolClient | pg.Client): Promise<void> {
  await migrate(pgDrizzle(client), { migrationsFolder: PG_MIGRATIONS_FOLDER });
}

/**
 * The migrations applied to the database at `url` by one process at a time: servers started together (two app
 * servers behind a balancer, a cluster's restart) wait for each other on an advisory lock instead of racing to
 * apply the same migration. Returns how many migrations the database has recorded.
 */
/**
 * Whether a database collation orders text by bytes (C, POSIX, C.UTF-8 …). Scopes are ranges of tree paths
 * ("/1/2/" ≤ path < "/1/20", lib/auth/scope-sql.ts); a linguistic collation such as en_US.UTF-8 ignores the slashes
 * and would put another community's rows inside a scope, or a scope's own rows outside it.
 */
export function isByteOrderCollation(collation: string): boolean {
  return /^(C|POSIX)([._].*)?$/i.test(collation.trim());
}

/** Refuses a database whose default collation is not byte order, saying how to make one that is. */
export async function assertByteOrderCollation(client: Pool | PoolClient | pg.Client): Promise<void> {
  // datlocprovider (PostgreSQL 15+) through to_jsonb, so older servers answer null instead of an error.
  const { rows } = await client.query<{ collation: string; name: string; provider: string | null; icu: string | null }>(
    `select d.datcollate as collation, d.datname as name, to_jsonb(d) ->> 'datlocprovider' as provider, to_jsonb(d) ->> 'daticulocale' as icu
     from pg_database d where d.datname = current_database()`,
  );
  const row = rows[0];
  const icu = row?.provider === 'i';
  if (row && (icu || !isByteOrderCollation(row.collation))) {
    row.collation = icu ? `ICU ${row.icu ?? ''}`.trim() : row.collation;
    throw new Error(
      `database "${row.name}" sorts text by the collation ${row.collation}; the app needs byte order (scopes are ranges of tree paths). ` +
        `Create it with: create database ${row.name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' (or initdb --locale=C.UTF-8), then copy the data over with db:copy.`,
    );
  }
}

export async function migratePgDatabase(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  // The migrations' CREATE … IF NOT EXISTS notices are not news.
  client.on('notice', () => {});
  await client.connect();
  try {
    await assertByteOrderCollation(client);
    await client.query(`select pg_advisory_lock(hashtextextended('yinghuo:migrate', 0))`);
    try {
      await applyPgMigrations(client);
    } finally {
      await client.query(`select pg_advisory_unlock(hashtextextended('yinghuo:migrate', 0))`);
    }
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * Empties every table of the database (the demo's reset on PostgreSQL): schema and migrations stay, identity
 * sequences start again at 1. TRUNCATE fires no row triggers, so the statistics aggregates go with their cases.
 */
export async function truncateAllTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('notice', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select quote_ident(table_name) as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    if (rows.length > 0) await client.query(`truncate table ${rows.map((r) => r.name).join(', ')} restart identity cascade`);
  } finally {
    await client.end();
  }
}
