// `npm run test:e2e:at -- <instant> [playwright args]`: the built e2e suite with its server and its runner living at
// another moment, e.g. `npm run test:e2e:at -- 2027-02-28T17:00:00Z --project desktop --project mobile` (01:00 on
// 1 March in China while UTC is still in February). The demo community is generated relative to today, so what a
// page shows shifts from day to day, across month and year ends: a locator that matched one element today may match
// two on another day (the secretary's-desk story did on 2026-12-05). This runs the suite on such days before CI does.
//
// The clock is moved with libfaketime (Debian: `apt-get install faketime`), by an offset from now, so it keeps
// running and no time zone is involved. Chromium keeps the real clock (it hangs under libfaketime; playwright.config.ts
// drops the library from its environment): what the pages show is the server's, and the browsers' clocks only time
// the tests. The stories that start servers of their own (the `postgres` project) inherit the moved clock too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const LIBRARIES = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1',
  '/usr/lib/faketime/libfaketimeMT.so.1',
  '/usr/local/lib/faketime/libfaketimeMT.so.1',
];

function main(argv: string[]): number {
  const [instant, ...rest] = argv;
  const at = instant ? Date.parse(instant) : NaN;
  if (!instant || Number.isNaN(at)) {
    console.error('usage: npm run test:e2e:at -- <ISO instant, e.g. 2027-02-28T17:00:00Z> [playwright test arguments]');
    return 2;
  }
  const library = [process.env.FAKETIME_LIBRARY, ...LIBRARIES].find((p): p is string => Boolean(p && fs.existsSync(p)));
  if (!library) {
    console.error('libfaketime is not installed (Debian and Ubuntu: `apt-get install faketime`; or set FAKETIME_LIBRARY to libfaketimeMT.so.1).');
    return 2;
  }
  const offset = Math.round((at - Date.now()) / 1000);
  console.log(`e2e at ${new Date(at).toISOString()} (the clock moved by ${offset} s), with ${library}`);
  const run = spawnSync('npx', ['playwright', 'test', ...rest], {
    stdio: 'inherit',
    env: {
      ...process.env,
      LD_PRELOAD: [library, process.env.LD_PRELOAD].filter(Boolean).join(' '),
      FAKETIME: `${offset >= 0 ? '+' : ''}${offset}`,
      // Timers, timeouts and performance.now() keep real time.
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  return run.status ?? 1;
}

process.exit(main(process.argv.slice(2)));
