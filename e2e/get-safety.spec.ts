// GET is safe: every page and route of the scope matrix, opened by every subject as a plain GET and as a
// router prefetch would, leaves the database exactly as it was (audited views of personal data aside).
// On a production server and a database of its own (a snapshot of the suite's, with the matrix's records): nothing
// else writes to it while it looks, so it runs beside the other stories instead of alone after them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { snapshot } from './support/db-snapshot';
import { copyDemoDatabase, exited, freePort, startOwnServer } from './support/own-server';
import { httpRoutes, IN_SCOPE, OUT_OF_SCOPE, type Subject } from './support/route-matrix';
import { fillPattern, loadScopeRecords, recordParam, subjectContext } from './support/subjects';

// One subject per role (and the token, and nobody): a write on GET does not depend on which community asks.
const ASKERS: readonly Subject[] = ['anonymous', 'admin', 'shuji', 'wg01', 'dy01', 'dw01', 'token'];

// What Next's router sends when it prefetches a <Link> in view: nobody asked for these.
const PREFETCH = { RSC: '1', 'Next-Router-Prefetch': '1' };

test('no page or route answering GET writes to the database, whoever asks and however', async ({ playwright }) => {
  test.setTimeout(300_000);
  // Made in the suite's database, then copied with it; the photos stay in the suite's folder, which a GET only reads.
  const records = loadScopeRecords();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-get-safety-'));
  const databasePath = path.join(dir, 'yinghuo.db');
  await copyDemoDatabase(databasePath);
  const server = await startOwnServer({ port: await freePort(), databasePath, uploadsDir: path.resolve('.data/uploads'), timeoutMs: 180_000 });
  try {
    await getEverything(playwright, server.url, records, databasePath);
  } finally {
    server.child.kill('SIGKILL');
    await exited(server.child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function getEverything(playwright: Parameters<typeof subjectContext>[0], baseURL: string, records: ReturnType<typeof loadScopeRecords>, databasePath: string) {
  const contexts = new Map<Subject, APIRequestContext>();
  for (const subject of ASKERS) contexts.set(subject, await subjectContext(playwright, baseURL, subject, records));

  // Every route in the matrix, whatever method it is listed with: a POST-only route must answer a GET without acting.
  const urls = (subject: Subject) =>
    httpRoutes().flatMap(([key, route]) => {
      const pattern = route.path ?? key.slice(key.indexOf(' ') + 1);
      if (!route.record || route.body === 'createCase') return [pattern];
      return (['in', 'out'] as const).map((scoped) =>
        fillPattern(pattern, recordParam(records, route.record!, scoped === 'in' ? IN_SCOPE[subject] : OUT_OF_SCOPE[subject], scoped)),
      );
    });

  const before = snapshot(databasePath);
  let requests = 0;
  await Promise.all(
    [...contexts].map(async ([subject, context]) => {
      for (const url of [...new Set(urls(subject))]) {
        for (const headers of [{}, PREFETCH]) {
          const response = await context.get(url, { headers, maxRedirects: 5 });
          expect.soft(response.status(), `GET ${url} as ${subject}`).toBeLessThan(500);
          requests++;
        }
      }
    }),
  );
  const after = snapshot(databasePath);
  for (const c of contexts.values()) await c.dispose();

  const changed = Object.keys({ ...before, ...after }).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
  expect(requests).toBeGreaterThan(300);
  expect(
    changed.map((t) => ({ table: t, before: before[t], after: after[t] })),
    `${requests} GETs changed these tables (audit rows of household views are allowed and not counted)`,
  ).toEqual([]);
}
