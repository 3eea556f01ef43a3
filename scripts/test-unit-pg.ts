// `npm run test:unit:pg`: runs the engine-neutral test files (those that use registerTestStore, db/store-testing.ts)
// again on PostgreSQL. One throwaway cluster for all of them (or TEST_DATABASE_URL's server); each file makes its
// own databases on it. Without PostgreSQL it says why and exits 0 (skipped), unless PG_TESTS_REQUIRED=1.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pgTestServerUrl } from '../db/pg/testing';

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...testFiles(full));
    } else if (entry.name.endsWith('.test.ts') && fs.readFileSync(full, 'utf8').includes('registerTestStore(')) {
      out.push(full);
    }
  }
  return out;
}

async function main(): Promise<number> {
  // `npm run test:unit:pg -- lib/x/y.test.ts …`: only those of the engine-neutral files.
  const only = process.argv.slice(2).map((f) => path.resolve(f));
  const files = [...testFiles('lib'), ...testFiles('db')].sort().filter((f) => only.length === 0 || only.includes(path.resolve(f)));
  let url: string;
  try {
    url = await pgTestServerUrl();
  } catch (error) {
    const reason = `PostgreSQL not available: ${(error as Error).message}`;
    if (process.env.PG_TESTS_REQUIRED === '1') {
      console.error(`${reason} (PG_TESTS_REQUIRED=1)`);
      return 1;
    }
    console.warn(`${reason}\nSkipped the ${files.length} engine-neutral test files on PostgreSQL (they ran on SQLite in test:unit).`);
    return 0;
  }
  console.log(`Running ${files.length} engine-neutral test files on PostgreSQL (${new URL(url).host})`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, YINGHUO_ENGINE: 'pg', TEST_DATABASE_URL: url },
  });
  return run.status ?? 1;
}

main().then((code) => process.exit(code));
