// The database a test's own servers share, on either engine (issue 12): a snapshot of the suite's freshly seeded demo
// database with an API token of its own (own-server.ts), used as it is on SQLite, or moved into a fresh PostgreSQL
// database with db:copy's code (db/pg/copy.ts, every table verified) on the throwaway cluster of db/pg/testing.ts
// (or TEST_DATABASE_URL's server). And the test's own reads of it, in SQL that both engines take.
import path from 'node:path';
import Database from 'better-sqlite3';
import { copyVerified } from '../../db/pg/copy';
import { createPgTestDatabase, unavailable } from '../../db/pg/testing';
import { copyDemoDatabase } from './own-server';

export type Engine = 'sqlite' | 'pg';

export type SharedDatabase = {
  engine: Engine;
  /** The SQLite snapshot: the database itself, or on PostgreSQL the source it was copied from. */
  sqliteFile: string;
  /** What startOwnServer needs to serve it. */
  server: { databasePath: string; databaseUrl?: string };
  token: string;
  gridId: number;
  /** The rows of a query written with `?` placeholders (on PostgreSQL, counts come back as text: wrap in Number). */
  rows<T>(query: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

/** The engine a Playwright project asks for (`metadata: { engine: 'pg' }`), SQLite otherwise. */
export function engineOfProject(metadata: Record<string, unknown> | undefined): Engine {
  return metadata?.engine === 'pg' ? 'pg' : 'sqlite';
}

/**
 * The shared database in `dir`, or the reason PostgreSQL is missing (to skip with; under PG_TESTS_REQUIRED=1, as in
 * CI, a missing PostgreSQL throws instead).
 */
export async function sharedDemoDatabase(engine: Engine, dir: string): Promise<SharedDatabase | { unavailable: string }> {
  const sqliteFile = path.join(dir, 'yinghuo.db');
  const { token, gridId } = await copyDemoDatabase(sqliteFile);
  if (engine === 'sqlite') {
    return {
      engine,
      sqliteFile,
      server: { databasePath: sqliteFile },
      token,
      gridId,
      rows: async <T>(query: string, params: readonly unknown[] = []) => {
        const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(query).all(...params) as T[];
        } finally {
          db.close();
        }
      },
      close: async () => {},
    };
  }
  let database: Awaited<ReturnType<typeof createPgTestDatabase>>;
  try {
    database = await createPgTestDatabase();
  } catch (error) {
    return unavailable(error);
  }
  try {
    const copied = await copyVerified({ from: sqliteFile, to: database.url });
    console.log(`PostgreSQL copy of the demo: ${copied.rows} rows in ${copied.copySeconds.toFixed(1)} s, verified in ${copied.verifySeconds.toFixed(1)} s`);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    engine,
    sqliteFile,
    // Nothing may use a SQLite file on PostgreSQL: a module still on db/client.ts finds an empty one and fails, named.
    server: { databasePath: path.join(dir, 'unused-on-postgresql.db'), databaseUrl: database.url },
    token,
    gridId,
    rows: async <T>(query: string, params: readonly unknown[] = []) => {
      let n = 0;
      const text = query.replace(/\?/g, () => `$${++n}`);
      return (await database.pool.query(text, [...params])).rows as T[];
    },
    close: () => database.close(),
  };
}
