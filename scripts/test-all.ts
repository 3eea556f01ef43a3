// `npm test`: the whole suite. Everything but the Playwright suite runs side by side from the start, since no single
// command keeps two cores busy for long (a test file waits on its database, lint on one core): typecheck and lint,
// the unit tests on SQLite, the same engine-neutral files on PostgreSQL, the e2e database and the production build
// (once the typecheck is done: the build rewrites next-env.d.ts and the route types that tsc reads). The Playwright
// suite starts once all of them passed, on a quiet machine: its stories run against a clock.
// The unit tests on SQLite and the Playwright suite print as they run; the others' output is held and printed, whole,
// once that first one has ended, so the log reads as if they had run one after another. A failure starts nothing more (as `a && b` did).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPLATE_DIR_ENV } from '../db/testing';

type Command = { name: string; args: string[]; env?: Record<string, string>; after?: string[]; live?: boolean };
type Result = { name: string; code: number; output: string; seconds: number };

function run(command: Command, live: boolean): Promise<Result> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', ...command.args], {
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...command.env },
    });
    let output = '';
    if (!live) {
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    }
    child.on('close', (code, signal) => resolve({ name: command.name, code: code ?? (signal ? 1 : 0), output, seconds: (performance.now() - started) / 1000 }));
  });
}

/**
 * Runs the commands, each once those it comes `after` have passed; the `live` ones print as they run (never two at
 * once), the others' output is printed whole when no live one is running. Resolves with every result once nothing
 * more can start (a command whose predecessor failed is not started).
 */
async function schedule(commands: readonly Command[]): Promise<Result[]> {
  const results = new Map<string, Result>();
  const started = new Set<string>();
  const held: Result[] = [];
  let liveRunning = 0;
  const print = (r: Result) => {
    console.log(`\n> ${r.name}\n`);
    process.stdout.write(r.output);
  };
  return new Promise((resolve) => {
    const startReady = () => {
      for (const c of commands) {
        if (started.has(c.name) || !(c.after ?? []).every((d) => results.get(d)?.code === 0)) continue;
        started.add(c.name);
        if (c.live) liveRunning++;
        void run(c, Boolean(c.live)).then((r) => {
          results.set(c.name, r);
          if (c.live) liveRunning--;
          else held.push(r);
          if (liveRunning === 0) held.splice(0).forEach(print);
          startReady();
          if ([...started].every((n) => results.has(n))) resolve(commands.filter((x) => results.has(x.name)).map((x) => results.get(x.name)!));
        });
      }
    };
    startReady();
  });
}

async function main(): Promise<number> {
  const started = performance.now();
  process.env.E2E_SEEDED = '1';
  // Fewer bcrypt rounds for the hashes the suite makes (db/password-cost.ts): it signs in hundreds of times.
  process.env.YINGHUO_PASSWORD_COST ??= '4';
  // One folder of SQLite test templates for both unit runners: each template (the demo year among them) is built
  // once, by whichever comes first (db/testing.ts), instead of once per runner.
  const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-test-templates-'));
  process.env[TEMPLATE_DIR_ENV] = templates;
  try {
    const beforeE2e = ['test:unit (SQLite)', 'test:unit:pg (PostgreSQL)', 'typecheck', 'lint', 'build', 'e2e database'];
    const results = await schedule([
      { name: 'test:unit (SQLite)', args: ['test:unit'], live: true },
      { name: 'test:unit:pg (PostgreSQL)', args: ['test:unit:pg'] },
      { name: 'typecheck', args: ['typecheck'] },
      { name: 'lint', args: ['lint'] },
      // The typecheck above is the build's own check, test files included (next.config.ts).
      { name: 'build', args: ['build'], env: { YINGHUO_BUILD_TYPES: 'checked-by-tsc' }, after: ['typecheck'] },
      // The e2e server's fresh demo database (Playwright then only starts the server: E2E_SEEDED=1).
      { name: 'e2e database', args: ['test:e2e:seed'] },
      { name: 'e2e (Playwright)', args: ['test:e2e:built'], after: beforeE2e, live: true },
    ]);
    for (const r of results) console.log(`${r.code === 0 ? 'ok    ' : 'FAILED'} ${r.name} (${r.seconds.toFixed(0)} s)`);
    const passed = results.length === beforeE2e.length + 1 && results.every((r) => r.code === 0);
    console.log(`npm test ${passed ? 'passed' : 'failed'} in ${((performance.now() - started) / 60000).toFixed(1)} min`);
    return passed ? 0 : 1;
  } finally {
    fs.rmSync(templates, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
