// Test support: a fresh database file in a temp folder, migrated, optionally holding the demo community.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase, type DB } from './client';
import { seedDemoCases } from './demo/cases';
import { seedDemo } from './demo/generate';
import { applyMigrations } from './migrate';

/** `cases`: also that many of the demo's requests (about; its full year is 20,000), played through their lifecycles. */
export function openTestDatabase({ demo = false, cases = 0 } = {}): { db: DB; sqlite: Database.Database; file: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-test-'));
  const file = path.join(dir, 'test.db');
  const { db, sqlite } = openDatabase(file);
  applyMigrations(db);
  if (demo) seedDemo(db);
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
