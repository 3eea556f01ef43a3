// `npm run bench:lighthouse [-- --runs N --only <path> --detail]`: Lighthouse (mobile preset) over the pages people open on a phone, signed in where needed; the median of N runs per page.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { DEMO_PASSWORD } from '../db/demo/generate';
import { intakePoints, orgNodes } from '../db/schema';
import { firstLoadJs, Session, signIn } from './http';
import { prepareDatabase } from './seed';
import { buildDir, hasBuild, startServer, type Server } from './server';
import { printTable, type Row } from './table';

const run = promisify(execFile);
const PORT = Number(process.env.BENCH_PORT ?? 3301);
const DATABASE = path.resolve('.data/bench-lighthouse.db');
/** Staff pages and the public board's pages must reach this performance score; the other residents' pages are reported alongside. */
const STAFF_TARGET = 95;
/** First-load JavaScript, gzipped, on every page. */
const JS_TARGET_KB = 150;
/** …and on the public board's pages, opened from QR codes and posters on cheap phones (issue 14). */
const BOARD_JS_TARGET_KB = 100;
/** Lighthouse's mobile user agent (its config constants): the HTML is weighed as the phone receives it (e.g. 20 queue rows, not 50). */
const LIGHTHOUSE_MOBILE_UA = 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36';

export type Page = { label: string; path: string; cookie?: string; session?: Session; staff: boolean; board?: boolean };
export type Scores = {
  performance: number;
  accessibility: number;
  bestPractices: number;
  tbtMs: number;
  lcpMs: number;
  /** The document's observed server response time, which the simulated load carries into FCP and LCP. */
  serverMs: number;
  /** Simulated main-thread time per kind of work (script evaluation, parsing, style and layout …), for `--detail`. */
  mainThread: { group: string; ms: number }[];
  /** The simulated long tasks (> 50 ms), longest first, for `--detail`. */
  longTasks: { url: string; ms: number }[];
  /** Every request of the page load (prefetches included), for `--detail`. */
  requests: { url: string; type: string; bytes: number }[];
};

/** Command line: `--runs N` Lighthouse runs per page (the median counts), `--only <text>` pages whose path contains it, `--detail` to print where the main-thread time went. */
function options(argv: readonly string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(value('--runs') ?? process.env.BENCH_RUNS ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  return { runs, only: value('--only'), detail: argv.includes('--detail') };
}

/** One Lighthouse run in a fresh headless Chromium; the session cookie travels as an extra header. `keepJson`: where to write the whole report (bootup-time, long tasks …) for a closer look. */
export async function lighthouse(url: string, cookie: string | undefined, keepJson?: string): Promise<Scores> {
  const args = [
    'lighthouse',
    url,
    '--only-categories=performance,accessibility,best-practices',
    '--chrome-flags=--headless=new --no-sandbox',
    '--output=json',
    '--output-path=stdout',
    '--quiet',
  ];
  let headersFile: string | null = null;
  if (cookie) {
    headersFile = path.join(os.tmpdir(), `lighthouse-headers-${process.pid}.json`);
    fs.writeFileSync(headersFile, JSON.stringify({ Cookie: cookie }), { mode: 0o600 });
    args.push(`--extra-headers=${headersFile}`);
  }
  try {
    const { stdout } = await run('npx', ['--no-install', ...args], {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (keepJson) fs.writeFileSync(keepJson, stdout);
    const report = JSON.parse(stdout) as {
      categories: Record<string, { score: number | null }>;
      audits: Record<string, { numericValue?: number; details?: { items?: Record<string, unknown>[] } }>;
    };
    const score = (id: string) => Math.round((report.categories[id]?.score ?? 0) * 100);
    const items = (id: string) => report.audits[id]?.details?.items ?? [];
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      tbtMs: Math.round(report.audits['total-blocking-time']?.numericValue ?? NaN),
      lcpMs: Math.round(report.audits['largest-contentful-paint']?.numericValue ?? NaN),
      serverMs: Math.round(report.audits['server-response-time']?.numericValue ?? NaN),
      mainThread: items('mainthread-work-breakdown').map((i) => ({ group: String(i.groupLabel ?? i.group), ms: Math.round(Number(i.duration)) })),
      longTasks: items('long-tasks')
        .map((i) => ({ url: String(i.url), ms: Math.round(Number(i.duration)) }))
        .sort((a, b) => b.ms - a.ms),
      requests: items('network-requests').map((i) => ({ url: String(i.url), type: String(i.resourceType), bytes: Number(i.transferSize ?? 0) })),
    };
  } finally {
    if (headersFile) fs.rmSync(headersFile, { force: true });
  }
}

/** The middle value (the lower of the two middle ones for an even count, so it is always a measured run). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
}

/** The run whose performance score is the median: its TBT and LCP are reported together, as one real page load. */
function medianRun(runs: readonly Scores[]): Scores {
  const sorted = [...runs].sort((a, b) => a.performance - b.performance || a.tbtMs - b.tbtMs);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function printDetail(label: string, s: Scores) {
  const shortUrl = (url: string) => url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '') || url;
  console.log(`\n${label} (median run): TBT ${s.tbtMs} ms, LCP ${s.lcpMs} ms, server response ${s.serverMs} ms; main thread ${s.mainThread.map((m) => `${m.group} ${m.ms} ms`).join(', ')}`);
  for (const t of s.longTasks.slice(0, 5)) console.log(`    long task ${t.ms} ms  ${shortUrl(t.url)}`);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const byType = new Map<string, { n: number; bytes: number }>();
  for (const r of s.requests) {
    const t = byType.get(r.type) ?? { n: 0, bytes: 0 };
    byType.set(r.type, { n: t.n + 1, bytes: t.bytes + r.bytes });
  }
  console.log(`    requests: ${[...byType].map(([type, t]) => `${t.n} ${type} (${kb(t.bytes)})`).join(', ')}`);
  const rsc = s.requests.filter((r) => /[?&]_rsc=/.test(r.url));
  const withoutRsc = (url: string) => {
    const u = new URL(url);
    u.searchParams.delete('_rsc');
    return u.pathname + u.search;
  };
  if (rsc.length > 0) console.log(`    RSC fetches (prefetches): ${rsc.map((r) => `${withoutRsc(r.url)} ${kb(r.bytes)}`).join(', ')}`);
}

/** A resident's QR code of 龙盛华庭, read from the bench database. */
function intakeCodeOfGrid(): string {
  const { db, sqlite } = openDatabase(DATABASE);
  try {
    const row = db
      .select({ code: intakePoints.code })
      .from(intakePoints)
      .innerJoin(orgNodes, eq(orgNodes.id, intakePoints.nodeId))
      .where(and(eq(orgNodes.name, '龙盛华庭'), eq(intakePoints.active, true)))
      .get();
    if (!row) throw new Error('bench: 龙盛华庭 has no intake point');
    return row.code;
  } finally {
    sqlite.close();
  }
}

/** The demo's 龙湖社区, for its public board and volunteer pages. */
export function boardCommunityId(database: string): number {
  const { db, sqlite } = openDatabase(database);
  try {
    const row = db.select({ id: orgNodes.id }).from(orgNodes).where(and(eq(orgNodes.kind, 'community'), eq(orgNodes.name, '龙湖社区'))).get();
    if (!row) throw new Error('bench: the demo has no 龙湖社区');
    return row.id;
  } finally {
    sqlite.close();
  }
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  const dist = buildDir();
  if (!hasBuild(dist)) {
    console.error(`No production build in ${dist}. Run \`npm run build\` first.`);
    return 2;
  }
  console.log(`Seeding a fresh demo database at ${DATABASE} …`);
  const data = await prepareDatabase(DATABASE);
  const code = intakeCodeOfGrid();
  const board = boardCommunityId(DATABASE);

  let server: Server | null = null;
  try {
    server = await startServer({ port: PORT, databasePath: DATABASE });
    // A fresh request through the API gives a status link, as a resident would get one.
    const api = new Session(server.url);
    const created = await api.fetch('/api/v1/cases', {
      method: 'POST',
      headers: { authorization: `Bearer ${data.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: '3号楼楼道灯不亮，晚上上下楼看不清（Lighthouse 基准）。', source: 'hotline_12345', nodeId: data.buildingId }),
    });
    const { statusUrl } = (await created.json()) as { statusUrl: string };
    const sessionOf = async (login: string) => {
      const session = new Session(server!.url);
      await signIn(session, login, DEMO_PASSWORD);
      return session;
    };
    const worker = await sessionOf('wg01');
    const member = await sessionOf('dy01');
    const secretary = await sessionOf('shuji');
    const cookie = worker.cookieHeader();

    const as = (session: Session) => ({ session, cookie: session.cookieHeader() });
    const pages: Page[] = [
      { label: '网格员首页 /work', path: '/work', cookie, session: worker, staff: true },
      { label: `事项页 /cases/${data.caseNumbers[0]}`, path: `/cases/${data.caseNumbers[0]}`, cookie, session: worker, staff: true },
      { label: '网格员登记 /work/new', path: '/work/new', ...as(worker), staff: true },
      { label: '通知 /notifications', path: '/notifications', ...as(worker), staff: true },
      { label: '党员首页 /member', path: '/member', ...as(member), staff: true },
      { label: '认领台 /member/board', path: '/member/board', ...as(member), staff: true },
      { label: '书记工作台 /desk', path: '/desk', ...as(secretary), staff: true },
      { label: '事项队列 /desk/cases', path: '/desk/cases', ...as(secretary), staff: true },
      { label: '居民提交 /s/<code>', path: `/s/${code}`, staff: false },
      { label: '办理进度 /t/<token>', path: new URL(statusUrl, server.url).pathname, staff: false },
      { label: '公开栏 /b/<id>', path: `/b/${board}`, staff: false, board: true },
      { label: '公开栏海报 /b/<id>/poster', path: `/b/${board}/poster`, staff: false, board: true },
      { label: '志愿活动 /volunteer/<id>', path: `/volunteer/${board}`, staff: false, board: true },
      { label: '积分榜 /volunteer/<id>/ranking', path: `/volunteer/${board}/ranking`, staff: false, board: true },
    ];
    const selected = opts.only ? pages.filter((p) => p.path.includes(opts.only!)) : pages;
    const rows: Row[] = [];
    const details: [string, Scores][] = [];
    for (const p of selected) {
      // Fetched first, also so that every page's server code is loaded before Lighthouse times it, as for a real user.
      const js = await firstLoadJs(p.session ?? new Session(server.url), p.path, { headers: { 'user-agent': LIGHTHOUSE_MOBILE_UA } });
      const jsKb = js.gzipTotal / 1024;
      const runs: Scores[] = [];
      for (let i = 0; i < opts.runs; i++) {
        console.log(`Lighthouse ${p.label} (${i + 1}/${opts.runs}) …`);
        runs.push(await lighthouse(new URL(p.path, server.url).toString(), p.cookie));
      }
      const perf = runs.map((r) => r.performance);
      const mid = medianRun(runs);
      details.push([p.label, mid]);
      rows.push({
        cells: [
          p.label,
          String(median(perf)),
          `${Math.min(...perf)}–${Math.max(...perf)}`,
          String(median(runs.map((r) => r.accessibility))),
          String(median(runs.map((r) => r.bestPractices))),
          `${median(runs.map((r) => r.tbtMs))} ms`,
          `${median(runs.map((r) => r.lcpMs))} ms`,
          `${jsKb.toFixed(1)} KB`,
          `${(js.htmlGzip / 1024).toFixed(1)} KB`,
          p.staff || p.board ? `perf ≥ ${STAFF_TARGET}, JS < ${p.board ? BOARD_JS_TARGET_KB : JS_TARGET_KB} KB` : `JS < ${JS_TARGET_KB} KB`,
        ],
        ok: (!(p.staff || p.board) || median(perf) >= STAFF_TARGET) && jsKb < (p.board ? BOARD_JS_TARGET_KB : JS_TARGET_KB),
        note: opts.runs > 1 ? `runs: perf ${perf.join(' / ')}, TBT ${runs.map((r) => r.tbtMs).join(' / ')} ms, LCP ${runs.map((r) => r.lcpMs).join(' / ')} ms` : undefined,
      });
    }
    if (opts.detail) for (const [label, s] of details) printDetail(label, s);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`\nMedian of ${opts.runs} run(s) per page; TBT and LCP are each their own median. Load average at the end: ${load} (started at ${loadAtStart}), ${os.cpus().length} CPUs.`);
    printTable(['page (mobile)', 'perf', 'min–max', 'a11y', 'best', 'TBT', 'LCP', 'JS gz', 'HTML gz', 'target'], rows);
    return rows.every((r) => r.ok) ? 0 : 1;
  } catch (error) {
    console.error(error);
    if (server) console.error(server.log());
    return 1;
  } finally {
    await server?.stop();
  }
}

if (require.main === module) main().then((code) => process.exit(code));
