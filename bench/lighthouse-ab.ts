// `tsx bench/lighthouse-ab.ts <distDirA> <distDirB> [--runs N] [--only <path>] [--keep <dir>]`: two builds side by side, Lighthouse runs alternated A, B, A, B … per page, so a busy machine weighs on both alike.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { firstLoadJs, Session, signIn } from './http';
import { boardCommunityId, lighthouse, median, type Scores } from './lighthouse';
import { prepareDatabase } from './seed';
import { hasBuild, startServer, type Server } from './server';
import { printTable, type Row } from './table';

const PORT = Number(process.env.BENCH_PORT ?? 3301);
const DATABASE = path.resolve('.data/bench-lighthouse-ab.db');
const LIGHTHOUSE_MOBILE_UA = 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36';

function options(argv: readonly string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const flags = new Set(['--runs', '--only', '--keep']);
  const positional = argv.filter((a, i) => !a.startsWith('--') && !flags.has(argv[i - 1] ?? ''));
  const [a, b] = positional;
  if (!a || !b) throw new Error('usage: tsx bench/lighthouse-ab.ts <distDirA> <distDirB> [--runs N] [--only <path>] [--keep <dir>]');
  const runs = Number(value('--runs') ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  return { a: path.resolve(a), b: path.resolve(b), runs, only: value('--only'), keep: value('--keep') };
}

type Side = { name: 'A' | 'B'; dist: string; server: Server; sessions: Record<'worker' | 'member' | 'secretary', Session> };

async function startSide(name: 'A' | 'B', dist: string, port: number): Promise<Side> {
  // The server reads its build folder from NEXT_DIST_DIR (next.config.ts), inherited from this process; Next wants it relative.
  process.env.NEXT_DIST_DIR = path.relative(process.cwd(), dist);
  const server = await startServer({ port, databasePath: DATABASE });
  const sessionOf = async (login: string) => {
    const session = new Session(server.url);
    await signIn(session, login, DEMO_PASSWORD);
    return session;
  };
  return { name, dist, server, sessions: { worker: await sessionOf('wg01'), member: await sessionOf('dy01'), secretary: await sessionOf('shuji') } };
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  for (const dist of [opts.a, opts.b]) if (!hasBuild(dist)) throw new Error(`no production build in ${dist}`);
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Seeding a fresh demo database at ${DATABASE} …`);
  const data = await prepareDatabase(DATABASE);
  if (opts.keep) fs.mkdirSync(opts.keep, { recursive: true });
  const sides: Side[] = [];
  try {
    sides.push(await startSide('A', opts.a, PORT));
    sides.push(await startSide('B', opts.b, PORT + 1));
    const board = boardCommunityId(DATABASE);
    // `who: null`: a resident's page, without a session.
    const pages: { label: string; path: string; who: keyof Side['sessions'] | null }[] = [
      { label: '/work', path: '/work', who: 'worker' },
      { label: '/cases/<n>', path: `/cases/${data.caseNumbers[0]}`, who: 'worker' },
      { label: '/work/new', path: '/work/new', who: 'worker' },
      { label: '/notifications', path: '/notifications', who: 'worker' },
      { label: '/member', path: '/member', who: 'member' },
      { label: '/member/board', path: '/member/board', who: 'member' },
      { label: '/desk', path: '/desk', who: 'secretary' },
      { label: '/desk/cases', path: '/desk/cases', who: 'secretary' },
      { label: '/b/<id>', path: `/b/${board}`, who: null },
      { label: '/b/<id>/poster', path: `/b/${board}/poster`, who: null },
      { label: '/volunteer/<id>', path: `/volunteer/${board}`, who: null },
      { label: '/volunteer/<id>/ranking', path: `/volunteer/${board}/ranking`, who: null },
    ];
    // `--only a,b`: the pages whose path contains any of them.
    const only = opts.only?.split(',').map((o) => o.replace('<id>', String(board)));
    const selected = only ? pages.filter((p) => only.some((o) => p.path.includes(o))) : pages;
    const rows: Row[] = [];
    for (const p of selected) {
      const results: Record<'A' | 'B', Scores[]> = { A: [], B: [] };
      const js: Record<'A' | 'B', number> = { A: 0, B: 0 };
      for (const side of sides) {
        const session = p.who ? side.sessions[p.who] : new Session(side.server.url);
        js[side.name] = (await firstLoadJs(session, p.path, { headers: { 'user-agent': LIGHTHOUSE_MOBILE_UA } })).gzipTotal / 1024;
        // One discarded load each: the page's one-time effects (a case's notifications marked read) happen here, not in a measured run.
        await lighthouse(new URL(p.path, side.server.url).toString(), p.who ? session.cookieHeader() : undefined);
      }
      for (let i = 0; i < opts.runs; i++) {
        // Alternate which side goes first, so neither always follows the other.
        const order = i % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          console.log(`Lighthouse ${side.name} ${p.label} (${i + 1}/${opts.runs}) …`);
          const keep = opts.keep ? path.join(opts.keep, `${side.name}-${p.label.replace(/[^a-z]+/gi, '_')}-${i + 1}.json`) : undefined;
          results[side.name].push(await lighthouse(new URL(p.path, side.server.url).toString(), p.who ? side.sessions[p.who].cookieHeader() : undefined, keep));
        }
      }
      for (const name of ['A', 'B'] as const) {
        const r = results[name];
        rows.push({
          cells: [
            `${p.label} ${name}`,
            String(median(r.map((x) => x.performance))),
            `${median(r.map((x) => x.tbtMs))} ms`,
            String(median(r.map((x) => x.longTasks.length))),
            `${median(r.map((x) => x.mainThread.find((m) => m.group === 'Script Evaluation')?.ms ?? 0))} ms`,
            `${median(r.map((x) => x.mainThread.reduce((sum, m) => sum + m.ms, 0)))} ms`,
            `${js[name].toFixed(1)} KB`,
          ],
          ok: true,
          note: `perf ${r.map((x) => x.performance).join(' / ')}, TBT ${r.map((x) => x.tbtMs).join(' / ')} ms`,
        });
      }
    }
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`\nA = ${opts.a}, B = ${opts.b}; ${opts.runs} alternated runs each, medians. Load average at the end: ${load} (started at ${loadAtStart}), ${os.cpus().length} CPUs.`);
    printTable(['page', 'perf', 'TBT', 'long tasks', 'script eval', 'main thread', 'JS gz'], rows);
    return 0;
  } finally {
    for (const side of sides) await side.server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
