// Test support: a fresh database file in a temp folder, migrated, optionally holding the demo community.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { createDemoIntakePointsSync } from '@/lib/cases/intake-points';
import { openDatabase, type DB } from './client';
import { seedDemoCases } from './demo/cases';
import { DEFAULT_DEMO_SEED, seedDemo } from './demo/generate';
import { Random } from './demo/random';
import { applyMigrations } from './migrate';

/**
 * Where `npm run test:unit` (scripts/test-unit.ts) keeps this run's template files: the migrated empty database and
 * the migrated demo community, each built once per run instead of once per test file (the demo takes seconds).
 * Unset when a test file runs on its own: then every database is built from scratch, as the templates were.
 */
export const TEMPLATE_DIR_ENV = 'YINGHUO_TEST_TEMPLATES';

export function templateFile(dir: string, demo: boolean): string {
  return path.join(dir, demo ? 'demo.db' : 'migrated.db');
}

/**
 * Builds the two template files into `dir` (closed, so each is one self-contained file to copy), unless they are
 * there: the SQLite and the PostgreSQL runner may share the folder (scripts/test-all.ts), and build each file once.
 */
export function buildTestTemplates(dir: string): void {
  for (const demo of [false, true]) {
    ensureTemplate(templateFile(dir, demo), (into) => {
      const { db, sqlite } = openDatabase(into);
      applyMigrations(db);
      if (demo) seedDemo(db);
      sqlite.close();
    });
  }
}

/** The demo year on top of the demo community: its QR intake points and its year of requests, as `npm run db:seed` makes them. */
export function seedDemoYear(db: DB): void {
  createDemoIntakePointsSync(db, new Random(DEFAULT_DEMO_SEED).fork(10));
  seedDemoCases(db);
}

/**
 * A template file, built by the first process that asks for it (one of the test files, or either runner when they
 * share the folder) while any other that asks meanwhile waits for it. Synchronous: test files open their databases
 * at load.
 */
function ensureTemplate(file: string, build: (into: string) => void): string {
  const lock = `${file}.lock`;
  const wait = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 600_000;
  while (!fs.existsSync(file)) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (fd !== undefined) {
      try {
        if (!fs.existsSync(file)) {
          const building = `${file}.${process.pid}.tmp`;
          build(building);
          fs.renameSync(building, file);
        }
      } finally {
        fs.closeSync(fd);
        fs.rmSync(lock, { force: true });
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`the test template ${file} was not built within 10 minutes`);
    Atomics.wait(wait, 0, 0, 250);
  }
  return file;
}

/** The demo year's template of this run (a year of requests takes ~10 s to generate; several files on each engine start from it). */
function demoYearTemplate(dir: string): string {
  return ensureTemplate(path.join(dir, 'demo-year.db'), (into) => {
    fs.copyFileSync(templateFile(dir, true), into);
    const { db, sqlite } = openDatabase(into);
    seedDemoYear(db);
    sqlite.close();
  });
}

/**
 * `cases`: also that many of the demo's requests (about; its full year is 20,000), played through their lifecycles.
 * `year`: the demo year (seedDemoYear), from this run's template when there is one.
 */
export function openTestDatabase({ demo = false, cases = 0, year = false } = {}): { db: DB; sqlite: Database.Database; file: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-test-'));
  const file = path.join(dir, 'test.db');
  const templates = process.env[TEMPLATE_DIR_ENV];
  const template = templates ? (year ? demoYearTemplate(templates) : templateFile(templates, demo || year)) : undefined;
  const fromTemplate = template !== undefined && fs.existsSync(template);
  if (fromTemplate) fs.copyFileSync(template, file);
  const { db, sqlite } = openDatabase(file);
  if (!fromTemplate) {
    applyMigrations(db);
    if (demo || year) seedDemo(db);
    if (year) seedDemoYear(db);
  }
  if (demo && !year && cases > 0) seedDemoCases(db, { count: cases });
  return {
    db,
    sqlite,
    file,
    close: () => {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
