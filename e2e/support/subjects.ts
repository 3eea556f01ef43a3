// Request contexts for the scope matrix's subjects: one sign-in per account, a bearer token, or nobody; and the matrix's records.
import { execFileSync } from 'node:child_process';
import { expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { DEMO_PASSWORD } from './auth';
import type { Subject } from './route-matrix';
import type { ScopeRecords } from './scope-records';

export { fillPattern, recordMarker, recordParam } from './record-params';

/** The e2e server's database (playwright.config.ts webServer.env). */
export const E2E_DATABASE = '.data/e2e.db';

/** Runs one of the support scripts against the e2e database (or another SQLite file) and parses its JSON output. */
export function runDbScript<T>(script: string, database = E2E_DATABASE): T {
  const out = execFileSync('npx', ['tsx', script], { env: { ...process.env, DATABASE_PATH: database }, encoding: 'utf8' });
  return JSON.parse(out) as T;
}

export const loadScopeRecords = (database = E2E_DATABASE) => runDbScript<ScopeRecords>('e2e/support/scope-records.ts', database);

/**
 * Signs in through next-auth's credentials endpoint, as e2e/support/auth.ts does for pages; the
 * context keeps the session cookie for every later request.
 */
export async function subjectContext(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
  subject: Subject,
  records: ScopeRecords,
): Promise<APIRequestContext> {
  if (subject === 'token') return playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${records.apiToken}` } });
  const context = await playwright.request.newContext({ baseURL });
  if (subject === 'anonymous') return context;
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await context.post('/api/auth/callback/credentials', {
    form: { csrfToken, login: subject, password: DEMO_PASSWORD, callbackUrl: '/' },
    maxRedirects: 0,
  });
  expect(response.headers().location ?? '', `sign-in of ${subject}`).not.toMatch(/error|\/login/);
  return context;
}
