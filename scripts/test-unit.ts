// `npm run test:unit [-- files…]`: every unit and integration test file (lib/, db/, scripts/, bench/) on SQLite, two files at a
// time (each file has databases of its own). The migrated empty database and the demo community are built once here,
// as template files that each test file copies (db/testing.ts), instead of once per test file: the demo alone takes
// seconds to generate and about 80 files start from it. The templates go when the run ends.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestTemplates, TEMPLATE_DIR_ENV } from '../db/testing';

// Fewer bcrypt rounds for the hashes the tests and the demo template make (db/password-cost.ts), in this process (it
// builds the templates) and in the test files it starts.
process.env.YINGHUO_PASSWORD_COST ??= '4';

export function testFiles(dirs: readonly string[], keep: (file: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(full);
      } else if (entry.name.endsWith('.test.ts') && keep(full)) {
        out.push(full);
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return out.sort();
}

/**
 * The longest test files (measured on both runners), slowest first. Node's runner starts the files in the order given,
 * two at a time: a long file that starts last ends the run on one process while the other has nothing left to do.
 */
export const SLOW_FILES: readonly string[] = [
  'scripts/deploy-scripts.test.ts',
  'db/demo/cases.test.ts',
  'lib/auth/authenticate.test.ts',
  'lib/stats/aggregates.test.ts',
  'lib/cases/list-cases.test.ts',
  'db/demo/county.test.ts',
  'lib/cases/commands.property.test.ts',
  'db/pg/migrations.test.ts',
  'lib/desk/export-stream.test.ts',
  'db/store-demo.test.ts',
  'lib/cases/commands.test.ts',
  'lib/auth/scope-matrix.test.ts',
  'lib/desk/ledger-workbook.test.ts',
  // After the first user of the demo year (aggregates above), which builds its template.
  'lib/desk/text-search.test.ts',
  'db/pg/copy.test.ts',
];

/** `files` with the known slow ones first (in SLOW_FILES's order), the rest as they were. */
export function slowFirst(files: readonly string[]): string[] {
  const rank = (f: string) => {
    const i = SLOW_FILES.indexOf(path.relative(process.cwd(), path.resolve(f)).split(path.sep).join('/'));
    return i < 0 ? SLOW_FILES.length : i;
  };
  return files.map((f, i) => ({ f, i, r: rank(f) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.f);
}

/** Runs node's test runner over `files` with the template files of this run; returns its exit code. */
export function runTests(files: readonly string[], env: NodeJS.ProcessEnv): number {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...slowFirst(files)], {
    stdio: 'inherit',
    env,
  });
  return run.status ?? 1;
}

/**
 * A temp folder holding this run's SQLite templates, removed by the returned function; or the folder that
 * YINGHUO_TEST_TEMPLATES names, shared with the other runner (scripts/test-all.ts removes it), each template
 * built there once, by whichever runner or test file comes first.
 */
export function prepareTemplates(): { dir: string; remove: () => void } {
  const shared = process.env[TEMPLATE_DIR_ENV];
  const dir = shared && fs.existsSync(shared) ? shared : fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-test-templates-'));
  const started = performance.now();
  buildTestTemplates(dir);
  console.log(`Test templates (migrated, demo community) ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { dir, remove: () => (dir === shared ? undefined : fs.rmSync(dir, { recursive: true, force: true })) };
}

function main(): number {
  const only = process.argv.slice(2);
  const files = only.length > 0 ? only : testFiles(['lib', 'db', 'scripts', 'bench']);
  const templates = prepareTemplates();
  try {
    return runTests(files, { ...process.env, [TEMPLATE_DIR_ENV]: templates.dir });
  } finally {
    templates.remove();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) process.exit(main());
