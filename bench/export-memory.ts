// Where an export's memory goes, in-process: the export of `npm run bench:county` (the newest 100,000
// requests, or everything on a small database) written to a sink that reads as fast as it can, with
// VmRSS split into anonymous and file pages and the V8 heap sampled every 20 ms.
// `tsx bench/export-memory.ts <db> [username] [from-day]`; BENCH_RUNS=n exports one after another. <db> is a SQLite
// file, or a postgres:// URL with YINGHUO_ENGINE=pg (the ids then come by keyset in one snapshot, lib/desk/ledger-rows.ts).
import fs from 'node:fs';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import { eq } from 'drizzle-orm';
import { ENGINE } from '../db/engine';
import { openPgStore, openSqliteStore } from '../db/store';
import { accounts } from '../db/tables';
import { loadUser } from '../lib/auth/load-user';
import { prepareExport } from '../lib/desk/export';
import { queueFilterSchema } from '../lib/desk/filters';

const [file, username = 'xianshuji', from] = process.argv.slice(2);
const MB = 1024 * 1024;

type Sample = { rss: number; anon: number; fileMb: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; newSpace: number; oldSpace: number };

function status(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function sample(): Sample {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size / MB]));
  return {
    rss: m.rss / MB,
    anon: status('RssAnon'),
    fileMb: status('RssFile'),
    heapUsed: m.heapUsed / MB,
    heapTotal: m.heapTotal / MB,
    external: m.external / MB,
    arrayBuffers: m.arrayBuffers / MB,
    newSpace: spaces.new_space ?? NaN,
    oldSpace: spaces.old_space ?? NaN,
  };
}

const show = (label: string, s: Sample) =>
  console.log(
    `${label.padEnd(16)} rss ${s.rss.toFixed(0).padStart(4)} (anon ${s.anon.toFixed(0)}, file ${s.fileMb.toFixed(0)})  heap used ${s.heapUsed.toFixed(0)} / total ${s.heapTotal.toFixed(0)} (new ${s.newSpace.toFixed(0)}, old ${s.oldSpace.toFixed(0)})  external ${s.external.toFixed(0)} (array buffers ${s.arrayBuffers.toFixed(0)}) MB`,
  );

async function main() {
  if (!file) throw new Error('usage: tsx bench/export-memory.ts <db file or postgres:// URL> [username] [from-day]');
  const store = ENGINE === 'pg' ? openPgStore(file) : openSqliteStore(file);
  const [account] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username));
  const user = account && (await loadUser(store.db, account.id));
  if (!user) throw new Error(`no account ${username}`);
  show('start', sample());
  for (let run = 0; run < Number(process.env.BENCH_RUNS ?? 2); run++) {
    const t0 = performance.now();
    const samples: Sample[] = [sample()];
    const timer = setInterval(() => samples.push(sample()), 20);
    const prepared = (await prepareExport(store, user, { kind: 'queue', filters: queueFilterSchema.parse(from ? { from } : {}) }))!;
    let bytes = 0;
    let first = NaN;
    // Takes every chunk at once (a fast client) and keeps nothing.
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, callback) {
        if (Number.isNaN(first)) first = performance.now() - t0;
        bytes += chunk.length;
        callback();
      },
    });
    await prepared.write(sink);
    clearInterval(timer);
    samples.push(sample());
    console.log(`run ${run}: ${prepared.rowCount} rows, ${(bytes / MB).toFixed(1)} MB, first bytes ${first.toFixed(0)} ms, total ${(performance.now() - t0).toFixed(0)} ms`);
    for (const k of ['rss', 'anon', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const) show(`  max ${k}`, samples.reduce((a, b) => (b[k] > a[k] ? b : a)));
    show('  after', samples.at(-1)!);
  }
  console.log(`peak RSS (kernel) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  await store.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
