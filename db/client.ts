// The one SQLite connection of a process: WAL mode, synchronous FULL, foreign keys on, opened on first use.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';

export type DB = BetterSQLite3Database<typeof schema>;

export function databasePath(): string {
  // The file is chosen at run time, not a source to trace into the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATABASE_PATH ?? '.data/yinghuo.db');
}

export function openDatabase(file: string = databasePath()): { db: DB; sqlite: Database.Database } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = configureConnection(new Database(file));
  return { db: drizzle(sqlite, { schema }), sqlite };
}

/** The settings of every connection that writes (this module's, and the engine-neutral store's write connection). */
export function configureConnection(sqlite: Database.Database): Database.Database {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // FULL: a commit is fsynced to the WAL before it returns, so a request we acknowledged survives
  // a power cut (NORMAL may lose the last commits); bench/durability.ts measures the cost.
  sqlite.pragma('synchronous = FULL');
  // Statement journals (what undoes one statement of a transaction, e.g. an insert whose triggers fail) and temporary
  // b-trees in memory instead of temp files: a create's statement journal spilled to a fresh temp file on every
  // command (~0.5 ms of CPU per create, ~0.4 per action; bench/commands.ts). They are never part of crash recovery
  // (that is the WAL and the database file), so durability is unchanged; a large ORDER BY without an index now
  // sorts in memory.
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

// Next.js dev mode re-evaluates modules on every change; keep one connection per process.
const globalForDb = globalThis as unknown as { yinghuoDb?: ReturnType<typeof openDatabase> };

export function getDb(): DB {
  globalForDb.yinghuoDb ??= openDatabase();
  return globalForDb.yinghuoDb.db;
}

/** The better-sqlite3 connection behind `getDb()` (the SQLite store of the process writes through it). */
export function getConnection(): Database.Database {
  globalForDb.yinghuoDb ??= openDatabase();
  return globalForDb.yinghuoDb.sqlite;
}
