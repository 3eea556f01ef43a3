// Request contexts for the scope matrix's subjects: one sign-in per account, a bearer token, or nobody; and the matrix's records.
import { execFileSync } from 'node:child_process';
import { expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { DEMO_PASSWORD } from './auth';
import type { RecordKind, Subject } from './route-matrix';
import type { RecordKey, ScopeRecords } from './scope-records';

/** The e2e server's database (playwright.config.ts webServer.env). */
export const E2E_DATABASE = '.data/e2e.db';

/** Runs one of the support scripts against the e2e database and parses its JSON output. */
export function runDbScript<T>(script: string): T {
  const out = execFileSync('npx', ['tsx', script], { env: { ...process.env, DATABASE_PATH: E2E_DATABASE }, encoding: 'utf8' });
  return JSON.parse(out) as T;
}

export const loadScopeRecords = () => runDbScript<ScopeRecords>('e2e/support/scope-records.ts');

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

// Records that exist for nobody: an out-of-scope "missing" record must look exactly like these.
const MISSING = { case: 'YH19990101-9999', id: '2147483000', statusToken: 'noSuchStatusLinkToken000', intakeCode: 'noSuchIntakeCode00' };

/** The path parameter for a record: the subject's in-scope or out-of-scope one; public secrets are valid (in) or unknown (out). */
export function recordParam(records: ScopeRecords, kind: RecordKind, key: RecordKey | 'missing', scoped: 'in' | 'out'): string {
  switch (kind) {
    case 'statusToken':
      return scoped === 'in' ? records.statusToken : MISSING.statusToken;
    case 'intakeCode':
      return scoped === 'in' ? records.intakeCode : MISSING.intakeCode;
    case 'case':
      return key === 'missing' ? MISSING.case : records.cases[key];
    case 'household':
      return key === 'missing' ? MISSING.id : String(records.households[key].id);
    case 'grid':
      return key === 'missing' ? MISSING.id : String(records.grids[key].id);
    case 'photo':
      return key === 'missing' ? MISSING.id : String(records.photos[key]);
    case 'visitPhoto':
      return key === 'missing' ? MISSING.id : String(records.visitPhotos[key]);
    case 'account':
      return key === 'missing' ? MISSING.id : String(records.accounts[key].id);
  }
}

/** Text an in-scope page must show, so "200" also means "the record's content, not an empty shell". */
export function recordMarker(records: ScopeRecords, kind: RecordKind, key: RecordKey): string | null {
  switch (kind) {
    case 'case':
      return records.cases[key];
    case 'statusToken':
      return records.cases.A;
    case 'household':
      return records.households[key].address;
    case 'grid':
      return records.grids[key].name;
    case 'account':
      return records.accounts[key].username;
    default:
      return null;
  }
}

/** "/cases/[number]" + "YH…" → "/cases/YH…": every route pattern here has at most one parameter. */
export function fillPattern(pattern: string, value: string | undefined): string {
  if (value === undefined) return pattern;
  return pattern.replace(/\[[^\]]+\]/, encodeURIComponent(value));
}
