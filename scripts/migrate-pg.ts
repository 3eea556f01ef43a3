// CLI: `DATABASE_URL=postgres://… npm run db:migrate:pg` — applies the PostgreSQL migrations (db/pg/migrations) to that database.
import { migratePgDatabase } from '../db/pg/migrate';
import { postgresUrl } from '../db/migrate-configured';

const url = postgresUrl(process.env.DATABASE_URL, 'npm run db:migrate:pg');
if (!url.ok) {
  console.error(url.message);
  process.exit(2);
}

migratePgDatabase(url.url).then(
  (n) => console.log(`PostgreSQL migrations applied (${n} in total).`),
  (error: unknown) => {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
