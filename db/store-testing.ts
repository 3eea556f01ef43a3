// Test support for engine-neutral code: a fresh, migrated store of the engine this test process runs on
// (YINGHUO_ENGINE, db/engine.ts). `npm run test:unit` runs every test file on SQLite; `npm run test:unit:pg` runs
// the files that use this helper again with YINGHUO_ENGINE=pg, on a throwaway PostgreSQL database
// (db/pg/testing.ts: skipped with the reason printed when PostgreSQL is missing, a failure under PG_TESTS_REQUIRED=1).
//
// `demo: true` fills it with the demo community (db/demo/generate.ts), `cases: n` with about n of its requests too,
// `year: true` with the demo year (db/testing.ts seedDemoYear, from the run's template): on PostgreSQL the demo is generated into a
// SQLite file and copied over with db:copy's own code (db/pg/copy.ts), which verifies every table.
// `source`: a SQLite test database the test file has filled itself (openTestDatabase, then its own fixture, written
// synchronously at load): on SQLite the store is over that very database, on PostgreSQL a verified copy of it, so the
// same rows are read on both engines. The test file closes it.
// `asAppStore`: the process's `appStore()` is this store while the file runs (for tests that drive route handlers).
import { after, before, type TestContext } from 'node:test';
import type Database from 'better-sqlite3';
import { ENGINE } from './engine';
import { copyVerified } from './pg/copy';
import { createPgTestDatabase, hasPgDemoTemplate, hasPgYearTemplate, pgTestServerUrl, unavailable, valueOrSkip, type Setup } from './pg/testing';
import { openPgStore, openSqliteStore, setAppStore, type Store } from './store';
import { openTestDatabase } from './testing';

export function registerTestStore({
  demo = false,
  cases = 0,
  year = false,
  source,
  asAppStore = false,
}: {
  demo?: boolean;
  cases?: number;
  year?: boolean;
  /** `year: true`: the source is the demo year as openTestDatabase({ year: true }) gave it, unchanged when the store opens. */
  source?: { file: string; sqlite: Database.Database; year?: boolean };
  asAppStore?: boolean;
} = {}): (t: TestContext) => Store | undefined {
  let state: Setup<{ store: Store; close: () => Promise<void> }>;
  before(async () => {
    await open();
    if (asAppStore && state && 'store' in state) setAppStore(state.store);
  });
  async function open() {
    if (ENGINE === 'sqlite' && source) {
      const store = openSqliteStore(source.file, { writer: source.sqlite });
      state = { store, close: () => store.close() };
      return;
    }
    if (ENGINE === 'sqlite') {
      const source = openTestDatabase({ demo, cases, year });
      // As in the app: the store writes through the test database's connection and reads through one of its own;
      // the file (and its folder) go when the store is closed.
      const store = openSqliteStore(source.file, { writer: source.sqlite });
      state = { store, close: async () => { await store.close(); source.close(); } };
      return;
    }
    // The demo alone: this run's template copy (scripts/test-unit-pg.ts verified it once against the SQLite demo).
    const fromTemplate = !source && demo && cases === 0 && !year && hasPgDemoTemplate();
    try {
      await pgTestServerUrl();
    } catch (error) {
      state = unavailable(error);
      return;
    }
    // The demo year: a clone of the run's verified copy of it, made once for every file that asks.
    const fromYear = (year || source?.year === true) && hasPgYearTemplate();
    const database = await createPgTestDatabase(fromYear ? { from: 'year' } : fromTemplate ? { from: 'demo' } : {});
    if (fromYear) {
      // Nothing to copy.
    } else if (source) {
      await copyVerified({ from: source.file, to: database.url });
    } else if ((demo || year) && !fromTemplate) {
      const source = openTestDatabase({ demo: true, cases, year });
      try {
        await copyVerified({ from: source.file, to: database.url });
      } finally {
        source.close();
      }
    }
    const store = openPgStore(database.pool);
    state = { store, close: async () => { await store.close(); await database.close(); } };
  }
  after(async () => {
    if (asAppStore) setAppStore(undefined);
    if (state && 'close' in state) await state.close();
  });
  return (t) => valueOrSkip(t, 'registerTestStore', state)?.store;
}
