// The scope matrix (e2e/support/route-matrix.ts), asked in-process on the real database of this test process's engine:
// every page and API operation, and the route handlers that serve a record, as every subject, on its in-scope and its
// out-of-scope record. Each page's gate is read from its own source (the roles of its requireUser) and decided by the
// gate's own rule (gate.ts, which requireUser calls); what a page then loads, and when it answers "not found", is the
// page's own loader called here, and the test fails when a page stops calling the loader listed for it, or starts
// refusing (notFound/redirect) without a loader listed. API operations run their route's own endpoint (apiRoute):
// through the real handler for a token and for nobody, with the caller directly for a session (which needs Next).
// e2e/scope-matrix.spec.ts asks a sample of these over HTTP, and every other route handler, so the wiring through Next
// is proven end to end.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import * as actionsRoute from '@/app/api/v1/cases/[number]/actions/route';
import * as caseRoute from '@/app/api/v1/cases/[number]/route';
import * as casesRoute from '@/app/api/v1/cases/route';
import * as openapiRoute from '@/app/api/v1/openapi.json/route';
import type { Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { registerTestStore } from '@/db/store-testing';
import { accounts } from '@/db/tables';
import { DEFAULT_DEMO_SEED } from '@/db/demo/generate';
import { Random } from '@/db/demo/random';
import { openTestDatabase } from '@/db/testing';
import { fillPattern, recordMarker, recordParam } from '@/e2e/support/record-params';
import { httpRoutes, httpSample, IN_SCOPE, OUT_OF_SCOPE, SUBJECTS, type HttpRoute, type Outcome, type Subject } from '@/e2e/support/route-matrix';
import { makeScopeRecords, type RecordKey, type ScopeRecords } from '@/e2e/support/scope-records';
import { authenticateToken } from '@/lib/api/tokens';
import { endpointOf } from '@/lib/api/route';
import { findBoardCommunity } from '@/lib/board/board';
import { boardIdSchema } from '@/lib/board/schemas';
import { getSupporterView } from '@/lib/board/supports';
import { actorFromUser } from '@/lib/cases/actor';
import { hashToken } from '@/lib/cases/commands';
import { INTAKE_ROLES } from '@/lib/cases/intake';
import { createDemoIntakePointsSync, findActiveIntakePoint } from '@/lib/cases/intake-points';
import { readPhoto } from '@/lib/cases/photos';
import { getPublicCaseView, statusTokenSchema } from '@/lib/cases/public-view';
import { getCaseDetail, getPhotoForViewer } from '@/lib/cases/queries';
import { caseNumberSchema } from '@/lib/cases/schemas';
import type { Viewer } from '@/lib/cases/visibility';
import { needInScope } from '@/lib/cobuild/needs';
import { getProject } from '@/lib/cobuild/projects';
import { EXPORT_ROLES } from '@/lib/desk/export';
import { getHousehold } from '@/lib/org/households';
import { getPartyMemberHome } from '@/lib/org/party-members';
import { getNodeInScope, getNodeView } from '@/lib/org/queries';
import { idParamSchema, parseId } from '@/lib/org/schemas';
import { getUnitHome } from '@/lib/org/units';
import { RESIDENT_EXPORT_ROLES } from '@/lib/pipl/resident-data';
import { getActivity, publicCommunity } from '@/lib/points/activities';
import { householdOfCardInScope } from '@/lib/points/cards';
import { pointsHousehold } from '@/lib/points/ledger';
import { POINTS_ROLES } from '@/lib/points/scope';
import { getManagedAccount } from '@/lib/registry/accounts';
import { editableHousehold } from '@/lib/registry/households';
import { CHILD_KIND, mayEditNode, mayMaintainKind } from '@/lib/registry/nodes';
import { getPartyMember } from '@/lib/registry/party-members';
import { revealsIdNumbers } from '@/lib/registry/persons';
import { visitPhotoInScope } from '@/lib/visits/history';
import { householdInScope } from '@/lib/visits/record';
import { gateDecision } from './gate';
import type { CurrentUser } from './load-user';
import { loadUser } from './load-user';
import { discoverRoutes } from './route-discovery';
import { canSeeHouseholds } from './scope';
import { ORG_BROWSER_ROLES } from './roles';

// The fixture's photos go to a folder of this file's own (read when a photo is first stored or read, not at import).
const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'yinghuo-scope-matrix-uploads-'));
process.env.UPLOADS_DIR = uploads;

const fixture = openTestDatabase({ demo: true });
// As the demo seed does: the QR intake points (the public intake page's record).
createDemoIntakePointsSync(fixture.db, new Random(DEFAULT_DEMO_SEED).fork(10));
let records: ScopeRecords;
// Made in the SQLite fixture before the store opens: on PostgreSQL the store is a verified copy of it.
before(async () => {
  records = await makeScopeRecords(fixture.db);
});
// asAppStore: the API's real handlers (a token, nobody) read the process's appStore().
const storeFor = registerTestStore({ source: { file: fixture.file, sqlite: fixture.sqlite }, asAppStore: true });
after(() => {
  fixture.close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const { files } = discoverRoutes();
const sourceOf = (key: string) => fs.readFileSync(files[key]!, 'utf8');

// ---- who asks ---------------------------------------------------------------------------------------------------

type Asker = { user: CurrentUser | null; viewer: Viewer | null };

async function askers(store: Store): Promise<Map<Subject, Asker>> {
  const out = new Map<Subject, Asker>();
  for (const subject of Object.keys(SUBJECTS) as Subject[]) {
    if (subject === 'anonymous') out.set(subject, { user: null, viewer: null });
    else if (subject === 'token') out.set(subject, { user: null, viewer: await authenticateToken(store, records.apiToken) });
    else {
      const [row] = await store.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, subject)).limit(1);
      const user = row ? await loadUser(store.db, row.id) : null;
      assert.ok(user, `the demo account ${subject}`);
      out.set(subject, { user, viewer: actorFromUser(user) });
    }
  }
  return out;
}

// ---- pages: the gate from the source, then the page's loader -----------------------------------------------------

// Role lists the pages name by constant, so the check compares roles, not spelling.
const NAMED_ROLE_LISTS: Record<string, readonly Role[]> = { INTAKE_ROLES, EXPORT_ROLES, ORG_BROWSER_ROLES, POINTS_ROLES, RESIDENT_EXPORT_ROLES };

type Gate = { kind: 'public' } | { kind: 'requireUser'; roles?: readonly Role[] } | { kind: 'changingPassword' } | { kind: 'landing' };

/** The gate a page's source calls: every call of it in the file (generateMetadata too) must agree. */
function gateOf(key: string, source: string): Gate {
  const calls = [...source.matchAll(/await\s+(requireUser|requireUserChangingPassword|signedInLanding)\(([^)]*)\)/g)].map((m) => `${m[1]}(${m[2]!.trim()})`);
  const distinct = [...new Set(calls.map((c) => (c.startsWith('signedInLanding(') ? 'signedInLanding' : c)))];
  assert.ok(distinct.length <= 1, `${key}: one gate per page, found ${distinct.join(', ')}`);
  const call = distinct[0];
  if (call === undefined) return { kind: 'public' };
  if (call === 'signedInLanding') return { kind: 'landing' };
  if (call === 'requireUserChangingPassword()') return { kind: 'changingPassword' };
  const argument = /^requireUser\((.*)\)$/.exec(call)![1]!;
  if (argument === '') return { kind: 'requireUser' };
  if (argument in NAMED_ROLE_LISTS) return { kind: 'requireUser', roles: NAMED_ROLE_LISTS[argument] };
  const literal = /^\[([^\]]*)\]$/.exec(argument);
  assert.ok(literal, `${key}: cannot read the roles of requireUser(${argument}); name the constant in NAMED_ROLE_LISTS`);
  return { kind: 'requireUser', roles: literal[1]!.split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean) as Role[] };
}

type Ctx = { db: AppDb; records: ScopeRecords; now: Date };

/**
 * What a page loads after its gate, and when it answers "not found" instead: the page's own calls, in its order. `calls`
 * must each appear in the page's source, so a page that changes its loader fails here until this table follows it.
 * A falsy result is "not found"; anything else is the page shown (and must hold the record's marker, for an in-scope
 * record). `query`: the page refuses only for a query parameter the matrix does not send.
 */
type PageLoader = { calls: readonly string[]; load?: (ctx: Ctx, user: CurrentUser | null, param: string | undefined) => Promise<unknown>; query?: true };

const ok = Promise.resolve(true);
const id = (param: string | undefined) => parseId(param ?? '');

const PAGE_LOADERS: Record<string, PageLoader> = {
  'page /': { calls: ["signedInLanding((user) => ROLE_HOME[user.role])) ?? '/login'"] },
  'page /login': { calls: ['if (landing) redirect(landing)'] },
  'page /s/[code]': { calls: ['findActiveIntakePoint(db, code)', 'if (!point) notFound()'], load: (c, _u, code) => findActiveIntakePoint(c.db, code!) },
  'page /t/[token]': {
    calls: ['statusTokenSchema.safeParse(token)', 'getPublicCaseView(db, hashToken(token))', 'getSupporterView(db, hashToken(token))'],
    load: async (c, _u, token) => {
      if (!statusTokenSchema.safeParse(token).success) return null;
      return (await getPublicCaseView(c.db, hashToken(token!))) ?? (await getSupporterView(c.db, hashToken(token!)));
    },
  },
  'page /b/[id]': { calls: ['boardIdSchema.safeParse', 'findBoardCommunity(db, id.data)'], load: (c, _u, p) => board(c, p) },
  'page /b/[id]/poster': { calls: ['boardIdSchema.safeParse', 'findBoardCommunity(db, id.data)'], load: (c, _u, p) => board(c, p) },
  'page /volunteer/[communityId]': { calls: ['parseId(String(params?.communityId', 'publicCommunity(db, id)'], load: (c, _u, p) => volunteer(c, p) },
  'page /volunteer/[communityId]/ranking': { calls: ['parseId(String(params?.communityId', 'publicCommunity(db, id)'], load: (c, _u, p) => volunteer(c, p) },
  'page /cases/[number]': {
    calls: ['caseNumberSchema.safeParse(decodeURIComponent((await params).number))', 'getCaseDetail(appStore().db, actorFromUser(user), parsed.data, now)'],
    load: async (c, user, number) => {
      const parsed = caseNumberSchema.safeParse(decodeURIComponent(number!));
      return parsed.success ? getCaseDetail(c.db, actorFromUser(user!), parsed.data, c.now) : null;
    },
  },
  'page /households/[householdId]': {
    calls: ['getHousehold(db, user.scope, id, { revealIdNumbers: revealsIdNumbers(user.role), today })'],
    load: async (c, user, p) => (id(p) === null ? null : getHousehold(c.db, user!.scope, id(p)!, { revealIdNumbers: revealsIdNumbers(user!.role) })),
  },
  'page /households/[householdId]/edit': { calls: ['editableHousehold(db, user, id)'], load: (c, user, p) => editable(c, user!, p) },
  'page /households/[householdId]/care': { calls: ['editableHousehold(db, user, id)'], load: (c, user, p) => editable(c, user!, p) },
  'page /households/[householdId]/residents': { calls: ['editableHousehold(db, user, householdId)'], load: (c, user, p) => editable(c, user!, p), query: true },
  'page /households/[householdId]/points': { calls: ['pointsHousehold(db, user.scope, id)'], load: (c, user, p) => points(c, user!, p) },
  'page /households/[householdId]/card': { calls: ['pointsHousehold(db, user.scope, id)'], load: (c, user, p) => points(c, user!, p) },
  'page /work/visits/[householdId]': {
    calls: ['householdInScope(reads, user.scope, id)', "household.status !== 'occupied'"],
    load: async (c, user, p) => {
      const household = id(p) === null ? null : await householdInScope(c.db, user!.scope, id(p)!);
      return household && household.status === 'occupied' ? household : null;
    },
  },
  'page /org/[nodeId]': { calls: ['getNodeView(db, user.scope, nodeId)'], load: async (c, user, p) => (id(p) === null ? null : getNodeView(c.db, user!.scope, id(p)!)) },
  'page /org/[nodeId]/qr': {
    calls: ['getNodeInScope(db, user.scope, nodeId)', "node.kind !== 'grid' && node.kind !== 'building'"],
    load: async (c, user, p) => {
      const node = id(p) === null ? null : await getNodeInScope(c.db, user!.scope, id(p)!);
      return node && (node.kind === 'grid' || node.kind === 'building') ? node : null;
    },
  },
  'page /org/[nodeId]/edit': {
    calls: ['getNodeInScope(db, user.scope, nodeId)', 'mayEditNode(user.role, node.kind)'],
    load: async (c, user, p) => {
      const node = id(p) === null ? null : await getNodeInScope(c.db, user!.scope, id(p)!);
      return node && mayEditNode(user!.role, node.kind) ? node : null;
    },
  },
  'page /org/[nodeId]/new': {
    calls: ['getNodeInScope(db, user.scope, parentId)', 'CHILD_KIND[parent.kind]', "!parent || !kind || parent.retiredAt || !mayMaintainKind(user.role, kind) || (kind === 'building' && parent.rural)"],
    load: async (c, user, p) => {
      const parent = id(p) === null ? null : await getNodeInScope(c.db, user!.scope, id(p)!);
      const kind = parent ? CHILD_KIND[parent.kind] : undefined;
      return !parent || !kind || parent.retiredAt || !mayMaintainKind(user!.role, kind) || (kind === 'building' && parent.rural) ? null : parent;
    },
  },
  'page /admin/accounts/[accountId]': {
    calls: ['/^\\d{1,9}$/.test(accountId)', 'getManagedAccount(db, user, Number(accountId))'],
    load: async (c, user, p) => (/^\d{1,9}$/.test(p!) ? getManagedAccount(c.db, user!, Number(p)) : null),
  },
  'page /party-members/[partyMemberId]': { calls: ['getPartyMember(db, user, id)'], load: async (c, user, p) => (id(p) === null ? null : getPartyMember(c.db, user!, id(p)!)) },
  'page /points/activities/[activityId]': { calls: ['getActivity(db, user, id)'], load: async (c, user, p) => (id(p) === null ? null : getActivity(c.db, user!, id(p)!)) },
  'page /k/[token]': { calls: ['householdOfCardInScope(appStore().db, user.scope, (await params).token)'], load: (c, user, p) => householdOfCardInScope(c.db, user!.scope, p!) },
  'page /cobuild/needs/[needId]': {
    calls: ['idParamSchema.safeParse((await params).needId)', 'needInScope(db, user, id.data)'],
    load: async (c, user, p) => {
      const parsed = idParamSchema.safeParse(p);
      return parsed.success ? needInScope(c.db, user!, parsed.data) : null;
    },
  },
  'page /cobuild/projects/[projectId]': {
    calls: ['idParamSchema.safeParse((await params).projectId)', 'getProject(db, user, id.data)'],
    load: async (c, user, p) => {
      const parsed = idParamSchema.safeParse(p);
      return parsed.success ? getProject(c.db, user!, parsed.data) : null;
    },
  },
  'page /member': { calls: ['if (user.partyMemberId === null) notFound()', 'getPartyMemberHome(db, user.partyMemberId)'], load: (c, user) => member(c, user!) },
  'page /member/pledges': { calls: ['if (user.partyMemberId === null) notFound()', 'getPartyMemberHome(db, user.partyMemberId)'], load: (c, user) => member(c, user!), query: true },
  'page /unit': {
    calls: ['if (user.unitId === null) notFound()', 'getUnitHome(db, user.unitId)'],
    load: async (c, user) => (user!.unitId === null ? null : getUnitHome(c.db, user!.unitId)),
  },
  // These refuse only what a query parameter names (a grid, a household, a resident, a card, a visit): the matrix sends none.
  'page /desk/cases': { calls: ["redirect(`/cases/${typed.data}`)"], load: () => ok, query: true },
  'page /desk/stats': { calls: ['query.gridId !== undefined && !grid'], load: () => ok, query: true },
  'page /households/new': { calls: ["typeof raw === 'string'"], load: () => ok, query: true },
  'page /party-members/new': { calls: ['raw !== undefined && !resident'], load: () => ok, query: true },
  'page /points/market': { calls: ['if (card)'], load: () => ok, query: true },
  'page /work/new': { calls: ["params.mode === 'batch' && params.visit === undefined", 'params.visit !== undefined && !fromVisit'], load: () => ok, query: true },
};

async function board(c: Ctx, p: string | undefined) {
  const parsed = boardIdSchema.safeParse(p);
  return parsed.success ? findBoardCommunity(c.db, parsed.data) : null;
}
async function volunteer(c: Ctx, p: string | undefined) {
  return id(p) === null ? null : publicCommunity(c.db, id(p)!);
}
async function editable(c: Ctx, user: CurrentUser, p: string | undefined) {
  return id(p) === null ? null : editableHousehold(c.db, user, id(p)!);
}
async function points(c: Ctx, user: CurrentUser, p: string | undefined) {
  return id(p) === null ? null : pointsHousehold(c.db, user.scope, id(p)!);
}
async function member(c: Ctx, user: CurrentUser) {
  return user.partyMemberId === null ? null : getPartyMemberHome(c.db, user.partyMemberId);
}

async function pageOutcome(key: string, gate: Gate, loader: PageLoader | undefined, c: Ctx, asker: Asker, param: string | undefined): Promise<{ outcome: Outcome | 'password'; shown?: unknown }> {
  const { user } = asker;
  if (gate.kind === 'landing') return { outcome: user ? 'home' : key === 'page /' ? 'login' : 'ok' };
  if (gate.kind !== 'public') {
    const decision = gateDecision(user, gate.kind === 'requireUser' ? gate.roles : undefined, { changingPassword: gate.kind === 'changingPassword' });
    if (decision !== 'pass') return { outcome: decision };
  }
  if (!loader?.load) return { outcome: 'ok' };
  const shown = await loader.load(c, user, param);
  return shown ? { outcome: 'ok', shown } : { outcome: 'not_found' };
}

// ---- route handlers that serve a record: signed out, then the handler's loader ------------------------------------

type HandlerLoader = { calls: readonly string[]; signedOut: Outcome; load: (c: Ctx, user: CurrentUser, param: string) => Promise<unknown> };

const HANDLER_LOADERS: Record<string, HandlerLoader> = {
  'GET /api/photos/[id]': {
    calls: ['const user = await getCurrentUser();', "if (!user) return NextResponse.json({ error: '请先登录' }, { status: 401", 'getPhotoForViewer(appStore().db, actorFromUser(user), id.data)', 'readPhoto(photo.fileName)'],
    signedOut: 'unauthorized',
    load: async (c, user, p) => {
      const parsed = idParamSchema.safeParse(p);
      const photo = parsed.success ? await getPhotoForViewer(c.db, actorFromUser(user), parsed.data) : null;
      return photo ? readPhoto(photo.fileName) : null;
    },
  },
  'GET /api/visit-photos/[id]': {
    calls: ['const user = await getCurrentUser();', "if (!user) return NextResponse.json({ error: '请先登录' }, { status: 401", 'canSeeHouseholds(user.role) ? await visitPhotoInScope(appStore().db, user.scope, id.data)', 'readPhoto(photo.fileName)'],
    signedOut: 'unauthorized',
    load: async (c, user, p) => {
      const parsed = idParamSchema.safeParse(p);
      const photo = parsed.success && canSeeHouseholds(user.role) ? await visitPhotoInScope(c.db, user.scope, parsed.data) : null;
      return photo ? readPhoto(photo.fileName) : null;
    },
  },
};

// ---- API operations: the route's endpoint ----------------------------------------------------------------------

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const API_HANDLERS: Record<string, { handler: Handler; param?: string }> = {
  'GET /api/v1/cases': { handler: casesRoute.GET as Handler },
  'POST /api/v1/cases': { handler: casesRoute.POST as Handler },
  'GET /api/v1/cases/[number]': { handler: caseRoute.GET as Handler, param: 'number' },
  'POST /api/v1/cases/[number]/actions': { handler: actionsRoute.POST as Handler, param: 'number' },
};

const STATUS_OUTCOME: Record<number, Outcome> = { 200: 'ok', 201: 'created', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 422: 'invalid_input' };

async function apiOutcome(store: Store, key: string, route: HttpRoute, subject: Subject, asker: Asker, url: string, param: string | undefined): Promise<{ outcome: Outcome | number; body: string }> {
  if (key === 'GET /api/v1/openapi.json') {
    const response = openapiRoute.GET();
    return { outcome: STATUS_OUTCOME[response.status] ?? response.status, body: await response.text() };
  }
  const api = API_HANDLERS[key];
  assert.ok(api, `${key}: an API operation this test does not know; add its route's handler to API_HANDLERS`);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (subject === 'token') headers.authorization = `Bearer ${records.apiToken}`;
  let body: string | undefined;
  if (route.body === 'createCase') body = JSON.stringify({ description: '权限矩阵测试：路灯不亮', source: 'hotline_12345', nodeId: Number(param) });
  if (route.body === 'staleAction') body = JSON.stringify({ action: 'supervise', note: '权限矩阵测试', version: 999_999 });
  const request = new Request(`http://localhost${url}`, { method: key.startsWith('POST ') ? 'POST' : 'GET', headers, body });
  const params = api.param && param !== undefined ? { [api.param]: param } : {};
  let response: Response;
  if (subject === 'anonymous' || subject === 'token') {
    // The real handler: it finds the caller from the request (no cookie: nobody; a bearer token: the token's scope).
    response = await api.handler(request, { params: Promise.resolve(params) });
  } else {
    const endpoint = endpointOf(api.handler);
    assert.ok(endpoint, `${key}: its route is made by apiRoute`);
    response = await endpoint({ store, caller: asker.viewer!, request, params });
  }
  return { outcome: STATUS_OUTCOME[response.status] ?? response.status, body: await response.text() };
}

// ---- the matrix -----------------------------------------------------------------------------------------------

/** Routes this test asks in-process: pages, API operations, and route handlers with a loader above. */
const inProcess = (key: string, route: HttpRoute) => route.kind === 'page' || route.kind === 'api' || key in HANDLER_LOADERS;

describe('the scope matrix, in-process', () => {
  test('every route is asked here or over HTTP (e2e/scope-matrix.spec.ts); every listed loader is a route of the matrix', () => {
    const overHttp = new Set(httpSample().map(([k]) => k));
    const neither = httpRoutes().filter(([k, r]) => !inProcess(k, r) && !overHttp.has(k)).map(([k]) => k);
    assert.deepEqual(neither, [], 'a route handler without a record is asked over HTTP (route-matrix.ts httpSample); one with a record needs a HANDLER_LOADERS row');
    const keys = new Set(httpRoutes().map(([k]) => k));
    assert.deepEqual([...Object.keys(PAGE_LOADERS), ...Object.keys(HANDLER_LOADERS)].filter((k) => !keys.has(k)), [], 'stale loader rows');
  });

  test('every page that refuses (notFound, redirect) has its loader listed, and every page still calls what its row lists', () => {
    for (const [key, route] of httpRoutes()) {
      if (route.kind !== 'page') continue;
      const source = sourceOf(key);
      const loader = PAGE_LOADERS[key];
      if (!loader) {
        assert.ok(!/\b(notFound|redirect)\(/.test(source), `${key} answers "not found" or redirects after its gate: add its loader to PAGE_LOADERS`);
        continue;
      }
      for (const call of loader.calls) assert.ok(source.includes(call), `${key} no longer contains \`${call}\`: make PAGE_LOADERS follow the page`);
    }
    for (const [key, loader] of Object.entries(HANDLER_LOADERS)) {
      const source = sourceOf(key);
      for (const call of loader.calls) assert.ok(source.includes(call), `${key} no longer contains \`${call}\`: make HANDLER_LOADERS follow the handler`);
    }
  });

  for (const [key, route] of httpRoutes()) {
    if (!inProcess(key, route)) continue;
    test(`scope matrix: ${key}`, async (t) => {
      const store = storeFor(t);
      if (!store) return;
      const c: Ctx = { db: store.db, records, now: new Date() };
      const who = await askers(store);
      const gate = route.kind === 'page' ? gateOf(key, sourceOf(key)) : undefined;
      const pattern = route.path ?? key.slice(key.indexOf(' ') + 1);
      const wrong: string[] = [];
      for (const subject of Object.keys(SUBJECTS) as Subject[]) {
        const asker = who.get(subject)!;
        for (const scoped of route.record ? (['in', 'out'] as const) : [null]) {
          const recordKey = scoped === 'out' ? OUT_OF_SCOPE[subject] : IN_SCOPE[subject];
          const param = route.record && scoped ? recordParam(records, route.record, recordKey, scoped) : pathParam(route, key);
          const url = route.body === 'createCase' ? pattern : fillPattern(pattern, route.record ? param : undefined);
          const expected = route.expect(subject, scoped);
          const marker = route.record && scoped === 'in' && recordKey !== 'missing' ? recordMarker(records, route.record, recordKey as RecordKey) : null;
          const label = `${key} as ${subject}${scoped ? ` on its ${scoped}-of-scope record` : ''} (${url})`;
          let got: Outcome | 'password' | number;
          let shown = '';
          if (route.kind === 'page') {
            const r = await pageOutcome(key, gate!, PAGE_LOADERS[key], c, asker, param);
            got = r.outcome;
            shown = r.shown === undefined ? '' : JSON.stringify(r.shown);
          } else if (route.kind === 'api') {
            const r = await apiOutcome(store, key, route, subject, asker, url, param);
            got = r.outcome;
            shown = r.body;
            if (key === 'GET /api/v1/cases' && got === 'ok') wrong.push(...listProblems(r.body, subject, label));
          } else {
            const h = HANDLER_LOADERS[key]!;
            got = !asker.user ? h.signedOut : (await h.load(c, asker.user, param!)) ? 'ok' : 'not_found';
          }
          if (got !== expected) wrong.push(`${label}: ${got}, expected ${expected}`);
          else if (got === 'ok' && marker && route.kind !== 'handler' && !shown.includes(marker)) wrong.push(`${label}: what it shows does not hold ${marker}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  }
});

/** A concrete path's value for the key's one parameter (page /b/[id]/poster, path /b/3/poster → "3"). */
function pathParam(route: HttpRoute, key: string): string | undefined {
  if (!route.path) return undefined;
  const pattern = key.slice(key.indexOf(' ') + 1).split('/');
  const at = pattern.findIndex((s) => s.startsWith('['));
  return at < 0 ? undefined : route.path.split('?')[0]!.split('/')[at];
}

/** The API list holds the subject's in-scope case and never its out-of-scope one. */
function listProblems(body: string, subject: Subject, label: string): string[] {
  const numbers = (JSON.parse(body) as { items: { number: string }[] }).items.map((i) => i.number);
  const problems: string[] = [];
  if (!numbers.includes(records.cases[IN_SCOPE[subject]])) problems.push(`${label}: does not list its in-scope case`);
  const out = OUT_OF_SCOPE[subject];
  if (out !== 'missing' && numbers.includes(records.cases[out])) problems.push(`${label}: lists its out-of-scope case`);
  return problems;
}
