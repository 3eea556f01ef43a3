// Rebuilds the statistics aggregates (migration *_stats_aggregates.sql: tables, triggers and backfill) from the cases
// and claim events in the database: for bulk loads that ran with the triggers dropped (db/demo deferIndexes), and for
// databases made before the migration changed. One immediate transaction: readers see the old totals or the new ones.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { MIGRATIONS_FOLDER } from './migrate';

export function rebuildStatsAggregates(sqlite: Database.Database): void {
  const file = fs.readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith('_stats_aggregates.sql'));
  if (!file) throw new Error('rebuildStatsAggregates: no *_stats_aggregates.sql migration');
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
