// GET is safe: every page and route of the scope matrix, opened by every subject as a plain GET and as a
// router prefetch would, leaves the database exactly as it was (audited views of personal data aside).
// On a server of its own, over a copy of the suite's demo database: the comparison of the whole database before and
// after needs a database that no other story writes to meanwhile, and so it runs beside them instead of after them all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { httpRoutes, IN_SCOPE, OUT_OF_SCOPE, type Subject } from './support/route-matrix';
import type { Snapshot } from './support/db-snapshot';
import { copyDemoDatabase, exited, freePort, startOwnServer, type OwnServer } from './support/own-server';
import { fillPattern, loadScopeRecords, recordParam, runDbScript, subjectContext } from './support/subjects';

// One subject per role (and the token, and nobody): a write on GET does not depend on which community asks.
const ASKERS: readonly Subject[] = ['anonymous', 'admin', 'shuji', 'wg01', 'dy01', 'dw01', 'token'];

// What Next's router sends when it prefetches a <Link> in view: nobody asked for these.
const PREFETCH = { RSC: '1', 'Next-Router-Prefetch': '1' };

let dir: string;
let server: OwnServer | null = null;

test.beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-get-safety-'));
});
test.afterAll(async () => {
  if (server) {
    server.child.kill('SIGKILL');
    await exited(server.child);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('no page or route answering GET writes to the database, whoever asks and however', async ({ playwright }) => {
  test.setTimeout(300_000);
  const database = path.join(dir, 'yinghuo.db');
  await copyDemoDatabase(database);
  // The suite's photo folder: the copy's photos are there (the scope records' among them, when another story made them first).
  const uploadsDir = path.resolve('.data/uploads');
  const records = loadScopeRecords(database);
  server = await startOwnServer({ port: await freePort(), databasePath: database, uploadsDir });
  const contexts = new Map<Subject, APIRequestContext>();
  for (const subject of ASKERS) contexts.set(subject, await subjectContext(playwright, server.url, subject, records));

  // Every route in the matrix, whatever method it is listed with: a POST-only route must answer a GET without acting.
  const urls = (subject: Subject) =>
    httpRoutes().flatMap(([key, route]) => {
      const pattern = route.path ?? key.slice(key.indexOf(' ') + 1);
      if (!route.record || route.body === 'createCase') return [pattern];
      return (['in', 'out'] as const).map((scoped) =>
        fillPattern(pattern, recordParam(records, route.record!, scoped === 'in' ? IN_SCOPE[subject] : OUT_OF_SCOPE[subject], scoped)),
      );
    });

  const before = runDbScript<Snapshot>('e2e/support/db-snapshot.ts', database);
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
  const after = runDbScript<Snapshot>('e2e/support/db-snapshot.ts', database);
  for (const c of contexts.values()) await c.dispose();

  const changed = Object.keys({ ...before, ...after }).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
  expect(requests).toBeGreaterThan(300);
  expect(
    changed.map((t) => ({ table: t, before: before[t], after: after[t] })),
    `${requests} GETs changed these tables (audit rows of household views are allowed and not counted)`,
  ).toEqual([]);
});
