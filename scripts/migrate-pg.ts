// CLI: `DATABASE_URL=postgres://… npm run db:migrate:pg` — applies the PostgreSQL migrations (db/pg/migrations) to that database.
import pg from 'pg';
import { z } from 'zod';
import { applyPgMigrations } from '../db/pg/migrate';

const url = z
  .string({ error: 'DATABASE_URL is not set: DATABASE_URL=postgres://user@host:port/database npm run db:migrate:pg' })
  .regex(/^postgres(ql)?:\/\/.+\/.+/, 'DATABASE_URL must be postgres://user@host:port/database')
  .safeParse(process.env.DATABASE_URL);
if (!url.success) {
  console.error(url.error.issues[0]!.message);
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: url.data, max: 1 });
// The migrations' CREATE … IF NOT EXISTS notices are not news.
pool.on('connect', (client) => client.on('notice', () => {}));
applyPgMigrations(pool)
  .then(async () => {
    const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    console.log(`PostgreSQL migrations applied (${rows[0]!.n} in total).`);
  })
  .catch((error: unknown) => {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => pool.end());
