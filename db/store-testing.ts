// Test support for engine-neutral code: a fresh, migrated store of the engine this test process runs on
// (YINGHUO_ENGINE, db/engine.ts). `npm run test:unit` runs every test file on SQLite; `npm run test:unit:pg` runs
// the files that use this helper again with YINGHUO_ENGINE=pg, on a throwaway PostgreSQL database
// (db/pg/testing.ts: skipped with the reason printed when PostgreSQL is missing, a failure under PG_TESTS_REQUIRED=1).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, type TestContext } from 'node:test';
import { openDatabase } from './client';
import { ENGINE } from './engine';
import { applyMigrations } from './migrate';
import { createPgTestDatabase } from './pg/testing';
import { openPgStore, openSqliteStore, type Store } from './store';

export function registerTestStore(): (t: TestContext) => Store | undefined {
  let state: { store: Store; close: () => Promise<void> } | { unavailable: string } | undefined;
  before(async () => {
    if (ENGINE === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-store-'));
      const file = path.join(dir, 'test.db');
      const { db, sqlite } = openDatabase(file);
      applyMigrations(db);
      sqlite.close();
      const store = openSqliteStore(file);
      state = { store, close: async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
      return;
    }
    let database: Awaited<ReturnType<typeof createPgTestDatabase>>;
    try {
      database = await createPgTestDatabase();
    } catch (error) {
      const reason = `PostgreSQL not available: ${(error as Error).message}`;
      if (process.env.PG_TESTS_REQUIRED === '1') throw new Error(`${reason} (PG_TESTS_REQUIRED=1)`);
      console.warn(reason);
      state = { unavailable: reason };
      return;
    }
    const store = openPgStore(database.pool);
    state = { store, close: async () => { await store.close(); await database.close(); } };
  });
  after(async () => {
    if (state && 'close' in state) await state.close();
  });
  return (t) => {
    if (!state) throw new Error('registerTestStore: the before hook did not run');
    if ('unavailable' in state) {
      t.skip(state.unavailable);
      return undefined;
    }
    return state.store;
  };
}
