// `npm run bench`: seeds a fresh demo database, serves the production build on it, and checks response times and page weight against targets.
import path from 'node:path';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { firstLoadJs, measure, Session, signIn } from './http';
import { prepareDatabase } from './seed';
import { buildDir, hasBuild, startServer, type Server } from './server';
import { printTable, timingRow, type Row } from './table';

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const DATABASE = path.resolve('.data/bench.db');
const N = Number(process.env.BENCH_N ?? 200);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20);

const TARGETS = {
  createCase: 50,
  workHome: 100,
  casePage: 100,
  firstLoadKb: 150,
} as const;

async function main(): Promise<number> {
  const dist = buildDir();
  if (!hasBuild(dist)) {
    console.error(`No production build in ${dist}.\nRun \`npm run build\` first (or \`NEXT_DIST_DIR=<dir> npm run build\` and run the bench with the same NEXT_DIST_DIR).`);
    return 2;
  }

  console.log(`Seeding a fresh demo database at ${DATABASE} …`);
  const data = await prepareDatabase(DATABASE);
  console.log(`  ${data.cases} cases in ${data.seedMs} ms; ${data.caseNumbers.length} case pages of 龙盛华庭 to rotate through.`);

  console.log(`Starting next start (${path.relative(process.cwd(), dist) || '.'}) on port ${PORT} …`);
  let server: Server | null = null;
  const stop = async () => {
    await server?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(130)));
  try {
    server = await startServer({ port: PORT, databasePath: DATABASE });
    const rows: Row[] = [];

    // Another system logging requests through the API, one after another.
    const api = new Session(server.url);
    const created = await measure(N, WARMUP, 201, (i) =>
      api.fetch('/api/v1/cases', {
        method: 'POST',
        headers: { authorization: `Bearer ${data.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          description: `12345转办：楼道灯不亮，居民反映已有三天（基准测试 ${i + 1}）。`,
          source: 'hotline_12345',
          nodeId: data.buildingId,
          urgency: 'normal',
        }),
      }),
    );
    rows.push(timingRow('POST /api/v1/cases', created, TARGETS.createCase));

    // The grid worker of 龙盛华庭, signed in through the real credentials flow.
    const worker = new Session(server.url);
    await signIn(worker, 'wg01', DEMO_PASSWORD);
    rows.push(timingRow('GET /work (wg01)', await measure(N, WARMUP, 200, () => worker.fetch('/work')), TARGETS.workHome));
    const numbers = data.caseNumbers;
    const casePages = await measure(N, WARMUP, 200, (i) => worker.fetch(`/cases/${numbers[i % numbers.length]}`));
    rows.push(timingRow('GET /cases/<number> (wg01)', casePages, TARGETS.casePage));

    const weights: Row[] = [];
    for (const page of ['/work', '/work/new', `/cases/${numbers[0]}`]) {
      const weight = await firstLoadJs(worker, page);
      const kb = weight.gzipTotal / 1024;
      const raw = weight.scripts.reduce((sum, s) => sum + s.bytes, 0) / 1024;
      const loaded = weight.status === 200;
      weights.push({
        cells: [
          page.startsWith('/cases/') ? '/cases/<number>' : page,
          loaded ? String(weight.scripts.length) : '—',
          loaded ? `${raw.toFixed(1)} KB` : `HTTP ${weight.status}`,
          loaded ? `${kb.toFixed(1)} KB` : '—',
          `< ${TARGETS.firstLoadKb} KB gz`,
        ],
        ok: loaded && kb < TARGETS.firstLoadKb,
      });
    }

    printTable(['response time (sequential, after warm-up)', 'n', 'size', 'p50', 'p95', 'max', 'target'], rows);
    printTable(['first-load JavaScript (grid-worker pages)', 'scripts', 'raw', 'gzip', 'target'], weights);
    rows.push(...weights);
    const missed = rows.filter((r) => !r.ok);
    console.log(missed.length === 0 ? '\nAll targets met.' : `\n${missed.length} target(s) missed.`);
    return missed.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    if (server) console.error(`\n--- server output ---\n${server.log().slice(-4000)}`);
    return 1;
  } finally {
    await stop();
  }
}

main().then((code) => process.exit(code));
