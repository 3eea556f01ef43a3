// The PostgreSQL database a seed script builds into (npm run db:seed / demo:county): migrated, emptied on --reset,
// and how many org nodes it already holds (0: empty, fit to build in).
import { count } from 'drizzle-orm';
import { migratePgDatabase, truncateAllTables } from '../db/pg/migrate';
import { openStore } from '../db/store';
import { orgNodes } from '../db/tables';

export async function preparePgTarget(url: string, reset: boolean): Promise<number> {
  await migratePgDatabase(url);
  if (reset) await truncateAllTables(url);
  const store = openStore();
  try {
    return (await store.db.select({ n: count() }).from(orgNodes))[0]?.n ?? 0;
  } finally {
    await store.close();
  }
}
