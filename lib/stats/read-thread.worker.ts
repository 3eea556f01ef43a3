// The statistics' read thread's side (lib/stats/read-thread.ts): a read-only connection of its own on the process's
// SQLite file, and the reads it runs by name.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as sqliteSchema from '@/db/schema';
import type { AppDb } from '@/db/store';
import { serveCalls } from '@/lib/worker-thread';
import { rankHandlers } from './aggregates';
import type { StatsReadCall } from './read-thread';

const { file } = workerData as { file: string };
const connection = new Database(file, { readonly: true });
connection.pragma('busy_timeout = 5000');
connection.pragma('temp_store = MEMORY');
// The pages the ranking reads (the grid aggregates, the claims, the accounts): a county's are a few MB.
connection.pragma('cache_size = -16384');
const db: AppDb = drizzle(connection, { schema: sqliteSchema });

type Rest<F extends (...args: never[]) => unknown> = Parameters<F> extends [unknown, ...infer R] ? R : never;

serveCalls<StatsReadCall>(
  parentPort!,
  {
    rankHandlers: (args) => rankHandlers(db, ...(args as Rest<typeof rankHandlers>)),
  },
  { onClose: () => void connection.close() },
);
