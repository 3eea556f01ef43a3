// CPU ms of the server process per request, per route (from /proc/<pid>/stat), at concurrency 8: robust to a busy machine.
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { authenticateToken } from '../lib/api/tokens';
import { createCase } from '../lib/cases/commands';
import { copyDatabase } from '../bench/seed';
import { startServer } from '../bench/server';
import { benchTokenFor } from '../bench/token';

const N = Number(process.env.N ?? 600);
const src = path.resolve('.data/bench-throughput.db');
const file = path.resolve('.data/cpu.db');
copyDatabase(src, file);
const { db, sqlite } = openDatabase(file);
applyMigrations(db);
const data = benchTokenFor(db);
const actor = authenticateToken(db, data.token)!;
const pool: { number: string; version: number }[] = [];
db.transaction(() => {
  for (let i = 0; i < N * 3; i++) {
    const r = createCase(db, actor, { description: `池 ${i}`, source: 'hotline_12345', nodeId: data.buildingId, urgency: 'normal' }, []);
    if (!r.ok) throw new Error(r.message);
    pool.push({ number: r.number, version: r.version });
  }
}, { behavior: 'immediate' });
sqlite.close();

function cpuMs(pid: number): number {
  let total = 0;
  for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
    const f = fs.readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' ');
    total += Number(f[11]) + Number(f[12]);
  }
  return (total * 1000) / 100;
}
function childPids(pid: number): number[] {
  try { return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; }
}
function treeCpu(pid: number): number { return cpuMs(pid) + childPids(pid).reduce((s, c) => s + treeCpu(c), 0); }

(async () => {
  const server = await startServer({ port: Number(process.env.PORT ?? 3523), databasePath: file });
  const base = server.url;
  const auth = { authorization: `Bearer ${data.token}` };
  const cursors = [''];
  while (cursors.length < 5) {
    const page = (await (await fetch(`${base}/api/v1/cases${cursors.at(-1)}`, { headers: auth })).json()) as { nextCursor: string };
    cursors.push(`?cursor=${page.nextCursor}`);
  }
  const routes: [string, (i: number) => Promise<Response>][] = [
    ['floor', () => fetch(`${base}/api/v1/openapi.json`)],
    ['create', (i) => fetch(`${base}/api/v1/cases`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ description: `12345转办：楼道灯不亮，居民反映已有三天（${i}）。`, source: 'hotline_12345', nodeId: data.buildingId, urgency: 'normal' }) })],
    ['list', (i) => fetch(`${base}/api/v1/cases${cursors[i % 5]}`, { headers: auth })],
    ['accept', () => { const c = pool.pop()!; return fetch(`${base}/api/v1/cases/${c.number}/actions`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'accept', categoryId: data.categoryId, urgency: 'normal', version: c.version }) }); }],
  ];
  const only = process.env.ONLY?.split(',');
  for (let round = 0; round < Number(process.env.ROUNDS ?? 2); round++) {
    for (const [name, req] of routes) {
      if (only && !only.includes(name)) continue;
      let next = 0; let bad = 0; let bytes = 0;
      const { spawn } = await import('node:child_process');
      const perf = process.env.PERF ? spawn('perf', ['stat', '-e', 'syscalls:sys_enter_fsync,syscalls:sys_enter_fdatasync', '-p', [server.pid, ...childPids(server.pid), ...childPids(server.pid).flatMap(childPids)].join(',')], { stdio: ['ignore', 'ignore', 'pipe'] }) : null;
      let perfOut = ''; perf?.stderr?.on('data', (d) => (perfOut += d));
      await new Promise((r) => setTimeout(r, perf ? 300 : 0));
      const c0 = treeCpu(server.pid); const t0 = performance.now();
      await Promise.all(Array.from({ length: 8 }, async () => { while (next < N) { const r = await req(next++); const b = await r.arrayBuffer(); bytes += b.byteLength; if (r.status >= 300) bad++; } }));
      const cpu = treeCpu(server.pid) - c0; const wall = performance.now() - t0;
      if (perf) { perf.kill('SIGINT'); await new Promise((r) => perf.once('exit', r)); console.log(perfOut.split('\n').filter((l) => /fsync|fdatasync/.test(l)).join('\n')); }
      console.log(`${name.padEnd(7)} cpu ${(cpu / N).toFixed(2)} ms/req  wall ${(wall / N).toFixed(2)} ms/req  bad ${bad}  bytes ${Math.round(bytes / N)}`);
    }
  }
  await server.stop();
})();
