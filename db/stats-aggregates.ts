// Rebuilds the statistics aggregates (the newest *_stats_*.sql migration: tables, triggers and backfill) from the cases
// and claim events in the database: for bulk loads that ran with the triggers dropped (db/demo deferIndexes), and for
// databases made before the migration changed. One immediate transaction: readers see the old totals or the new ones.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { MIGRATIONS_FOLDER } from './migrate';

export function rebuildStatsAggregates(sqlite: Database.Database): void {
  // Each *_stats_*.sql migration defines the whole of them (0018 drops and recreates 0013's): the newest is the current shape.
  const file = fs
    .readdirSync(MIGRATIONS_FOLDER)
    .filter((f) => /^\d+_stats_.*\.sql$/.test(f))
    .sort()
    .at(-1);
  if (!file) throw new Error('rebuildStatsAggregates: no *_stats_*.sql migration');
  const statements = fs.readFileSync(path.join(MIGRATIONS_FOLDER, file), 'utf8').split('--> statement-breakpoint');
  // BEGIN IMMEDIATE by hand: this is better-sqlite3's own connection, not drizzle's transaction helper.
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const objects = sqlite.prepare(`select type, name from sqlite_master where name like 'stats\\_%' escape '\\' and type in ('table', 'trigger')`).all() as { type: string; name: string }[];
    for (const o of objects.filter((x) => x.type === 'trigger')) sqlite.exec(`drop trigger "${o.name}"`);
    for (const o of objects.filter((x) => x.type === 'table')) sqlite.exec(`drop table "${o.name}"`);
    // The migration's open-cases index survives; the migration creates it IF NOT EXISTS.
    for (const s of statements) sqlite.exec(s);
    sqlite.exec('COMMIT');
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw error;
  }
}
