// The scope matrix over HTTP: its sample (route-matrix.ts httpSample: one route of each kind, the entry pages' redirects,
// the CSRF refusal and every route handler without a record) × every subject × an in-scope and an out-of-scope record.
// lib/auth/scope-matrix.test.ts asks every page and API operation the same way in-process, on the real database.
// Requests only (no browser): one sign-in per account, reused for every route.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { ROLE_HOME } from '@/lib/auth/roles';
import type { Role } from '@/db/schema';
import { httpSample, IN_SCOPE, OUT_OF_SCOPE, SUBJECTS, type HttpRoute, type Outcome, type Subject } from './support/route-matrix';
import type { ScopeRecords } from './support/scope-records';
import { fillPattern, loadScopeRecords, recordMarker, recordParam, subjectContext } from './support/subjects';

// Up to 22 requests per route, each a full server render: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 120_000 });

let records: ScopeRecords;
const contexts = new Map<Subject, APIRequestContext>();

test.beforeAll(async ({ playwright }, testInfo) => {
  // The records (made once per database, photos re-encoded) and eleven sign-ins: more than 30 s on a busy machine.
  test.setTimeout(120_000);
  records = loadScopeRecords();
  const baseURL = testInfo.project.use.baseURL!;
  for (const subject of Object.keys(SUBJECTS) as Subject[]) contexts.set(subject, await subjectContext(playwright, baseURL, subject, records));
});

test.afterAll(async () => {
  for (const c of contexts.values()) await c.dispose();
});

function send(context: APIRequestContext, key: string, route: HttpRoute, url: string, gridId: string | undefined): Promise<APIResponse> {
  const method = key.startsWith('POST ') ? 'POST' : 'GET';
  if (method === 'GET') return context.get(url, { maxRedirects: 0 });
  switch (route.body) {
    case 'createCase':
      return context.post(url, { data: { description: '权限矩阵测试：路灯不亮', source: 'hotline_12345', nodeId: Number(gridId) }, maxRedirects: 0 });
    case 'staleAction':
      // A version no case has: a visible case answers 409 and nothing changes; an invisible one 404.
      return context.post(url, { data: { action: 'supervise', note: '权限矩阵测试', version: 999_999 }, maxRedirects: 0 });
    default:
      return context.post(url, { form: {}, maxRedirects: 0 });
  }
}

async function check(response: APIResponse, expected: Outcome, subject: Subject, marker: string | null, label: string) {
  const status = response.status();
  const location = response.headers().location ?? '';
  switch (expected) {
    case 'ok': {
      expect.soft(status, label).toBe(200);
      if (status === 200 && marker) expect.soft(await response.text(), `${label}: shows the record`).toContain(marker);
      return;
    }
    case 'login':
      expect.soft({ status, location }, label).toMatchObject({ status: expect.any(Number), location: expect.stringMatching(/\/login(\?|$)/) });
      expect.soft(status >= 300 && status < 400, `${label}: a redirect`).toBe(true);
      return;
    case 'home':
      expect.soft(location, label).toMatch(new RegExp(`${ROLE_HOME[SUBJECTS[subject] as Role]}$`));
      return;
    case 'csrf_refused':
      expect.soft(location, label).toContain('error=MissingCSRF');
      return;
    default: {
      const STATUS = { not_found: 404, unauthorized: 401, forbidden: 403, created: 201, conflict: 409, invalid_input: 422, method_not_allowed: 405, see_other: 303 } as const;
      expect.soft(status, label).toBe(STATUS[expected]);
    }
  }
}

for (const [key, route] of httpSample()) {
  test(`scope matrix: ${key}`, async () => {
    const pattern = route.path ?? key.slice(key.indexOf(' ') + 1);
    for (const subject of Object.keys(SUBJECTS) as Subject[]) {
      const context = contexts.get(subject)!;
      for (const scoped of route.record ? (['in', 'out'] as const) : [null]) {
        const recordKey = scoped === 'out' ? OUT_OF_SCOPE[subject] : IN_SCOPE[subject];
        const param = route.record && scoped ? recordParam(records, route.record, recordKey, scoped) : undefined;
        // The API's create takes its grid in the body, not the path.
        const inBody = route.body === 'createCase';
        const url = inBody ? pattern : fillPattern(pattern, param);
        const expected = route.expect(subject, scoped);
        const marker = route.record && scoped === 'in' && recordKey !== 'missing' ? recordMarker(records, route.record, recordKey) : null;
        const label = `${key} as ${subject}${scoped ? ` on its ${scoped}-of-scope record` : ''} (${url}) → ${expected}`;
        const response = await send(context, key, route, url, inBody ? param : undefined);
        await check(response, expected, subject, marker, label);
        if (key === 'GET /api/v1/cases' && expected === 'ok') await checkList(response, subject, label);
      }
    }
  });
}

/** The API list holds the subject's in-scope case and never its out-of-scope one. */
async function checkList(response: APIResponse, subject: Subject, label: string) {
  const numbers = ((await response.json()) as { items: { number: string }[] }).items.map((i) => i.number);
  expect.soft(numbers, `${label}: lists its in-scope case`).toContain(records.cases[IN_SCOPE[subject]]);
  const out = OUT_OF_SCOPE[subject];
  if (out !== 'missing') expect.soft(numbers, `${label}: never lists its out-of-scope case`).not.toContain(records.cases[out]);
}
