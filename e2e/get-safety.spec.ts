// GET is safe: every page and route of the scope matrix, opened by every subject as a plain GET and as a
// router prefetch would, leaves the database exactly as it was (audited views of personal data aside).
import { expect, test, type APIRequestContext } from '@playwright/test';
import { httpRoutes, IN_SCOPE, OUT_OF_SCOPE, type Subject } from './support/route-matrix';
import type { Snapshot } from './support/db-snapshot';
import { fillPattern, loadScopeRecords, recordParam, runDbScript, subjectContext } from './support/subjects';

// One subject per role (and the token, and nobody): a write on GET does not depend on which community asks.
const ASKERS: readonly Subject[] = ['anonymous', 'admin', 'shuji', 'wg01', 'dy01', 'dw01', 'token'];

// What Next's router sends when it prefetches a <Link> in view: nobody asked for these.
const PREFETCH = { RSC: '1', 'Next-Router-Prefetch': '1' };

test('no page or route answering GET writes to the database, whoever asks and however', async ({ playwright }, testInfo) => {
  test.setTimeout(300_000);
  const records = loadScopeRecords();
  const contexts = new Map<Subject, APIRequestContext>();
  for (const subject of ASKERS) contexts.set(subject, await subjectContext(playwright, testInfo.project.use.baseURL!, subject, records));

  // Every route in the matrix, whatever method it is listed with: a POST-only route must answer a GET without acting.
  const urls = (subject: Subject) =>
    httpRoutes().flatMap(([key, route]) => {
      const pattern = route.path ?? key.slice(key.indexOf(' ') + 1);
      if (!route.record || route.body === 'createCase') return [pattern];
      return (['in', 'out'] as const).map((scoped) =>
        fillPattern(pattern, recordParam(records, route.record!, scoped === 'in' ? IN_SCOPE[subject] : OUT_OF_SCOPE[subject], scoped)),
      );
    });

  const before = runDbScript<Snapshot>('e2e/support/db-snapshot.ts');
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
  const after = runDbScript<Snapshot>('e2e/support/db-snapshot.ts');
  for (const c of contexts.values()) await c.dispose();

  const changed = Object.keys({ ...before, ...after }).filter((t) => JSON.stringify(before[t]) !== JSON.stringify(after[t]));
  expect(requests).toBeGreaterThan(300);
  expect(
    changed.map((t) => ({ table: t, before: before[t], after: after[t] })),
    `${requests} GETs changed these tables (audit rows of household views are allowed and not counted)`,
  ).toEqual([]);
});
