import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

// Debian's chromium where the machine has it (Playwright cannot download its own browser
// here); otherwise Playwright's own browser, as on a developer's machine.
const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => Boolean(p && fs.existsSync(p)),
);
// Under `npm run test:e2e:at` (scripts/e2e-at.ts) the runner and the server run with libfaketime; chromium hangs
// under it, so its environment leaves that library (and only it) out of LD_PRELOAD and the browsers keep the real clock.
const preload = process.env.LD_PRELOAD ?? '';
const browserEnv = /faketime/.test(preload)
  ? {
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
        LD_PRELOAD: preload.split(/[\s:]+/).filter((lib) => lib && !/faketime/.test(lib)).join(' '),
      },
    }
  : {};
const launchOptions = systemChromium
  ? {
      ...browserEnv,
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    }
  : browserEnv;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: process.env.E2E_TRACE ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    // First, so that its few long stories (each starts servers of its own on a PostgreSQL copy) start while the
    // other projects' many short ones fill the second worker, instead of ending the run on one worker.
    // PostgreSQL (issue 12): the two-server stories again on a copy of the demo database in a throwaway cluster
    // (db/pg/testing.ts; TEST_DATABASE_URL's server when set), and the copy's statistics against its SQLite source.
    // Without PostgreSQL they are skipped with the reason; PG_TESTS_REQUIRED=1 (.ci/run) makes that a failure.
    {
      name: 'postgres',
      testMatch: [/two-servers\.spec\.ts/, /copy-stats\.spec\.ts/],
      use: { ...devices['Desktop Chrome'], launchOptions },
      metadata: { engine: 'pg' },
    },
    // Tests tagged '@phone' run only on the phone (grid workers, party members, unit liaisons and residents are on
    // their phones), '@desk' only on the desktop (secretaries and administrators at their desks, and what does not
    // depend on the device: response headers, rate limits, cookies); untagged tests run on both. The request-loop,
    // household-on-phone and visits stories are phone stories as whole files.
    {
      name: 'desktop',
      grepInvert: /@phone\b/,
      use: { ...devices['Desktop Chrome'], launchOptions },
      testIgnore: [/request-loop\.spec\.ts/, /points\.spec\.ts/, /public-board\.spec\.ts/, /reply-templates\.spec\.ts/, /dadangwei\.spec\.ts/, /household-on-phone\.spec\.ts/, /visits\.spec\.ts/, /copy-stats\.spec\.ts/],
    },
    // The secretary's desk is desktop-first (a table with bulk selection), and the pledge story changes the demo's month once. The scope matrix asks
    // over HTTP only, and the crash-recovery, two-server and GET-safety stories drive their own servers: once is enough.
    {
      name: 'mobile',
      grepInvert: /@desk\b/,
      use: { ...devices['Pixel 7'], launchOptions },
      testIgnore: [/secretary-desk\.spec\.ts/, /pledges\.spec\.ts/, /registry-import\.spec\.ts/, /org-maintenance\.spec\.ts/, /scope-matrix\.spec\.ts/, /crash-recovery\.spec\.ts/, /two-servers\.spec\.ts/, /get-safety\.spec\.ts/, /copy-stats\.spec\.ts/],
    },
  ],
  webServer: {
    // A fresh copy of the demo community in its own file, served by the production build.
    // The app's own server (scripts/serve.ts): its long keep-alive means the tests' API client
    // never reuses a socket the server is just closing (ECONNRESET).
    // E2E_SEEDED=1: `npm test` seeded .data/e2e.db already, beside the unit tests (scripts/test-all.ts).
    command: `${process.env.E2E_SEEDED === '1' ? '' : 'npx tsx scripts/seed-demo.ts --reset && '}npx tsx scripts/serve.ts -p ${PORT} -H 127.0.0.1`,
    url: `${baseURL}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      DATABASE_PATH: '.data/e2e.db',
      AUTH_SECRET: 'e2e-only-secret-not-for-production-use-000000',
      NEXT_TELEMETRY_DISABLED: '1',
      // No background job closing cases mid-run, behind the stories' backs.
      YINGHUO_JOBS: 'off',
      // Every resident in the suite submits from 127.0.0.1: the per-address hourly limit (10 by
      // default, tested in lib/http/front-server.test.ts) would otherwise depend on how many
      // resident stories ran before this one.
      YINGHUO_SUBMITS_PER_HOUR: '1000',
      // Fewer bcrypt rounds for the demo's hashes and the ones the stories make (db/password-cost.ts); a sign-in
      // checks what the stored hash says, so the seeded database decides (npm test seeds it with the same).
      YINGHUO_PASSWORD_COST: process.env.YINGHUO_PASSWORD_COST ?? '4',
    },
  },
});
