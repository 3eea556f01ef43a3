// Test support: a fresh database file in a temp folder, migrated, optionally holding the demo community.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase, type DB } from './client';
import { seedDemoCases } from './demo/cases';
import { seedDemo } from './demo/generate';
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

/** Builds the two template files into `dir` (closed, so each is one self-contained file to copy). */
export function buildTestTemplates(dir: string): void {
  for (const demo of [false, true]) {
    const { db, sqlite } = openDatabase(templateFile(dir, demo));
    applyMigrations(db);
    if (demo) seedDemo(db);
    sqlite.close();
  }
}

/** `cases`: also that many of the demo's requests (about; its full year is 20,000), played through their lifecycles. */
export function openTestDatabase({ demo = false, cases = 0 } = {}): { db: DB; sqlite: Database.Database; file: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-test-'));
  const file = path.join(dir, 'test.db');
  const templates = process.env[TEMPLATE_DIR_ENV];
  const template = templates ? templateFile(templates, demo) : undefined;
  const fromTemplate = template !== undefined && fs.existsSync(template);
  if (fromTemplate) fs.copyFileSync(template, file);
  const { db, sqlite } = openDatabase(file);
  if (!fromTemplate) {
    applyMigrations(db);
    if (demo) seedDemo(db);
  }
  if (demo && cases > 0) seedDemoCases(db, { count: cases });
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
