// `DATABASE_PATH=<db> npx tsx bench/stats-rebuild.ts`: drops the statistics aggregates and their triggers and builds them again from migration 0013 (its backfill included), timing it.
// For databases made while the migration was being written, and to time the backfill a community's upgrade runs.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { MIGRATIONS_FOLDER } from '../db/migrate';

const file = fs.readdirSync(MIGRATIONS_FOLDER).find((f) => f.endsWith('_stats_aggregates.sql'));
if (!file) throw new Error('no stats_aggregates migration');
const statements = fs.readFileSync(path.join(MIGRATIONS_FOLDER, file), 'utf8').split('--> statement-breakpoint');

const { sqlite } = openDatabase();
const started = performance.now();
sqlite.transaction(() => {
  const objects = sqlite.prepare(`select type, name from sqlite_master where name like 'stats\\_%' escape '\\' and type in ('table', 'trigger')`).all() as { type: string; name: string }[];
  for (const o of objects.filter((x) => x.type === 'trigger')) sqlite.exec(`drop trigger ${o.name}`);
  for (const o of objects.filter((x) => x.type === 'table')) sqlite.exec(`drop table ${o.name}`);
  for (const s of statements) sqlite.exec(s);
})();
const cases = (sqlite.prepare('select count(*) as n from cases').get() as { n: number }).n;
console.log(`rebuilt the statistics aggregates of ${cases.toLocaleString('en')} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
sqlite.close();
