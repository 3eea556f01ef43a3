// `npm run bench:city`: the county benchmark's page figures (bench/county.ts) and the load test (bench/load.ts) on the
// set-ups of a city, side by side: SQLite with one server; PostgreSQL with one server; PostgreSQL with two servers
// behind nginx (scripts/city/nginx.conf). Prints one table and the two-server/one-server throughput ratio. A set-up
// that fails (e.g. a module not yet on PostgreSQL) is a column of FAILED with its reason, never the end of the run.
//
// The data: a fresh demo (or a copy of BENCH_CITY_DB, e.g. the county), copied once into a durable throwaway
// PostgreSQL cluster with db:copy before any load test writes to it. `-- --columns=sqlite1,sqlite2,pg1,pg2` picks the
// set-ups (sqlite2: two servers on one SQLite file behind nginx); the default is sqlite1,pg1,pg2.
import './city-defaults';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../db/client';
import { ENGINE } from '../db/engine';
import { applyMigrations } from '../db/migrate';
import { openSqliteStore } from '../db/store';
import { copyIntoPostgres, startCity, startPostgres, stopAll, type City, type Engine, type Postgres } from '../scripts/city/local';
import { ACCOUNTS, measurePages, probe, TARGETS, type Figure, type Result } from './county';
import { castFrom, lostWrites, loadRows, PASSWORD as LOAD_PASSWORD, runLoad, setPasswords, sqliteQueryOne, throughput, type Cast, type LoadRun, type QueryOne } from './load';
import { percentile } from './http';
import { copyDatabase, prepareDatabase } from './seed';
import { buildDir, hasBuild } from './server';

const BASE_PORT = Number(process.env.BENCH_CITY_PORT ?? 3640);
const FILE = path.resolve('.data/bench-city.db');

type Column = { key: string; label: string; engine: Engine; servers: 1 | 2 };
const COLUMNS: Column[] = [
  { key: 'sqlite1', label: 'SQLite, 1 server', engine: 'sqlite', servers: 1 },
  { key: 'sqlite2', label: 'SQLite, 2 + nginx', engine: 'sqlite', servers: 2 },
  { key: 'pg1', label: 'PostgreSQL, 1 server', engine: 'pg', servers: 1 },
  { key: 'pg2', label: 'PostgreSQL, 2 + nginx', engine: 'pg', servers: 2 },
];

type Outcome = { run?: LoadRun; lost?: number; error?: string };

function chosenColumns(): Column[] {
  const arg = process.argv.find((a) => a.startsWith('--columns='))?.slice('--columns='.length) ?? 'sqlite1,pg1,pg2';
  const keys = arg.split(',');
  const unknown = keys.filter((k) => !COLUMNS.some((c) => c.key === k));
  if (unknown.length > 0) throw new Error(`--columns: unknown ${unknown.join(', ')} (choose from ${COLUMNS.map((c) => c.key).join(', ')})`);
  return COLUMNS.filter((c) => keys.includes(c.key));
}

/** The PostgreSQL side of bench/load.ts's check that every acknowledged write is stored. */
function pgQueryOne(pool: pg.Pool): QueryOne {
  return async (text, param) => (await pool.query(text, [param])).rows[0];
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n').find((l) => l.trim()) ?? 'failed';

/** A server's output cut to its error lines, so a failed column says what broke. */
function serverErrors(city: City | undefined): string {
  const log = city?.servers.map((s) => s.log()).join('\n') ?? '';
  const lines = log.split('\n').filter((l) => /Error|error:|failed/.test(l));
  return [...new Set(lines)].slice(0, 6).join('\n      ');
}

async function main(): Promise<number> {
  if (!hasBuild(buildDir())) {
    console.error(`No production build in ${buildDir()}: run \`npm run build\` first.`);
    return 2;
  }
  if (ENGINE !== 'sqlite') {
    console.error('bench:city prepares a SQLite file and starts its own PostgreSQL: unset DATABASE_URL.');
    return 2;
  }
  const columns = chosenColumns();
  if (process.argv.includes('--reuse') && fs.existsSync(FILE)) {
    // The load tests write into copies of it (below), so the file is as seeded, apart from the cast's passwords.
    console.log(`Reusing ${path.relative(process.cwd(), FILE)}.`);
  } else if (process.env.BENCH_CITY_DB) {
    copyDatabase(path.resolve(process.env.BENCH_CITY_DB), FILE);
    console.log(`Measuring a copy of ${process.env.BENCH_CITY_DB} at ${path.relative(process.cwd(), FILE)}.`);
  } else {
    console.log(`Seeding a fresh demo database at ${path.relative(process.cwd(), FILE)} …`);
    const seeded = await prepareDatabase(FILE);
    console.log(`  ${seeded.cases} requests in ${seeded.seedMs} ms.`);
  }
  const data = probe(FILE);
  // The cast's passwords are set in the SQLite file before it is copied, so they hold on PostgreSQL too.
  const opened = openDatabase(FILE);
  applyMigrations(opened.db);
  opened.sqlite.close();
  // The top of the tree: the county's secretary when there is one, else the demo's township secretary.
  const topUser = process.env.BENCH_CITY_DB ? ACCOUNTS.top.county : ACCOUNTS.top.demo;
  const store = openSqliteStore(FILE);
  let cast: Cast;
  try {
    cast = await castFrom(store);
    // The page figures' accounts may be in the cast: one password for all of them, in this copy only.
    await setPasswords(store, [ACCOUNTS.worker, ACCOUNTS.community, topUser]);
  } finally {
    await store.close();
  }
  // Before any load test writes into the SQLite file: the PostgreSQL columns start from the same data.
  const sqliteFile = path.resolve('.data/bench-city-sqlite.db');
  copyDatabase(FILE, sqliteFile);

  const results = new Map<string, Partial<Record<string, Result>>>();
  const figures: Figure[] = [];
  const outcomes = new Map<string, Outcome>();
  let postgres: Postgres | undefined;
  let postgresError: string | undefined;
  let city: City | undefined;
  const cleanUp = async () => {
    await city?.stop();
    await stopAll();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));

  if (columns.some((c) => c.engine === 'pg')) {
    try {
      console.log(`\nPostgreSQL: a durable throwaway cluster on port ${BASE_PORT + 3}, migrated, the data copied in with db:copy …`);
      postgres = await startPostgres({ port: BASE_PORT + 3, quiet: true });
      const copied = await copyIntoPostgres(FILE, postgres.url, { quiet: true });
      console.log(`  ${copied.split('\n').find((l) => l.startsWith('Copied')) ?? 'copied'} ${copied.includes('All ') ? 'Verified.' : ''}`);
    } catch (error) {
      postgresError = `PostgreSQL set-up: ${firstLine(error)}`;
      console.error(`  ${postgresError}`);
    }
  }

  for (const column of columns) {
    console.log(`\n=== ${column.label} ===`);
    const outcome: Outcome = {};
    outcomes.set(column.key, outcome);
    if (column.engine === 'pg' && !postgres) {
      outcome.error = postgresError ?? 'PostgreSQL did not start';
      continue;
    }
    const appPorts = column.servers === 1 ? [BASE_PORT + 1] : [BASE_PORT + 1, BASE_PORT + 2];
    try {
      city = await startCity({
        engine: column.engine,
        sqliteFile,
        postgres,
        appPorts,
        nginxPort: column.servers === 2 ? BASE_PORT : undefined,
        uploadsDir: path.resolve('.data/bench-city-uploads'),
        workDir: path.resolve('.data/bench-city'),
        // The load test's residents come from addresses of their own: the bench plays a proxy in front of nginx.
        env: { TRUSTED_PROXIES: column.servers === 2 ? '2' : '1' },
      });
      console.log(`  serving on ${city.url} (${city.servers.length} server${city.servers.length > 1 ? 's behind nginx' : ''})`);
    } catch (error) {
      outcome.error = `start: ${firstLine(error)}`;
      console.error(`  ${outcome.error}`);
      city = undefined;
      continue;
    }
    try {
      await measurePages([{ which: column.key, topUser, server: city, data, password: LOAD_PASSWORD }], results, figures);
      if (figures.some((f) => results.get(f.key)?.[column.key]?.note?.startsWith('unexpected'))) {
        console.error(`  pages answered with errors; the servers said:\n      ${serverErrors(city) || '(nothing)'}`);
      }
    } catch (error) {
      outcome.error = `pages: ${firstLine(error)}`;
      const errors = serverErrors(city);
      console.error(`  ${outcome.error}${errors ? `\n    the servers said:\n      ${errors}` : ''}`);
    }
    try {
      const run = await runLoad(city.url, cast);
      outcome.run = run;
      if (column.engine === 'pg') {
        const pool = new pg.Pool({ connectionString: postgres!.url, max: 2 });
        outcome.lost = await lostWrites(run.rec.acks, pgQueryOne(pool)).finally(() => pool.end());
      } else {
        const check = new Database(sqliteFile, { readonly: true });
        outcome.lost = await lostWrites(run.rec.acks, sqliteQueryOne(check)).finally(() => check.close());
      }
      const errors = [...run.rec.errors.values()].reduce((a, b) => a + b, 0);
      console.log(`  load: ${throughput(run).toFixed(1)} requests/s, ${errors} errors, ${outcome.lost} of ${run.rec.acks.length} acknowledged writes lost`);
      if (errors > 0) console.log(`    ${[...run.rec.errors].slice(0, 6).map(([w, n]) => `${n}× ${w}`).join('; ')}`);
    } catch (error) {
      outcome.error = [outcome.error, `load: ${firstLine(error)}`].filter(Boolean).join('; ');
      console.error(`  load: ${firstLine(error)}`);
    }
    await city.stop();
    city = undefined;
  }
  postgres?.cluster.stop();

  printSideBySide(columns, figures, results, outcomes);
  return columns.some((c) => columnFailed(c, figures, results, outcomes)) ? 1 : 0;
}

function printSideBySide(columns: Column[], figures: Figure[], results: Map<string, Partial<Record<string, Result>>>, outcomes: Map<string, Outcome>) {
  const cell = (v: number | undefined, unit = 'ms') => (v === undefined || !Number.isFinite(v) ? '—' : unit === 'MB' ? `${v.toFixed(0)} MB` : `${v.toFixed(0)}`);
  const head = ['figure (p50 / p95 ms)', ...columns.map((c) => c.label), 'target p95'];
  const rows: string[][] = [];
  for (const f of figures) {
    rows.push([
      f.label,
      ...columns.map((c) => {
        const r = results.get(f.key)?.[c.key];
        if (!r) return outcomes.get(c.key)?.error ? 'FAILED' : '—';
        // A page that answered with errors shows them instead of its times (they would be the errors' times).
        if (r.note?.startsWith('unexpected')) return r.note.replace('unexpected answers: ', '');
        return `${cell(r.p50)} / ${cell(r.p95)}`;
      }),
      `< ${f.target} ms`,
    ]);
  }
  const loadCell = (c: Column, what: (run: LoadRun, o: Outcome) => string) => {
    const o = outcomes.get(c.key);
    return o?.run ? what(o.run, o) : o?.error ? 'FAILED' : '—';
  };
  const all = (run: LoadRun) => [...run.rec.samples.values()].flat();
  const errorsOf = (run: LoadRun) => [...run.rec.errors.values()].reduce((a, b) => a + b, 0);
  // Requests that failed fast are no throughput: a run with errors says so beside its rate.
  rows.push(['load test: requests/s', ...columns.map((c) => loadCell(c, (run) => `${throughput(run).toFixed(1)}${errorsOf(run) > 0 ? ' (with errors)' : ''}`)), '']);
  rows.push(['load test: all requests p50 / p95 ms', ...columns.map((c) => loadCell(c, (run) => `${cell(percentile(all(run), 50))} / ${cell(percentile(all(run), 95))}`)), `< 300 ms`]);
  rows.push(['load test: rows over target / errors', ...columns.map((c) => loadCell(c, (run, o) => {
    const table = loadRows(run, o.lost ?? 0);
    const errors = [...run.rec.errors.values()].reduce((a, b) => a + b, 0);
    return `${table.filter((r) => !r.ok).length} / ${errors}`;
  })), '0 / 0']);
  rows.push(['load test: acknowledged writes lost', ...columns.map((c) => loadCell(c, (run, o) => `${o.lost ?? '?'} of ${run.rec.acks.length}`)), '0']);

  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((s, i) => (i === 0 ? s + ' '.repeat(widths[i]! - width(s)) : ' '.repeat(widths[i]! - width(s)) + s)).join(' | ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of rows) console.log(line(r));

  // A ratio of runs that answered errors would compare how fast the servers fail: none then.
  const rate = (key: string) => {
    const run = outcomes.get(key)?.run;
    return run && errorsOf(run) === 0 ? throughput(run) : NaN;
  };
  for (const [two, one, what] of [['pg2', 'pg1', 'PostgreSQL'], ['sqlite2', 'sqlite1', 'SQLite']] as const) {
    if (!columns.some((c) => c.key === two) || !columns.some((c) => c.key === one)) continue;
    const ratio = rate(two) / rate(one);
    console.log(`\n${what}: two servers / one server, load-test throughput: ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'none (a run failed or answered errors)'} (issue 12 asks ≥ 1.6× on a machine with cores to spare).`);
  }
  console.log(`\nThis machine: ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}. Pages: sequential requests after a warm-up (bench/county.ts's BENCH_N, BENCH_WARMUP, BENCH_BUDGET_MS). Load: ${process.env.BENCH_CLIENTS ?? 32} clients for ${process.env.BENCH_SECONDS} s, pauses ${process.env.BENCH_THINK_MS} ms (BENCH_CLIENTS, BENCH_SECONDS, BENCH_THINK_MS). A cell "n× HTTP s": that page answered so.`);
  console.log(`Targets (issue 11): worker pages < ${TARGETS.page} ms, community queue < ${TARGETS.communityQueue} ms, top queue < ${TARGETS.countyQueue} ms, statistics < ${TARGETS.communityStats}/${TARGETS.countyStats} ms.`);
  for (const c of columns) {
    const e = outcomes.get(c.key)?.error;
    if (e) console.log(`FAILED ${c.label}: ${e}`);
    const wrong = figures.filter((f) => results.get(f.key)?.[c.key]?.note?.startsWith('unexpected')).length;
    if (wrong > 0) console.log(`FAILED ${c.label}: ${wrong} of ${figures.length} pages answered with errors (the server's output above says why)`);
  }
}

/** A column failed when it could not run, or when any of its pages answered with an error. */
function columnFailed(column: Column, figures: Figure[], results: Map<string, Partial<Record<string, Result>>>, outcomes: Map<string, Outcome>): boolean {
  return Boolean(outcomes.get(column.key)?.error) || figures.some((f) => results.get(f.key)?.[column.key]?.note?.startsWith('unexpected'));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
