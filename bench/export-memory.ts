// Where an export's memory goes, in-process: process.memoryUsage() sampled every 20 ms during one export.
// `tsx bench/export-memory.ts <db> <username> [from-day]` (the database is migrated: use a copy).
import { eq } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { openDatabase } from '../db/client';
import { accounts } from '../db/schema';
import { loadUser } from '../lib/auth/load-user';
import { prepareExport } from '../lib/desk/export';
import { queueFilterSchema } from '../lib/desk/filters';

const [file, username = 'zhenshuji', from] = process.argv.slice(2);
const MB = 1024 * 1024;
type Sample = { t: number; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };

async function main() {
  // A live heap like a server's (Next, its modules, caches): BALLAST MB of small retained objects.
  const ballast: unknown[] = [];
  for (let i = 0; i < Number(process.env.BALLAST ?? 0) * 10_000; i++) ballast.push({ i, s: `x${i}`, a: [i, i + 1] });
  (globalThis as { ballast?: unknown }).ballast = ballast;
  const { db, sqlite } = openDatabase(file!);
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username)).get();
  const user = account && loadUser(db, account.id);
  if (!user) throw new Error(`no account ${username}`);
  const sample = (t0: number): Sample => {
    const m = process.memoryUsage();
    return { t: performance.now() - t0, rss: m.rss / MB, heapUsed: m.heapUsed / MB, heapTotal: m.heapTotal / MB, external: m.external / MB, arrayBuffers: m.arrayBuffers / MB };
  };
  const show = (label: string, s: Sample) =>
    console.log(`${label.padEnd(10)} t=${s.t.toFixed(0).padStart(6)} ms rss ${s.rss.toFixed(0)} heapUsed ${s.heapUsed.toFixed(0)} heapTotal ${s.heapTotal.toFixed(0)} external ${s.external.toFixed(0)} arrayBuffers ${s.arrayBuffers.toFixed(0)} MB`);
  for (let run = 0; run < Number(process.env.RUNS ?? 2); run++) {
    const t0 = performance.now();
    show('before', sample(t0));
    const samples: Sample[] = [];
    const timer = setInterval(() => samples.push(sample(t0)), 20);
    const prepared = prepareExport(db, user, { kind: 'queue', filters: queueFilterSchema.parse(from ? { from } : {}) })!;
    let bytes = 0;
    let first = NaN;
    // A sink that takes every chunk at once (like a fast client) and keeps nothing.
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _e, cb) {
        if (Number.isNaN(first)) first = performance.now() - t0;
        bytes += chunk.length;
        cb();
      },
    });
    await prepared.write(sink);
    clearInterval(timer);
    samples.push(sample(t0));
    const peak = (k: keyof Sample) => samples.reduce((a, b) => (b[k] > a[k] ? b : a));
    console.log(`run ${run}: ${prepared.rowCount} rows, ${(bytes / MB).toFixed(1)} MB, first ${first.toFixed(0)} ms, total ${(performance.now() - t0).toFixed(0)} ms, cpu ${(process.cpuUsage().user / 1000).toFixed(0)} ms user so far`);
    for (const k of ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const) show(`max ${k}`, peak(k));
    show('after', samples[samples.length - 1]!);
  }
  console.log(`maxRSS (kernel) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  sqlite.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
