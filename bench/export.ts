// `npm run bench:export`: exports the whole demo year (~20,000 requests) to .xlsx in a fresh process; checks time and peak memory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { openSqliteStore } from '../db/store';
import { accounts } from '../db/schema';
import { loadUser } from '../lib/auth/load-user';
import { prepareExport } from '../lib/desk/export';
import { queueFilterSchema } from '../lib/desk/filters';
import { prepareDatabase } from './seed';
import { printTable, type Row } from './table';

const TARGETS = { elapsedMs: 10_000, peakRssMb: 300 } as const;
const DATABASE = path.resolve(process.env.BENCH_EXPORT_DB ?? '.data/bench-export.db');
/** The township secretary: both communities (the whole demo), full phone numbers. */
const USERNAME = process.env.BENCH_EXPORT_USER ?? 'zhenshuji';

type Measurement = { rows: number; bytes: number; firstByteMs: number; elapsedMs: number; peakRssMb: number };

/**
 * The child: a process that has done nothing but load the modules, so its peak RSS is the
 * export's own (plus the runtime's baseline, as in a server process).
 */
async function measureInThisProcess(file: string): Promise<Measurement> {
  const { db, sqlite } = openDatabase(file);
  const store = openSqliteStore(file, { writer: sqlite });
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, USERNAME)).get();
  const user = account && (await loadUser(db, account.id));
  if (!user) throw new Error(`bench: no account ${USERNAME} in ${file}`);
  const out = path.join(os.tmpdir(), `yinghuo-bench-export-${process.pid}.xlsx`);
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const started = performance.now();
    const prepared = await prepareExport(store, user, { kind: 'queue', filters: queueFilterSchema.parse({}) });
    if (!prepared) throw new Error(`bench: ${USERNAME} may not export`);
    // The file is what a browser would receive; the pass-through only notes when the first bytes left.
    const stream = new PassThrough();
    let firstByteMs = Number.NaN;
    stream.once('data', () => (firstByteMs = performance.now() - started));
    const finished = new Promise<void>((resolve, reject) => stream.pipe(fs.createWriteStream(out)).on('finish', resolve).on('error', reject));
    await prepared.write(stream);
    await finished;
    const elapsedMs = performance.now() - started;
    // maxRSS (KiB) is the kernel's own high-water mark, so a peak between two samples still counts.
    const peakRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
    return { rows: prepared.rowCount, bytes: fs.statSync(out).size, firstByteMs, elapsedMs, peakRssMb };
  } finally {
    clearInterval(sampler);
    await store.close();
    sqlite.close();
    fs.rmSync(out, { force: true });
  }
}

async function main(): Promise<number> {
  const reuse = process.argv.includes('--reuse') && fs.existsSync(DATABASE);
  if (reuse) {
    console.log(`Reusing the demo database at ${DATABASE}.`);
  } else {
    console.log(`Seeding a fresh demo database at ${DATABASE} …`);
    const data = await prepareDatabase(DATABASE);
    console.log(`  ${data.cases} requests in ${data.seedMs} ms.`);
  }
  console.log(`Exporting every request ${USERNAME} may see, in a fresh process …`);
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', DATABASE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    console.error(`The export process failed (exit ${child.status}).\n${child.stdout}`);
    return 1;
  }
  const m = JSON.parse(line) as Measurement;
  const rows: Row[] = [
    {
      cells: [`export ${m.rows.toLocaleString('en')} rows`, `${(m.bytes / 1024 / 1024).toFixed(1)} MB`, `${m.firstByteMs.toFixed(0)} ms`, `${m.elapsedMs.toFixed(0)} ms`, `< ${TARGETS.elapsedMs} ms`],
      ok: m.elapsedMs < TARGETS.elapsedMs,
    },
    {
      cells: ['peak RSS of the process', '', '', `${m.peakRssMb.toFixed(0)} MB`, `< ${TARGETS.peakRssMb} MB`],
      ok: m.peakRssMb < TARGETS.peakRssMb,
    },
  ];
  if (m.rows < 15_000) rows.push({ cells: ['rows exported', '', '', String(m.rows), '≈ 20,000'], ok: false, note: 'the demo should hold about a year of requests' });
  printTable(['measurement', 'file', 'first byte', 'value', 'target'], rows);
  const missed = rows.filter((r) => !r.ok).length;
  console.log(missed === 0 ? '\nAll targets met.' : `\n${missed} target(s) missed.`);
  return missed === 0 ? 0 : 1;
}

if (process.argv[2] === '--child') {
  measureInThisProcess(process.argv[3]!).then(
    (m) => console.log(JSON.stringify(m)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().then((code) => (process.exitCode = code));
}
