// `npx tsx bench/gzip-cost.ts`: what gzipping one JSON answer costs the event loop's thread, as Next's compression does
// it (a gzip stream per answer: write, flush, end; the deflating on libuv's pool threads) against one gzipSync call
// (lib/api/http.ts, json()). The body is a page of the API's list as the demo answers it (20 cases, ~11 KB). Main-thread
// CPU is read from /proc (Linux); "all threads" adds the pool threads' share.
import zlib from 'node:zlib';
import { mainThreadCpuMs } from './cpu';
import { printTable, type Row } from './table';

const N = Number(process.env.BENCH_N ?? 3000);

const mainThreadMs = () => mainThreadCpuMs(process.pid);

const page = {
  items: Array.from({ length: 20 }, (_, i) => ({
    number: `YH20261204-${String(1000 + i)}`,
    version: 1,
    description: '12345转办：楼道灯不亮，居民反映已有三天，晚上出入不便，请尽快维修（吞吐基准）。',
    status: 'submitted',
    urgency: 'normal',
    source: 'hotline_12345',
    category: '市政设施',
    place: '龙湖社区 3号楼 2单元',
    grid: '龙湖社区第一网格',
    handler: null,
    escalationLevel: 0,
    supervised: false,
    createdAt: new Date(Date.UTC(2026, 11, 4, 8, i)).toISOString(),
    acceptDueAt: new Date(Date.UTC(2026, 11, 5, 8, i)).toISOString(),
    overdue: false,
  })),
  nextCursor: 'MTc2NDgzNTIwMDAwMDoxOTkwNw',
};
const body = Buffer.from(JSON.stringify(page));

function stream(): Promise<void> {
  return new Promise((resolve) => {
    const gzip = zlib.createGzip();
    gzip.on('data', () => {});
    gzip.on('end', resolve);
    gzip.write(body);
    gzip.flush();
    gzip.end();
  });
}

async function measure(what: string, once: () => unknown): Promise<Row> {
  for (let i = 0; i < 300; i++) await once();
  const main0 = mainThreadMs();
  const all0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await once();
  const all = process.cpuUsage(all0);
  const perCall = (ms: number) => `${((1000 * ms) / N).toFixed(0)} µs`;
  return { ok: true, cells: [what, perCall(mainThreadMs() - main0), perCall((all.user + all.system) / 1000)] };
}

async function main() {
  console.log(`A ${(body.length / 1024).toFixed(1)} KB JSON page, ${N} times each (main-thread CPU in 10 ms ticks).`);
  const rows = [
    await measure('a gzip stream per answer (Next)', stream),
    await measure('zlib.gzip(buffer), one pool hop', () => new Promise<void>((resolve) => zlib.gzip(body, () => resolve()))),
    await measure('gzipSync (json())', () => zlib.gzipSync(body)),
  ];
  printTable(['gzip one answer', 'event-loop thread', 'all threads'], rows);
}

void main();
