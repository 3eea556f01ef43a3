// `npm run test:unit:pg`: runs the engine-neutral test files (those that use registerTestStore, db/store-testing.ts)
// again on PostgreSQL. One throwaway cluster for all of them (or TEST_DATABASE_URL's server); each file makes its
// own databases on it, cloned by PostgreSQL from two template databases made once here (the migrated schema, and the
// demo community copied and verified with db:copy's own code) instead of migrating and copying the demo per file.
// Without PostgreSQL it says why and exits 0 (skipped), unless PG_TESTS_REQUIRED=1.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { copyVerified } from '../db/pg/copy';
import { applyPgMigrations } from '../db/pg/migrate';
import { PG_TEMPLATE_ENV, pgTestServerUrl } from '../db/pg/testing';
import { TEMPLATE_DIR_ENV, templateFile } from '../db/testing';
import { prepareTemplates, runTests, testFiles } from './test-unit';

/** Makes the two template databases on the server; returns their names and a function that drops them. */
async function pgTemplates(adminUrl: string, demoFile: string): Promise<{ migrated: string; demo: string; year: string; drop: () => Promise<void> }> {
  const migrated = `yinghuo_template_migrated_${process.pid}`;
  const demo = `yinghuo_template_demo_${process.pid}`;
  // Made by the first test file that asks for it (db/pg/testing.ts), if any does.
  const year = `yinghuo_template_year_${process.pid}`;
  const urlOf = (name: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${migrated}" template template0 encoding 'UTF8'`);
    const pool = new pg.Pool({ connectionString: urlOf(migrated), max: 2 });
    try {
      await applyPgMigrations(pool);
    } finally {
      await pool.end();
    }
    await admin.query(`create database "${demo}" template "${migrated}" encoding 'UTF8'`);
  } finally {
    await admin.end();
  }
  await copyVerified({ from: demoFile, to: urlOf(demo) });
  return {
    migrated,
    demo,
    year,
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      try {
        for (const name of [year, `${year}_building`, demo, migrated]) await a.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

async function main(): Promise<number> {
  // `npm run test:unit:pg -- lib/x/y.test.ts …`: only those of the engine-neutral files.
  const only = process.argv.slice(2).map((f) => path.resolve(f));
  const files = testFiles(['lib', 'db'], (f) => fs.readFileSync(f, 'utf8').includes('registerTestStore(')).filter(
    (f) => only.length === 0 || only.includes(path.resolve(f)),
  );
  let url: string;
  try {
    url = await pgTestServerUrl();
  } catch (error) {
    const reason = `PostgreSQL not available: ${(error as Error).message}`;
    if (process.env.PG_TESTS_REQUIRED === '1') {
      console.error(`${reason} (PG_TESTS_REQUIRED=1)`);
      return 1;
    }
    console.warn(`${reason}\nSkipped the ${files.length} engine-neutral test files on PostgreSQL (they ran on SQLite in test:unit).`);
    return 0;
  }
  const sqliteTemplates = prepareTemplates();
  try {
    const started = performance.now();
    const templates = await pgTemplates(url, templateFile(sqliteTemplates.dir, true));
    console.log(`PostgreSQL template databases (migrated, demo community copied and verified) made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    try {
      console.log(`Running ${files.length} engine-neutral test files on PostgreSQL (${new URL(url).host})`);
      return runTests(files, {
        ...process.env,
        YINGHUO_ENGINE: 'pg',
        TEST_DATABASE_URL: url,
        [TEMPLATE_DIR_ENV]: sqliteTemplates.dir,
        [PG_TEMPLATE_ENV.migrated]: templates.migrated,
        [PG_TEMPLATE_ENV.demo]: templates.demo,
        [PG_TEMPLATE_ENV.year]: templates.year,
      });
    } finally {
      await templates.drop();
    }
  } finally {
    sqliteTemplates.remove();
  }
}

main().then((code) => process.exit(code));
