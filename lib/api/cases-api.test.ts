// Drives the real /api/v1 route handlers with Request objects against a demo database of their own, on the engine of
// this test process (npm run test:unit: SQLite; npm run test:unit:pg: PostgreSQL): the handlers' appStore() is the test's store.
import assert from 'node:assert/strict';
import { before, describe, it, mock, type TestContext } from 'node:test';
import { count, eq } from 'drizzle-orm';
import * as actionsRoute from '@/app/api/v1/cases/[number]/actions/route';
import * as caseRoute from '@/app/api/v1/cases/[number]/route';
import * as casesRoute from '@/app/api/v1/cases/route';
import * as openapiRoute from '@/app/api/v1/openapi.json/route';
import { appStore, type Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts, caseEvents, cases, categories, orgNodes } from '@/db/tables';
import { loadUser } from '@/lib/auth/load-user';
import { actorFromUser } from '@/lib/cases/actor';
import { resolveCaller } from './auth';
import { caseActionEndpoint } from './case-actions';
import { MAX_JSON_BYTES } from './http';
import { actionResultResponse, caseDetailResponse, caseListResponse, createdCaseResponse, errorResponse } from './responses';
import { apiRoute } from './route';
import { createApiToken, revokeApiToken } from './tokens';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Call = { method?: string; path: string; token?: string; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string>; params?: Record<string, string> };

async function call(handler: Handler, { method = 'GET', path: url, token, body, rawBody, headers = {}, params = {} }: Call) {
  const init: RequestInit & { duplex?: 'half' } = { method, headers: { ...headers } };
  if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  if (rawBody !== undefined) {
    init.body = rawBody;
    init.duplex = 'half';
  }
  const response = await handler(new Request(`http://localhost${url}`, init), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

const list = casesRoute.GET as Handler;
const create = casesRoute.POST as Handler;
const show = caseRoute.GET as Handler;
const act = actionsRoute.POST as Handler;

function assertError(res: { status: number; json: unknown }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  const body = errorResponse.parse(res.json);
  assert.equal(body.error.code, code);
  assert.match(body.error.message, /[\u4e00-\u9fff]/, 'messages are in Chinese');
  return body.error;
}

const storeFor = registerTestStore({ demo: true, asAppStore: true });

describe('/api/v1', () => {
  let store: Store;
  let communityToken: string; // 龙湖社区
  let gridToken: string; // 龙盛华庭 only
  let revokedToken: string;
  let buildingInGrid5: number;
  let categoryId: number;
  const caseCount = async () => (await store.db.select({ n: count() }).from(cases))[0]!.n;
  const newCase = (token: string, overrides: Record<string, unknown> = {}) =>
    call(create, { method: 'POST', path: '/api/v1/cases', token, body: { description: '3 号楼楼道灯不亮', source: 'hotline_12345', nodeId: buildingInGrid5, ...overrides } });

  let setup: Promise<void> | undefined;
  /**
   * The store with the tokens issued (once), or false when PostgreSQL is missing: then a test is skipped with the
   * reason, and a hook (no test to skip) does nothing.
   */
  async function ready(t: TestContext = { skip() {} } as unknown as TestContext): Promise<boolean> {
    const s = storeFor(t);
    if (!s) return false;
    store = s;
    setup ??= issueTokens();
    await setup;
    return true;
  }

  async function issueTokens() {
    const admin = (await loadUser(store.db, 1))!;
    const issue = async (name: string, nodeId: number) => {
      const t = await createApiToken(appStore(), admin, { name, nodeId });
      assert.ok(t.ok);
      return t;
    };
    communityToken = (await issue('12345 热线平台', 3)).secret;
    gridToken = (await issue('龙盛华庭物业', 5)).secret;
    const revoked = await issue('已停用系统', 3);
    await revokeApiToken(appStore(), admin, revoked.id);
    revokedToken = revoked.secret;
    buildingInGrid5 = (await store.db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.parentId, 5)).orderBy(orgNodes.id).limit(1))[0]!.id;
    categoryId = (await store.db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'street_light')))[0]!.id;
  }

  describe('authentication', () => {
    it('answers 401 without credentials, with a Bearer challenge', async (t) => {
      if (!(await ready(t))) return;
      const res = await call(list, { path: '/api/v1/cases' });
      assertError(res, 401, 'unauthorized');
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    });

    it('answers 401 for an unknown, malformed or revoked token, without falling back to a session', async (t) => {
      if (!(await ready(t))) return;
      assertError(await call(list, { path: '/api/v1/cases', token: revokedToken }), 401, 'unauthorized');
      assertError(await call(list, { path: '/api/v1/cases', token: `yh_${'x'.repeat(43)}` }), 401, 'unauthorized');
      assertError(await call(list, { path: '/api/v1/cases', headers: { authorization: 'Basic YWRtaW46eA==' } }), 401, 'unauthorized');
    });

    it('uses the signed-in session when no Authorization header is sent', async (t) => {
      if (!(await ready(t))) return;
      const shuji = actorFromUser((await loadUser(store.db, 3))!);
      const withCookie = new Request('http://localhost/api/v1/cases', { headers: { cookie: 'authjs.session-token=x' } });
      const resolved = await resolveCaller(appStore(), withCookie, async () => shuji);
      assert.deepEqual(resolved, { ok: true, caller: shuji });
      const signedOut = await resolveCaller(appStore(), withCookie, async () => null);
      assert.equal(signedOut.ok, false);
      const bearerWins = new Request('http://localhost/api/v1/cases', { headers: { cookie: 'a=b', authorization: 'Bearer nope' } });
      assert.equal((await resolveCaller(appStore(), bearerWins, async () => shuji)).ok, false);
    });
  });

  describe('POST /api/v1/cases', () => {
    it('logs a case and answers 201 with its number, version and the resident status link', async (t) => {
      if (!(await ready(t))) return;
      const before = await caseCount();
      const res = await newCase(communityToken, { residentName: '王秀兰', residentPhone: '13812345678' });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const body = createdCaseResponse.parse(res.json);
      assert.equal(body.status, 'submitted');
      assert.equal(body.version, 0);
      assert.match(body.statusUrl, /^\/t\/[A-Za-z0-9_-]{20,}$/);
      assert.equal(res.headers.get('location'), `/api/v1/cases/${body.number}`);
      assert.equal(await caseCount(), before + 1);
      const [row] = await store.db.select().from(cases).where(eq(cases.number, body.number));
      assert.ok(row!.apiTokenId !== null && row!.createdByAccountId === null);
      const [event] = await store.db.select().from(caseEvents).where(eq(caseEvents.caseId, row!.id));
      assert.equal(event!.actorLabel, '对接系统 12345 热线平台');
    });

    it('answers 400 in Chinese with field errors, and stores nothing, for a bad body', async (t) => {
      if (!(await ready(t))) return;
      const before = await caseCount();
      const res = await newCase(communityToken, { description: '灯', source: 'fax', nodeId: 'abc' });
      const error = assertError(res, 400, 'validation_failed');
      assert.ok(error.details?.fieldErrors.description?.[0]?.includes('至少 2 个字'));
      assert.ok(error.details?.fieldErrors.source?.length);
      assert.ok(error.details?.fieldErrors.nodeId?.length);
      assertError(await call(create, { method: 'POST', path: '/api/v1/cases', token: communityToken, rawBody: '{"description":', headers: { 'content-type': 'application/json' } }), 400, 'invalid_json');
      assertError(await call(create, { method: 'POST', path: '/api/v1/cases', token: communityToken, rawBody: 'description=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
      assert.equal(await caseCount(), before);
    });

    it('answers 413 for a body over the limit, whether or not Content-Length says so', async (t) => {
      if (!(await ready(t))) return;
      const before = await caseCount();
      const big = JSON.stringify({ description: 'x'.repeat(MAX_JSON_BYTES), source: 'patrol', nodeId: buildingInGrid5 });
      const declared = await call(create, { method: 'POST', path: '/api/v1/cases', token: communityToken, rawBody: big, headers: { 'content-type': 'application/json', 'content-length': String(big.length) } });
      assertError(declared, 413, 'payload_too_large');
      const bytes = new TextEncoder().encode(big);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
          controller.close();
        },
      });
      assertError(await call(create, { method: 'POST', path: '/api/v1/cases', token: communityToken, rawBody: stream, headers: { 'content-type': 'application/json' } }), 413, 'payload_too_large');
      assert.equal(await caseCount(), before);
    });

    it('answers 422 for a place outside the token scope', async (t) => {
      if (!(await ready(t))) return;
      const res = await newCase(gridToken, { nodeId: 6 });
      const error = assertError(res, 422, 'invalid_input');
      assert.ok(error.details?.fieldErrors.nodeId);
    });

    it('logs once per Idempotency-Key; a retry gets the same case', async (t) => {
      if (!(await ready(t))) return;
      const headers = { 'idempotency-key': 'hotline-20261124-000042' };
      const first = await call(create, { method: 'POST', path: '/api/v1/cases', token: communityToken, headers, body: { description: '重复推送的工单', source: 'hotline_12345', nodeId: 5 } });
      const before = await caseCount();
      const retry = await call(create, { method: 'POST', path: '/api/v1/cases', token: communityToken, headers, body: { description: '重复推送的工单', source: 'hotline_12345', nodeId: 5 } });
      assert.equal(first.status, 201);
      assert.equal(retry.status, 200);
      assert.equal(retry.json.number, first.json.number);
      assert.equal(await caseCount(), before);
      const other = await call(create, { method: 'POST', path: '/api/v1/cases', token: gridToken, headers, body: { description: '重复推送的工单', source: 'hotline_12345', nodeId: 5 } });
      assertError(other, 409, 'conflict');
      assertError(await call(create, { method: 'POST', path: '/api/v1/cases', token: communityToken, headers: { 'idempotency-key': 'short' }, body: {} }), 400, 'validation_failed');
    });
  });

  describe('reading cases', () => {
    let inGrid5: string;
    let inGrid6: string;
    before(async () => {
      if (!(await ready())) return;
      inGrid5 = (await newCase(communityToken, { residentPhone: '13912345678' })).json.number;
      inGrid6 = (await newCase(communityToken, { nodeId: 6, description: '龙湖花园门禁损坏' })).json.number;
    });

    it('lists only the cases in the caller scope, with filters and paging', async (t) => {
      if (!(await ready(t))) return;
      const res = await call(list, { path: '/api/v1/cases?status=submitted&status=accepted&pageSize=2', token: gridToken });
      assert.equal(res.status, 200);
      const body = caseListResponse.parse(res.json);
      assert.equal(body.pageSize, 2);
      assert.equal(body.items.length, 2);
      assert.ok(!('total' in body), 'no total unless asked for');
      assert.ok(body.items.every((c) => c.gridName === '龙盛华庭'));

      // Following nextCursor walks the filtered cases to the end, each once; count=exact says how many there are.
      const seen: string[] = [];
      let page = body;
      for (;;) {
        seen.push(...page.items.map((c) => c.number));
        if (!page.hasMore) break;
        assert.ok(page.nextCursor && seen.length < 10_000);
        page = caseListResponse.parse((await call(list, { path: `/api/v1/cases?status=submitted&status=accepted&pageSize=2&cursor=${page.nextCursor}`, token: gridToken })).json);
      }
      assert.equal(page.nextCursor, null);
      assert.equal(new Set(seen).size, seen.length);
      const counted = caseListResponse.parse((await call(list, { path: '/api/v1/cases?status=submitted&status=accepted&pageSize=2&count=exact', token: gridToken })).json);
      assert.equal(counted.total, seen.length);
      assert.deepEqual(counted.items, body.items);
      const all = caseListResponse.parse((await call(list, { path: '/api/v1/cases?pageSize=100', token: gridToken })).json);
      assert.ok(all.items.some((c) => c.number === inGrid5) && !all.items.some((c) => c.number === inGrid6));
      const community = caseListResponse.parse((await call(list, { path: '/api/v1/cases?pageSize=100', token: communityToken })).json);
      assert.ok(community.items.some((c) => c.number === inGrid6));
    });

    it('answers 400 for a bad filter', async (t) => {
      if (!(await ready(t))) return;
      const error = assertError(await call(list, { path: '/api/v1/cases?status=lost&pageSize=500', token: gridToken }), 400, 'validation_failed');
      assert.ok(error.details?.fieldErrors.status && error.details.fieldErrors.pageSize);
    });

    it('answers 400 in Chinese for a forged cursor, an unknown count, and a page number (paging is by cursor now)', async (t) => {
      if (!(await ready(t))) return;
      const forged = assertError(await call(list, { path: `/api/v1/cases?cursor=1_2%3Bdrop`, token: gridToken }), 400, 'validation_failed');
      assert.match(forged.message, /翻页位置无效/);
      const count = assertError(await call(list, { path: '/api/v1/cases?count=estimate', token: gridToken }), 400, 'validation_failed');
      assert.match(count.message, /count 只能为 exact/);
      const page = assertError(await call(list, { path: '/api/v1/cases?page=2', token: gridToken }), 400, 'validation_failed');
      assert.match(page.message, /游标分页/);
    });

    it('shows one case with its timeline, masked phone, version and the actions open to the caller', async (t) => {
      if (!(await ready(t))) return;
      const res = await call(show, { path: `/api/v1/cases/${inGrid5}`, token: gridToken, params: { number: inGrid5 } });
      assert.equal(res.status, 200);
      const body = caseDetailResponse.parse(res.json);
      assert.equal(body.residentPhone, '139****5678');
      assert.equal(body.phoneMasked, true);
      assert.equal(body.version, 0);
      assert.deepEqual(body.timeline.map((e) => e.action), ['submit']);
      assert.ok(body.actions.includes('accept') && body.actions.includes('reject'));
      assert.ok(!('id' in res.json) && !('nodePath' in res.json), 'internal fields stay inside');
    });

    it('answers 404 alike for a case out of scope, a missing case and a malformed number', async (t) => {
      if (!(await ready(t))) return;
      for (const number of [inGrid6, 'YH20991231-9999', 'DROP TABLE']) {
        assertError(await call(show, { path: `/api/v1/cases/${number}`, token: gridToken, params: { number } }), 404, 'not_found');
      }
      const acted = await call(act, { method: 'POST', path: `/api/v1/cases/${inGrid6}/actions`, token: gridToken, params: { number: inGrid6 }, body: { action: 'reject', reason: '不在本网格', version: 0 } });
      assertError(acted, 404, 'not_found');
    });
  });

  describe('POST /api/v1/cases/{number}/actions', () => {
    let number: string;
    const perform = (body: unknown, token = gridToken) => call(act, { method: 'POST', path: `/api/v1/cases/${number}/actions`, token, params: { number }, body });

    before(async () => {
      if (!(await ready())) return;
      number = (await newCase(communityToken)).json.number;
    });

    it('performs an action and answers with the new status and version', async (t) => {
      if (!(await ready(t))) return;
      const res = await perform({ action: 'accept', categoryId, urgency: 'urgent', version: 0 });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(actionResultResponse.parse(res.json), { number, status: 'accepted', version: 1 });
    });

    it('answers 409 with the current version and status when the caller saw an old version', async (t) => {
      if (!(await ready(t))) return;
      const error = assertError(await perform({ action: 'post_to_board', version: 0 }), 409, 'conflict');
      assert.deepEqual(error.current, { version: 1, status: 'accepted' });
    });

    it('answers 403 for an action the caller may not take', async (t) => {
      if (!(await ready(t))) return;
      // Handling a case oneself is for grid workers, not for a system.
      assertError(await perform({ action: 'handle_self', version: 1 }), 403, 'forbidden');
    });

    it('answers 422 when the case is not in a state for the action', async (t) => {
      if (!(await ready(t))) return;
      const error = assertError(await perform({ action: 'resolve', note: '已更换灯泡', version: 1 }), 422, 'invalid_state');
      assert.deepEqual(error.current, { version: 1, status: 'accepted' });
    });

    it('answers 422 for a target the rules refuse, and 400 for an unknown action', async (t) => {
      if (!(await ready(t))) return;
      assertError(await perform({ action: 'hand_to_unit', unitId: 99_999, version: 1 }), 422, 'invalid_input');
      const error = assertError(await perform({ action: 'teleport', version: 1 }), 400, 'validation_failed');
      assert.match(error.message, /不支持的操作/);
    });

    it('changes nothing on refusal: the version is still the one after the accept', async (t) => {
      if (!(await ready(t))) return;
      const detail = caseDetailResponse.parse((await call(show, { path: `/api/v1/cases/${number}`, token: gridToken, params: { number } })).json);
      assert.equal(detail.version, 1);
      assert.deepEqual(detail.timeline.map((e) => e.action), ['submit', 'accept']);
    });
  });

  describe('two party members claiming the same board case with their sessions', () => {
    const member = async (username: string) => {
      const [account] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username));
      return actorFromUser((await loadUser(store.db, account!.id))!);
    };
    const claim = async (username: string, number: string, version: number) =>
      caseActionEndpoint({
        store: appStore(),
        caller: await member(username),
        request: new Request(`http://localhost/api/v1/cases/${number}/actions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: 'authjs.session-token=x' },
          body: JSON.stringify({ action: 'claim', version }),
        }),
        params: { number },
      }).then(async (response) => ({ status: response.status, json: await response.json() }));

    it('the faster gets 200, the slower 409 "刚刚已被他人处理" without the case state, a member of another grid 404', async (t) => {
      if (!(await ready(t))) return;
      const number = (await newCase(communityToken)).json.number as string;
      const perform = (body: unknown) => call(act, { method: 'POST', path: `/api/v1/cases/${number}/actions`, token: communityToken, params: { number }, body });
      assert.equal((await perform({ action: 'accept', categoryId, version: 0 })).status, 200);
      assert.equal((await perform({ action: 'post_to_board', version: 1 })).status, 200);

      const faster = await claim('dy01', number, 2);
      assert.deepEqual([faster.status, faster.json.status], [200, 'in_progress']);
      const slower = assertError(await claim('dy02', number, 2), 409, 'conflict');
      assert.match(slower.message, /刚刚已被他人处理/);
      assert.equal(slower.current, undefined, 'the member learns only that it was taken');
      assertError(await claim('dy02', number, 3), 409, 'conflict');
      assertError(await claim('dy04', number, 2), 404, 'not_found');
    });
  });

  it('answers 500 with a plain message, and logs the error on the server', async (t) => {
    if (!(await ready(t))) return;
    const logged = mock.method(console, 'error', () => {});
    const broken = apiRoute('GET /broken', () => {
      throw new Error('database exploded at /secret/path');
    }) as Handler;
    const res = await call(broken, { path: '/broken', token: communityToken });
    const error = assertError(res, 500, 'internal_error');
    assert.ok(!JSON.stringify(res.json).includes('secret'));
    assert.equal(error.message, '服务器内部错误，请稍后重试。');
    assert.equal(logged.mock.callCount(), 1);
    logged.mock.restore();
  });

  it('serves the OpenAPI document without credentials', async (t) => {
    if (!(await ready(t))) return;
    const res = await openapiRoute.GET();
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string };
    assert.equal(doc.openapi, '3.1.0');
  });
});
