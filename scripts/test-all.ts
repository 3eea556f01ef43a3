// `npm test`: the whole suite in three stages, each stage's commands side by side, since no single one of them keeps
// two cores busy (a test file waits on its database, the e2e server on the browser): typecheck and lint; the unit
// tests on SQLite, the same engine-neutral files on PostgreSQL and the production build; then the Playwright suite.
// The first command of a stage prints as it runs; the others' output is held and printed, whole, when they end, so
// the log reads as if they had run one after another. A stage that fails stops the run (as `a && b` did).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEMPLATE_DIR_ENV } from '../db/testing';

type Command = { name: string; args: string[] };

function run(command: Command, live: boolean): Promise<{ name: string; code: number; output: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', ...command.args], { stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    if (!live) {
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    }
    child.on('close', (code, signal) => resolve({ name: command.name, code: code ?? (signal ? 1 : 0), output, seconds: (performance.now() - started) / 1000 }));
  });
}

async function stage(commands: Command[]): Promise<boolean> {
  const [first, ...rest] = commands;
  const held = rest.map((c) => run(c, false));
  const results = [await run(first!, true)];
  for (const r of held) {
    const result = await r;
    console.log(`\n> ${result.name}\n`);
    process.stdout.write(result.output);
    results.push(result);
  }
  for (const r of results) console.log(`${r.code === 0 ? 'ok    ' : 'FAILED'} ${r.name} (${r.seconds.toFixed(0)} s)`);
  return results.every((r) => r.code === 0);
}

async function main(): Promise<number> {
  const started = performance.now();
  process.env.E2E_SEEDED = '1';
  // One folder of SQLite test templates for both unit runners: each template (the demo year among them) is built
  // once, by whichever comes first (db/testing.ts), instead of once per runner.
  const templates = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-test-templates-'));
  process.env[TEMPLATE_DIR_ENV] = templates;
  try {
    return await stages(started);
  } finally {
    fs.rmSync(templates, { recursive: true, force: true });
  }
}

async function stages(started: number): Promise<number> {
  const stages: Command[][] = [
    [
      { name: 'lint', args: ['lint'] },
      { name: 'typecheck', args: ['typecheck'] },
    ],
    [
      { name: 'test:unit (SQLite)', args: ['test:unit'] },
      { name: 'test:unit:pg (PostgreSQL)', args: ['test:unit:pg'] },
      { name: 'build', args: ['build'] },
      // The e2e server's fresh demo database (the e2e stage then only starts the server: E2E_SEEDED=1).
      { name: 'e2e database', args: ['test:e2e:seed'] },
    ],
    [{ name: 'e2e (Playwright)', args: ['test:e2e:built'] }],
  ];
  for (const commands of stages) {
    if (!(await stage(commands))) {
      console.log(`npm test failed after ${((performance.now() - started) / 60000).toFixed(1)} min`);
      return 1;
    }
  }
  console.log(`npm test passed in ${((performance.now() - started) / 60000).toFixed(1)} min`);
  return 0;
}

main().then((code) => process.exit(code));
