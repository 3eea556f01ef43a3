// drizzle-kit for the PostgreSQL schema: `npx drizzle-kit generate --config drizzle.pg.config.ts --name <tag>_<what>`.
// db/pg/schema.ts must stay equal to db/schema.ts (db/pg/schema-parity.test.ts); generate both when the schema changes.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/pg/schema.ts',
  out: './db/pg/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/yinghuo' },
  strict: true,
  verbose: false,
});
