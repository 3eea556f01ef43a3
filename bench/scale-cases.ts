// `tsx bench/scale-cases.ts --factor=10 --out=.data/x10.db`: the demo's requests multiplied, to measure how the case lists grow.
// Seeds a fresh demo database (or copies --from=<db>), then adds factor−1 copies of its finished requests,
// each copy shifted one more year (364 days, so weekdays stay) into the past: new ids, tracking numbers and
// status-link tokens, the same places, categories, handlers and ratings, and every timeline event copied.
// Open work is not copied by default: a community's open requests are the last weeks' (the demo's ~330),
// while its history grows year by year — that is what a list must not pay for. `--open` copies the open
// requests too (as years-old overdue work), a harsher stress than any real community.
// Run it niced: `nice -n 19 npx tsx bench/scale-cases.ts --factor=50 --out=.data/x50.db` (minutes, about 2 GB).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { prepareDatabase } from './seed';

const FINAL_STATUSES = ['closed', 'rejected', 'duplicate'];
const YEAR_MS = 364 * 86_400_000;
const TIME_COLUMNS = new Set(['accept_due_at', 'resolve_due_at', 'rate_due_at', 'created_at', 'accepted_at', 'resolved_at', 'rated_at', 'closed_at', 'updated_at', 'personal_data_purged_at']);

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return hit === undefined ? undefined : (hit.split('=')[1] ?? '');
}

function multiplyCases(sqlite: Database.Database, factor: number, { open = false } = {}): { before: number; after: number } {
  const columns = (sqlite.prepare('pragma table_info(cases)').all() as { name: string }[]).map((c) => c.name);
  const eventColumns = (sqlite.prepare('pragma table_info(case_events)').all() as { name: string }[]).map((c) => c.name);
  const { maxCase, before } = sqlite.prepare('select max(id) as maxCase, count(*) as before from cases').get() as { maxCase: number; before: number };
  const { maxEvent } = sqlite.prepare('select max(id) as maxEvent from case_events').get() as { maxEvent: number };
  // Copy k of case n gets id n + k·caseStride, so ids stay unique and a copy's events find it by arithmetic.
  const caseStride = 10 ** Math.ceil(Math.log10(maxCase + 1));
  const eventStride = 10 ** Math.ceil(Math.log10(maxEvent + 1));
  const which = (alias: string) => (open ? '1' : `${alias}.status in (${FINAL_STATUSES.map((s) => `'${s}'`).join(', ')})`);

  const caseSelect = columns
    .map((c) => {
      if (c === 'id') return `id + :k * ${caseStride}`;
      // YH20251203-0007 → YH<shifted China-time day>-<k><0007>: unique, and still a valid tracking number.
      if (c === 'number')
        return `'YH' || strftime('%Y%m%d', (created_at - :shift) / 1000 + 8 * 3600, 'unixepoch') || '-' || printf('%02d', :k) || substr(number, instr(number, '-') + 1)`;
      if (c === 'public_token_hash') return 'lower(hex(randomblob(32)))';
      if (c === 'client_key') return 'null';
      if (c === 'duplicate_of_id') return `case when duplicate_of_id is null then null else duplicate_of_id + :k * ${caseStride} end`;
      if (TIME_COLUMNS.has(c)) return `${c} - :shift`;
      return c;
    })
    .join(', ');
  const eventSelect = eventColumns
    .map((c) => {
      if (c === 'id') return `e.id + :k * ${eventStride}`;
      if (c === 'case_id') return `e.case_id + :k * ${caseStride}`;
      if (c === 'at') return 'e.at - :shift';
      return `e.${c}`;
    })
    .join(', ');
  // A duplicate's original may itself be open and so not copied: point such a copy at the original instead.
  const insertCases = sqlite.prepare(`insert into cases (${columns.join(', ')}) select ${caseSelect} from cases c where c.id <= ${maxCase} and ${which('c')}`);
  const fixDuplicates = sqlite.prepare(
    `update cases set duplicate_of_id = duplicate_of_id - :k * ${caseStride} where id > :k * ${caseStride} and id <= :k * ${caseStride} + ${maxCase} and duplicate_of_id is not null and duplicate_of_id not in (select id from cases)`,
  );
  const insertEvents = sqlite.prepare(
    `insert into case_events (${eventColumns.join(', ')}) select ${eventSelect} from case_events e join cases c on c.id = e.case_id where e.id <= ${maxEvent} and c.id <= ${maxCase} and ${which('c')}`,
  );
  sqlite.pragma('foreign_keys = OFF');
  for (let k = 1; k < factor; k++) {
    const started = performance.now();
    const params = { k, shift: k * YEAR_MS };
    sqlite.transaction(() => {
      insertCases.run(params);
      fixDuplicates.run({ k });
      insertEvents.run(params);
    }).immediate();
    process.stdout.write(`  copy ${k}/${factor - 1}: ${Math.round(performance.now() - started)} ms\n`);
  }
  sqlite.pragma('foreign_keys = ON');
  const { after } = sqlite.prepare('select count(*) as after from cases').get() as { after: number };
  return { before, after };
}

async function main() {
  const factor = Number(arg('factor') ?? 10);
  const out = path.resolve(arg('out') ?? `.data/scale-x${factor}.db`);
  const from = arg('from');
  if (!Number.isInteger(factor) || factor < 1 || factor > 200) throw new Error('--factor must be a whole number from 1 to 200');
  const started = performance.now();
  if (from) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(out + suffix, { force: true });
    const src = new Database(path.resolve(from), { readonly: true });
    src.pragma('wal_checkpoint(TRUNCATE)');
    src.close();
    fs.copyFileSync(path.resolve(from), out);
  } else {
    console.log(`Seeding a fresh demo database at ${out} …`);
    await prepareDatabase(out);
  }
  const sqlite = new Database(out);
  sqlite.pragma('journal_mode = WAL');
  // A bulk load of a throwaway benchmark database: no fsync per copy.
  sqlite.pragma('synchronous = OFF');
  const { before, after } = multiplyCases(sqlite, factor, { open: arg('open') !== undefined });
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  console.log(`${before.toLocaleString('en')} → ${after.toLocaleString('en')} cases (×${factor}) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${out}`);
}

void main();
