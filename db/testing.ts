// Test support: a fresh database file in a temp folder, migrated, optionally holding the demo community.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from './client';
import { seedDemo } from './demo/generate';
import { applyMigrations } from './migrate';

export function openTestDatabase({ demo = false } = {}): { db: DB; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-test-'));
  const { db, sqlite } = openDatabase(path.join(dir, 'test.db'));
  applyMigrations(db);
  if (demo) seedDemo(db);
  return {
    db,
    close: () => {
      sqlite.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
