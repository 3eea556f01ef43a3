// `npm run city:local -- [--engine sqlite|pg] [--demo] [--check]`: a city on this machine without containers — two
// production app servers on one database behind nginx (scripts/city/nginx.conf), on SQLite (one file) or on a
// throwaway PostgreSQL cluster (migrated with db:migrate:pg, the demo copied in with db:copy). Prints the URL and
// stops everything on Ctrl-C; `--check` signs in through nginx, checks that the requests of one session go to both
// servers and are answered by both, and exits (0 when they were).
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { Session, signIn } from '../../bench/http';
import { hasBuild, buildDir } from '../../bench/server';
import { DEMO_PASSWORD } from '../../db/demo/generate';
import { runNpm, startCity, stopAll, type City } from './local';

const USAGE = `usage: npm run city:local -- [--engine sqlite|pg] [--demo] [--check] [--port 3630] [--app-ports 3631,3632] [--pg-port 3633] [--db .data/city/local.db]
  --engine  sqlite (default): the servers share one SQLite file; pg: a throwaway PostgreSQL cluster, removed on exit
  --demo    the demo community (SQLite: seeded into --db when it is empty; PostgreSQL: seeded into a SQLite file, then npm run db:copy)
  --check   sign in through nginx, check that both servers answer the session, stop, exit`;

const ports = z
  .string()
  .regex(/^\d+(,\d+)*$/, '--app-ports: port numbers separated by commas')
  .transform((s) => s.split(',').map(Number));
const argsSchema = z.object({
  engine: z.enum(['sqlite', 'pg'], { error: '--engine must be sqlite or pg' }).default('sqlite'),
  demo: z.boolean().default(false),
  check: z.boolean().default(false),
  port: z.coerce.number().int().min(1).max(65535).default(3630),
  'app-ports': ports.default([3631, 3632]),
  'pg-port': z.coerce.number().int().min(1).max(65535).default(3633),
  db: z.string().min(1).default('.data/city/local.db'),
});

function parse(argv: string[]) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        engine: { type: 'string' },
        demo: { type: 'boolean' },
        check: { type: 'boolean' },
        port: { type: 'string' },
        'app-ports': { type: 'string' },
        'pg-port': { type: 'string' },
        db: { type: 'string' },
      },
      strict: true,
    });
    const parsed = argsSchema.safeParse(values);
    if (parsed.success) return parsed.data;
    console.error(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${USAGE}`);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
  }
  process.exit(2);
}

/** One session through nginx: every request answered 200 while signed in, and by which servers (nginx's access log). */
async function check(city: City): Promise<boolean> {
  const session = new Session(city.url);
  await signIn(session, 'wg01', DEMO_PASSWORD);
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const res = await session.fetch('/work');
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  const upstreams = new Map<string, number>();
  for (const line of city.nginx?.accessLog() ?? []) {
    if (!line.includes('"GET /work ')) continue;
    const at = /upstream=(\S+)/.exec(line)?.[1] ?? '?';
    upstreams.set(at, (upstreams.get(at) ?? 0) + 1);
  }
  const ok200 = statuses.filter((s) => s === 200).length;
  console.log(`\nCheck: signed in as wg01 through nginx; GET /work ×10: ${ok200} × 200${ok200 < 10 ? ` (others: ${statuses.filter((s) => s !== 200).join(', ')})` : ''}`);
  console.log(`  answered by: ${[...upstreams].map(([u, n]) => `${u} ×${n}`).join(', ') || '(no nginx log lines)'}`);
  const health = await Promise.all(city.servers.map(async (s) => `${s.url}/healthz → ${(await fetch(`${s.url}/healthz`)).status}`));
  console.log(`  ${health.join('; ')}`);
  const both = city.servers.every((s) => upstreams.has(new URL(s.url).host));
  const pass = ok200 === 10 && both;
  console.log(pass ? '  PASS: one session, both servers, every request signed in.' : '  FAIL');
  if (!pass) for (const s of city.servers) console.log(`\n--- ${s.url}: the server's errors ---\n${errorLines(s.log())}`);
  return pass;
}

/** A server's output cut to its errors (first lines of each), for a failed check. */
function errorLines(log: string): string {
  const lines = log.split('\n');
  const out: string[] = [];
  for (const [i, line] of lines.entries()) if (/error|Error|failed/.test(line)) out.push(...lines.slice(i, i + 4));
  return [...new Set(out)].slice(0, 40).join('\n') || log.slice(-2000);
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  if (!hasBuild(buildDir())) {
    console.error(`No production build in ${buildDir()}: run \`npm run build\` first.`);
    return 2;
  }
  const workDir = path.resolve('.data/city');
  fs.mkdirSync(workDir, { recursive: true });
  const sqliteFile = path.resolve(args.db);
  let copyFrom: string | undefined;
  if (args.engine === 'sqlite') {
    // Migrations first (a new build may bring some), then the demo if asked and the file is empty.
    await runNpm('db:migrate', [], { DATABASE_PATH: sqliteFile });
    if (args.demo) await runNpm('db:seed', ['--if-empty'], { DATABASE_PATH: sqliteFile });
  } else if (args.demo) {
    copyFrom = path.join(workDir, 'demo-source.db');
    await runNpm('db:seed', ['--if-empty'], { DATABASE_PATH: copyFrom });
  }

  const running: { city?: City } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping nginx, the app servers' + (args.engine === 'pg' ? ' and PostgreSQL (its folder is removed)' : '') + ' …');
    await running.city?.stop();
    await stopAll();
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(130));

  const city = await startCity({
    engine: args.engine,
    sqliteFile,
    copyFrom,
    appPorts: args['app-ports'],
    nginxPort: args.port,
    pgPort: args['pg-port'],
    uploadsDir: path.join(workDir, 'uploads'),
    workDir,
  });
  running.city = city;
  console.log(`\n萤火 Yinghuo, a city on ${args.engine === 'pg' ? `PostgreSQL (${new URL(city.postgres!.url).host})` : `SQLite (${path.relative(process.cwd(), sqliteFile)})`}:`);
  console.log(`  ${city.url}   (nginx → ${city.servers.map((s) => new URL(s.url).host).join(', ')})${args.demo ? `; demo accounts in README.md, password ${DEMO_PASSWORD}` : ''}`);
  if (args.check) {
    let ok = false;
    try {
      ok = await check(city);
    } catch (error) {
      console.error(`Check failed: ${error instanceof Error ? error.message : String(error)}`);
      for (const s of city.servers) console.error(`\n--- ${s.url} output ---\n${s.log().slice(-3000)}`);
    }
    await stop(ok ? 0 : 1);
    return ok ? 0 : 1;
  }
  console.log('  Ctrl-C stops all of it.');
  return new Promise<number>(() => {});
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
