// `DATABASE_PATH=<db> npx tsx bench/stats-rebuild.ts`: drops the statistics aggregates and their triggers and builds them again from the migration (its backfill included), timing it.
// For databases made while the migration was being written, and to time the backfill a community's upgrade runs.
import { openDatabase } from '../db/client';
import { rebuildStatsAggregates } from '../db/stats-aggregates';

const { sqlite } = openDatabase();
const started = performance.now();
rebuildStatsAggregates(sqlite);
const cases = (sqlite.prepare('select count(*) as n from cases').get() as { n: number }).n;
console.log(`rebuilt the statistics aggregates of ${cases.toLocaleString('en')} requests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
sqlite.close();
