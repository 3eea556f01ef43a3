// CLI (`npm run db:migrate`): applies the committed migrations to the configured database — the SQLite file at
// DATABASE_PATH, or the PostgreSQL database of a postgres:// DATABASE_URL.
import { migrateConfiguredDatabase } from '../db/migrate-configured';

migrateConfiguredDatabase().then(
  (done) => console.log(done),
  (error: unknown) => {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
