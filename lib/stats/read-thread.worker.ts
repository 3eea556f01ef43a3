// The statistics' read thread's side (lib/stats/read-thread.ts): a read-only connection of its own on the process's
// SQLite file, and the reads it runs by name.
import { parentPort, workerData } from 'node:worker_threads';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as sqliteSchema from '@/db/schema';
import { openReader, READER_CACHE_KB, type AppDb } from '@/db/store';
import { serveCalls, type ArgsAfterFirst as Rest } from '@/lib/worker-thread';
import { rankHandlers } from './aggregates';
import type { StatsReadCall } from './read-thread';

const { file } = workerData as { file: string };
const connection = openReader(file);
// The store's read-only connection's cache: the pages the ranking reads (grid aggregates, claims, accounts) are a few MB on a county.
connection.pragma(`cache_size = -${READER_CACHE_KB}`);
const db: AppDb = drizzle(connection, { schema: sqliteSchema });

serveCalls<StatsReadCall>(
  parentPort!,
  {
    rankHandlers: (args) => rankHandlers(db, ...(args as Rest<typeof rankHandlers>)),
  },
  { onClose: () => void connection.close() },
);
