// `npm run bench:durability`: what synchronous = FULL costs against NORMAL, measured as createCase in-process on copies of one fresh demo database.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { accounts } from '../db/schema';
import { loadUserSync } from '../lib/auth/load-user';
import { actorFromUser } from '../lib/cases/actor';
import { createCaseSync } from '../lib/cases/commands';
import { percentile } from './http';
import { prepareDatabase } from './seed';
import { ms, printTable, type Row } from './table';

const DATABASE = path.resolve(process.env.BENCH_DURABILITY_DB ?? '.data/bench-durability.db');
const N = Number(process.env.BENCH_N ?? 1000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
/** The modes take turns in rounds, so a busy neighbour on the machine slows both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MODES = ['NORMAL', 'FULL'] as const;
type Mode = (typeof MODES)[number];

function openCopy(mode: Mode) {
  const file = DATABASE.replace(/\.db$/, `-${mode.toLowerCase()}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  fs.copyFileSync(DATABASE, file);
  const { db, sqlite } = openDatabase(file);
  // openDatabase chooses FULL for the app; the comparison overrides it per copy.
  sqlite.pragma(`synchronous = ${mode}`);
  const account = db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, 'wg01')).get();
  const user = account && loadUserSync(db, account.id);
  if (!user) throw new Error('bench: the demo has no wg01');
  const actor = actorFromUser(user);
  const nodeId = user.scopeNodes[0]!.id;
  let i = 0;
  const createOne = () => {
    i += 1;
    const started = performance.now();
    const result = createCaseSync(db, actor, { description: `楼道灯不亮，居民反映已有三天（耐久性基准 ${i}）。`, source: 'patrol', nodeId, urgency: 'normal' }, []);
    const elapsed = performance.now() - started;
    if (!result.ok) throw new Error(`bench: createCase refused: ${result.message}`);
    return elapsed;
  };
  return { file, sqlite, createOne, samples: [] as number[], seconds: 0 };
}

async function main(): Promise<number> {
  if (!fs.existsSync(DATABASE)) {
    // The demo with its year of requests, as the server would run it (bench/seed.ts, shared with `npm run bench`).
    console.log(`Seeding a fresh demo database at ${DATABASE} …`);
    const data = await prepareDatabase(DATABASE);
    console.log(`  ${data.cases} cases in ${data.seedMs} ms.`);
  } else {
    console.log(`Using the demo database at ${DATABASE} (delete it for a fresh one).`);
  }
  const runs = Object.fromEntries(MODES.map((m) => [m, openCopy(m)])) as Record<Mode, ReturnType<typeof openCopy>>;
  try {
    for (const m of MODES) for (let w = 0; w < WARMUP; w++) runs[m].createOne();
    const perRound = Math.ceil(N / ROUNDS);
    for (let r = 0; r < ROUNDS; r++) {
      for (const m of r % 2 === 0 ? MODES : [...MODES].reverse()) {
        const run = runs[m];
        const started = performance.now();
        for (let k = 0; k < perRound; k++) run.samples.push(run.createOne());
        run.seconds += (performance.now() - started) / 1000;
      }
    }
    const rows: Row[] = MODES.map((m) => {
      const { samples, seconds } = runs[m];
      return {
        cells: [`synchronous = ${m}`, String(samples.length), `${(samples.length / seconds).toFixed(0)} /s`, ms(percentile(samples, 50)), ms(percentile(samples, 95)), ms(Math.max(...samples))],
        ok: true,
      };
    });
    printTable(['createCase in-process (WAL)', 'n', 'throughput', 'p50', 'p95', 'max'], rows);
    const rate = (m: Mode) => runs[m].samples.length / runs[m].seconds;
    const ratio = (m: Mode, p: number) => percentile(runs[m].samples, p);
    console.log(
      `\nFULL / NORMAL: throughput ×${(rate('FULL') / rate('NORMAL')).toFixed(2)}, ` +
        `p50 ×${(ratio('FULL', 50) / ratio('NORMAL', 50)).toFixed(2)}, p95 ×${(ratio('FULL', 95) / ratio('NORMAL', 95)).toFixed(2)}`,
    );
    return 0;
  } finally {
    for (const m of MODES) {
      runs[m].sqlite.close();
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(runs[m].file + suffix, { force: true });
    }
  }
}

main().then((code) => process.exit(code));
