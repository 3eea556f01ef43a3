// The scope matrix: every page, route handler, API operation and server action, with who may reach it and on which records.
//
// One line per route. A route missing here fails lib/auth/route-matrix.test.ts (it walks app/ and
// the OpenAPI document); lib/auth/scope-matrix.test.ts then asks every subject below for every page,
// API operation and record-serving handler, on an in-scope and an out-of-scope record, in-process on
// the real database; e2e/scope-matrix.spec.ts asks a sample of them and every other handler over HTTP
// (httpSample), and e2e/get-safety.spec.ts GETs them all.
import type { Role } from '@/db/schema';
import type { RecordKey } from './scope-records';

/** Who asks: the demo accounts of every role (README), an integration token for grid B, and nobody. */
export const SUBJECTS = {
  anonymous: 'anonymous',
  admin: 'admin',
  zhenshuji: 'secretary', // township: both communities
  shuji: 'secretary', // 龙湖社区
  fqshuji: 'secretary', // 府前社区
  wg01: 'grid_worker', // 龙盛华庭 (grid A)
  wg02: 'grid_worker', // 龙湖花园 (grid C)
  dy01: 'party_member', // claimed case A
  dw01: 'unit_liaison', // case A was handed to their unit once
  dw02: 'unit_liaison', // handles case C
  token: 'integration', // an API token scoped to 府前花园 (grid B)
} as const satisfies Record<string, Role | 'anonymous' | 'integration'>;
export type Subject = keyof typeof SUBJECTS;

/** For each subject, a record it may see and one it may not ("missing": it sees every record, so the other is one that does not exist). */
export const IN_SCOPE: Record<Subject, RecordKey> = {
  anonymous: 'A', admin: 'A', zhenshuji: 'A', shuji: 'A', fqshuji: 'B', wg01: 'A', wg02: 'C', dy01: 'A', dw01: 'A', dw02: 'C', token: 'B',
};
export const OUT_OF_SCOPE: Record<Subject, RecordKey | 'missing'> = {
  anonymous: 'B', admin: 'missing', zhenshuji: 'missing', shuji: 'B', fqshuji: 'A', wg01: 'C', wg02: 'A', dy01: 'C', dw01: 'C', dw02: 'A', token: 'A',
};

/** What a request must come back with. */
export type Outcome =
  | 'ok' // 200 with the record's content
  | 'not_found' // 404: absent, out of scope and forbidden pages look the same
  | 'login' // redirect to /login
  | 'home' // redirect to the signed-in subject's home page
  | 'unauthorized' // 401 (API, photos)
  | 'forbidden' // 403 (API: signed in, but the role may not)
  | 'created' // 201 (API: logged a case)
  | 'conflict' // 409: the case is visible (the test sends a stale version, so nothing changes)
  | 'invalid_input' // 422: the rules refuse the input (e.g. a place outside the caller's scope)
  | 'csrf_refused' // next-auth: a POST without its CSRF token
  | 'see_other' // 303: a form POST sent back to its page with a message (e.g. nothing to export)
  | 'method_not_allowed'; // 405: a download that must be an explicit POST, asked for by GET (a link or a prefetch)

/** The record a route's URL or body points at; "public" records are unguessable secrets, not scope. */
export type RecordKind = 'case' | 'household' | 'grid' | 'photo' | 'visitPhoto' | 'statusToken' | 'intakeCode' | 'account';
type Scoped = 'in' | 'out';

export type HttpRoute = {
  kind: 'page' | 'handler' | 'api';
  /** The record in the path; the route is then asked once per record (in scope and out of scope). */
  record?: RecordKind;
  expect: (subject: Subject, scoped: Scoped | null) => Outcome;
  /** A POST's body, given the record it targets (default: none). */
  body?: 'createCase' | 'staleAction' | 'exportForm' | 'empty';
  /** A concrete URL for a route whose pattern alone cannot be requested (a catch-all). */
  path?: string;
};

export type ServerAction = {
  kind: 'action';
  /** The roles its requireUser() admits, or why anyone may call it. */
  gate: { roles: readonly Role[] | 'any_staff' } | { public: string };
};

export type RouteSpec = HttpRoute | ServerAction;

export const STAFF_ROLES = ['admin', 'secretary', 'grid_worker', 'party_member', 'unit_liaison'] as const satisfies readonly Role[];
const roleOf = (s: Subject) => SUBJECTS[s];
const isStaff = (s: Subject) => s !== 'anonymous' && s !== 'token';

// ---- rules: each route below is one of these -------------------------------------------------

/** A signed-in page for some roles; every other role gets "not found", signed-out people the sign-in page. */
function staffPage(roles: readonly Role[], record?: RecordKind): HttpRoute {
  return {
    kind: 'page',
    record,
    expect: (s, scoped) => (!isStaff(s) ? 'login' : !roles.includes(roleOf(s) as Role) ? 'not_found' : scoped === 'out' ? 'not_found' : 'ok'),
  };
}

/** A page for residents: no account; its secret record is either valid (in) or not (out). */
function publicPage(record?: RecordKind): HttpRoute {
  return { kind: 'page', record, expect: (_s, scoped) => (scoped === 'out' ? 'not_found' : 'ok') };
}

/** /api/v1 with a session or a token: 401 without either, then the case's visibility decides. */
function api(record: RecordKind | undefined, inScope: Outcome, opts: Pick<HttpRoute, 'body'> & { roles?: readonly (Role | 'integration')[] } = {}): HttpRoute {
  return {
    kind: 'api',
    record,
    body: opts.body,
    expect: (s, scoped) => {
      if (s === 'anonymous') return 'unauthorized';
      if (opts.roles && !opts.roles.includes(roleOf(s) as Role)) return 'forbidden';
      return scoped === 'out' ? (record === 'grid' ? 'invalid_input' : 'not_found') : inScope;
    },
  };
}

/**
 * The .xlsx exports: secretaries and administrators only; as form POSTs (GET is safe and never
 * exports). `path` narrows the queue to a few rows: the whole queue takes seconds to write.
 */
const exportRoute = (path: string): HttpRoute => ({
  kind: 'handler',
  path,
  body: 'exportForm',
  expect: (s) => (!isStaff(s) ? 'login' : roleOf(s) === 'secretary' || roleOf(s) === 'admin' ? 'ok' : 'not_found'),
});

const action = (gate: ServerAction['gate']): ServerAction => ({ kind: 'action', gate });

// ---- the matrix ----------------------------------------------------------------------------

/**
 * Keys: "page /path", "GET /path" (route handlers and API operations; OpenAPI's {param} is
 * written [param]), "action <file>#<export>". Route groups like (staff) are left out of paths.
 */
export const ROUTE_MATRIX: Record<string, RouteSpec> = {
  // pages
  'page /': { kind: 'page', expect: (s) => (isStaff(s) ? 'home' : 'login') },
  'page /login': { kind: 'page', expect: (s) => (isStaff(s) ? 'home' : 'ok') },
  'page /s/[code]': publicPage('intakeCode'),
  'page /t/[token]': publicPage('statusToken'),
  // The community's public board (issue 14): 龙湖社区 is node 3 of the demo tree (county, township, community).
  'page /b/[id]': { kind: 'page', path: '/b/3', expect: () => 'ok' },
  'page /b/[id]/poster': { kind: 'page', path: '/b/3/poster', expect: () => 'ok' },
  // 认领 from the wall (a plain form, the board has no scripts): a party member's claim through the lifecycle; the
  // empty form names no wish, so the member is sent to the claim board (303); nobody else may claim.
  'POST /b/[id]/claim': {
    kind: 'handler',
    path: '/b/3/claim',
    expect: (s) => (!isStaff(s) ? 'login' : roleOf(s) === 'party_member' ? 'see_other' : 'not_found'),
  },
  'GET /b/[id]/claim': { kind: 'handler', path: '/b/3/claim', expect: () => 'method_not_allowed' },
  'page /admin': staffPage(['admin']),
  'page /admin/limits': staffPage(['admin']),
  'page /admin/tokens': staffPage(['admin']),
  'page /admin/audit': staffPage(['admin']),
  'page /admin/sessions': staffPage(['admin']),
  'page /account/password': staffPage(STAFF_ROLES),
  'page /me': staffPage(STAFF_ROLES),
  'page /admin/privacy': staffPage(['admin']),
  'page /desk/residents': staffPage(['secretary', 'admin']),
  'page /cases/[number]': staffPage(STAFF_ROLES, 'case'),
  'page /desk': staffPage(['secretary']),
  'page /desk/cases': staffPage(['secretary', 'admin']),
  'page /desk/exports': staffPage(['secretary', 'admin']),
  'page /desk/report': staffPage(['secretary', 'admin']),
  'page /desk/stats': staffPage(['secretary', 'admin']),
  'page /desk/templates': staffPage(['secretary', 'admin']),
  'page /households/[householdId]': staffPage(['admin', 'secretary', 'grid_worker'], 'household'),
  'page /member': staffPage(['party_member']),
  'page /member/board': staffPage(['party_member']),
  'page /notifications': staffPage(STAFF_ROLES),
  'page /org': staffPage(['admin', 'secretary']),
  'page /org/[nodeId]': staffPage(['admin', 'secretary', 'grid_worker'], 'grid'),
  'page /org/[nodeId]/qr': staffPage(['admin', 'secretary'], 'grid'),
  'page /unit': staffPage(['unit_liaison']),
  'page /work': staffPage(['grid_worker']),
  'page /work/grids': staffPage(['grid_worker']),
  'page /work/new': staffPage(['grid_worker', 'secretary', 'admin', 'party_member']),
  // people (issue 10): households ★, residents ★, care tags ★, party members and 党员中心户.
  'page /households/new': staffPage(['admin', 'secretary', 'grid_worker']),
  'page /households/[householdId]/edit': staffPage(['admin', 'secretary', 'grid_worker'], 'household'),
  'page /households/[householdId]/care': staffPage(['admin', 'secretary', 'grid_worker'], 'household'),
  'page /households/[householdId]/residents': staffPage(['admin', 'secretary', 'grid_worker'], 'household'),
  'page /party-members': staffPage(['admin', 'secretary']),
  'page /party-members/new': staffPage(['admin', 'secretary']),
  // No party-member fixture record: an id that does not exist is "not found" for every role that may use the page.
  'page /party-members/[partyMemberId]': { kind: 'page', path: '/party-members/2147483000', expect: (s) => (!isStaff(s) ? 'login' : 'not_found') },

  // points branch (issue 14 part 3): volunteer activities, the household's points and card, the 文明超市, the rules.
  'page /points': staffPage(['admin', 'secretary', 'grid_worker']),
  'page /points/activities/new': staffPage(['admin', 'secretary', 'grid_worker']),
  // No activity fixture record: an id that does not exist is "not found" for every role that may use the page.
  'page /points/activities/[activityId]': { kind: 'page', path: '/points/activities/2147483000', expect: (s) => (!isStaff(s) ? 'login' : 'not_found') },
  'page /points/market': staffPage(['admin', 'secretary', 'grid_worker']),
  'page /points/rules': staffPage(['admin']),
  'page /households/[householdId]/points': staffPage(['admin', 'secretary', 'grid_worker'], 'household'),
  'page /households/[householdId]/card': staffPage(['admin', 'secretary', 'grid_worker'], 'household'),
  // A card's QR link: staff only; an unknown card is "not found" for everyone signed in.
  'page /k/[token]': { kind: 'page', path: '/k/ROUTEMATRIXUNKNOWNCARD', expect: (s) => (!isStaff(s) ? 'login' : 'not_found') },
  // A community's public pages (the demo's 龙湖社区 is node 3): no account, nothing personal.
  'page /volunteer/[communityId]': { kind: 'page', path: '/volunteer/3', expect: () => 'ok' },
  // A resident's sign-up, posted to the page itself (no account): the activity is looked up again under the community
  // and the throttle applies; the empty form is refused as invalid input. A handler of no record (the Pages Router
  // page's own POST, which the in-process matrix cannot call): proven over HTTP (httpSample).
  'POST /volunteer/[communityId]': { kind: 'handler', path: '/volunteer/3', expect: () => 'invalid_input' },
  'page /volunteer/[communityId]/ranking': { kind: 'page', path: '/volunteer/3/ranking', expect: () => 'ok' },

  // visits branch (民情账本): 今日走访 and the visit form for grid workers, the intervals for the admin.
  'page /work/visits': staffPage(['grid_worker']),
  'page /work/visits/[householdId]': staffPage(['grid_worker'], 'household'),
  'page /admin/visits': staffPage(['admin']),
  // A visit's photo goes with its household: whoever may see the household in scope sees it.
  'GET /api/visit-photos/[id]': {
    kind: 'handler',
    record: 'visitPhoto',
    expect: (s, scoped) =>
      !isStaff(s) ? 'unauthorized' : !['admin', 'secretary', 'grid_worker'].includes(roleOf(s)) ? 'not_found' : scoped === 'out' ? 'not_found' : 'ok',
  },
  'action app/(staff)/work/visits/[householdId]/actions.ts#recordVisitAction': action({ roles: ['grid_worker'] }),
  'action app/(staff)/admin/visits/actions.ts#saveVisitIntervalsAction': action({ roles: ['admin'] }),
  // points branch (issue 14 part 3)
  'action app/(staff)/points/actions.ts#createActivityAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/points/actions.ts#cancelActivityAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/points/actions.ts#confirmAttendanceAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/points/actions.ts#confirmByCardAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/points/actions.ts#saveRulesAction': action({ roles: ['admin'] }),
  'action app/(staff)/points/actions.ts#createGoodsAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/points/actions.ts#updateGoodsAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/points/actions.ts#redeemAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/points/actions.ts#awardPointsAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/points/actions.ts#issueCardAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  // branch setup: account management (lib/registry/accounts.ts); the account records are wg01 (A), wg21 (B), wg02 (C).
  'page /admin/accounts': staffPage(['admin', 'secretary']),
  'page /admin/accounts/new': staffPage(['admin', 'secretary']),
  'page /admin/accounts/[accountId]': staffPage(['admin', 'secretary'], 'account'),
  'page /work/new/batch': staffPage(['grid_worker', 'secretary', 'admin', 'party_member']),

  // route handlers
  'GET /api/photos/[id]': {
    kind: 'handler',
    record: 'photo',
    // A photo belongs to its case: a dy01 or dw01 who may see case A sees its photo, nobody sees another's.
    expect: (s, scoped) => (!isStaff(s) ? 'unauthorized' : scoped === 'out' ? 'not_found' : 'ok'),
  },
  // Exports are POST only: a GET must never build a file or log an export (CONVENTIONS "GET is safe").
  'POST /desk/export': exportRoute('/desk/export?status=submitted'),
  'POST /desk/ledger': exportRoute('/desk/ledger'),
  // A resident's data (PIPL access request): an empty form is sent back with a message.
  'POST /desk/residents/export': {
    kind: 'handler',
    body: 'empty',
    expect: (s) => (!isStaff(s) ? 'login' : roleOf(s) === 'secretary' || roleOf(s) === 'admin' ? 'see_other' : 'not_found'),
  },
  // Monitoring: public, no personal data.
  'GET /healthz': { kind: 'handler', expect: () => 'ok' },
  // A photo staff chose for a published item; anything else (here: no such photo) is 404 for everyone.
  'GET /api/board-photos/[id]': { kind: 'handler', path: '/api/board-photos/999999', expect: () => 'not_found' },
  // A GET (a link, a prefetch) builds nothing and logs nothing, whoever asks.
  'GET /desk/export': { kind: 'handler', expect: () => 'method_not_allowed' },
  'GET /desk/ledger': { kind: 'handler', path: '/desk/ledger?month=2026-10', expect: () => 'method_not_allowed' },
  // ---- excel branch: registry ledgers in and out (lib/registry/import, lib/registry/export-ledgers.ts) ----
  'page /registry/import': staffPage(['admin', 'secretary']),
  // An empty template holds no personal data and writes nothing: a plain GET download.
  'GET /registry/import/template/[ledger]': {
    kind: 'handler',
    path: '/registry/import/template/households',
    expect: (s) => (!isStaff(s) ? 'login' : roleOf(s) === 'secretary' || roleOf(s) === 'admin' ? 'ok' : 'not_found'),
  },
  // The export is audited: POST only; the scope matrix's export form names no community, so it is refused as "not found".
  'POST /registry/export': {
    kind: 'handler',
    body: 'exportForm',
    expect: (s) => (!isStaff(s) ? 'login' : 'not_found'),
  },
  'GET /registry/export': { kind: 'handler', expect: () => 'method_not_allowed' },
  'action app/(staff)/registry/import/actions.ts#importStepAction': action({ roles: ['admin', 'secretary'] }),
  // ---- end of the excel branch's rows ----
  // next-auth's own endpoints: public by nature; a POST without the CSRF token is refused.
  'GET /api/auth/[...nextauth]': { kind: 'handler', path: '/api/auth/session', expect: () => 'ok' },
  'POST /api/auth/[...nextauth]': { kind: 'handler', path: '/api/auth/callback/credentials', body: 'empty', expect: () => 'csrf_refused' },

  // API operations (lib/api/openapi.ts)
  // The fixture cases are all in progress; the filter keeps them on the first page whatever else the suite logs.
  'GET /api/v1/cases': { ...api(undefined, 'ok'), path: '/api/v1/cases?status=in_progress&pageSize=100' },
  'POST /api/v1/cases': api('grid', 'created', { body: 'createCase', roles: ['admin', 'secretary', 'grid_worker', 'party_member', 'integration'] }),
  'GET /api/v1/cases/[number]': api('case', 'ok'),
  'POST /api/v1/cases/[number]/actions': api('case', 'conflict', { body: 'staleAction' }),
  'GET /api/v1/openapi.json': { kind: 'api', expect: () => 'ok' },

  // server actions
  'action app/(public)/login/actions.ts#signInAction': action({ public: 'signing in is how one becomes signed in' }),
  'action app/(public)/s/[code]/actions.ts#submitRequest': action({ public: "a resident's submission; the QR code is looked up again and the throttle applies" }),
  'action app/(public)/t/[token]/actions.ts#rateCase': action({ public: 'holding the private status link is the authorisation' }),
  'action app/(public)/t/[token]/actions.ts#rateSupport': action({ public: "holding the supporter's private status link is the authorisation" }),
  'action app/(public)/s/[code]/actions.ts#supportRequest': action({ public: "a resident's 附议; the QR code and the publication are looked up again, once per device, throttled per address" }),
  'action app/(staff)/cases/[number]/actions.ts#publishCaseAction': action({ roles: ['secretary', 'admin'] }),
  'action app/(staff)/cases/[number]/actions.ts#withdrawPublicationAction': action({ roles: ['secretary', 'admin'] }),
  'action app/(staff)/actions.ts#signOutAction': action({ public: 'signing out needs nobody to be signed in' }),
  'action app/(staff)/admin/limits/actions.ts#saveTimeLimitsAction': action({ roles: ['admin'] }),
  'action app/(staff)/admin/privacy/actions.ts#saveRetentionAction': action({ roles: ['admin'] }),
  'action app/(staff)/admin/privacy/actions.ts#purgeNowAction': action({ roles: ['admin'] }),
  'action app/(staff)/admin/sessions/actions.ts#endAccountSessionsAction': action({ roles: ['admin'] }),
  'action app/(staff)/account/password/actions.ts#changePasswordAction': action({ roles: 'any_staff' }),
  'action app/(staff)/admin/tokens/actions.ts#createTokenAction': action({ roles: ['admin'] }),
  'action app/(staff)/admin/tokens/actions.ts#revokeTokenAction': action({ roles: ['admin'] }),
  'action app/(staff)/cases/[number]/actions.ts#performCaseAction': action({ roles: 'any_staff' }),
  'action app/(staff)/cases/[number]/actions.ts#markCaseSeenAction': action({ roles: 'any_staff' }),
  'action app/(staff)/desk/cases/actions.ts#bulkCaseAction': action({ roles: ['secretary', 'admin'] }),
  'action app/(staff)/desk/cases/actions.ts#loadBulkAssignees': action({ roles: ['secretary', 'admin'] }),
  'action app/(staff)/notifications/actions.ts#markAllReadAction': action({ roles: 'any_staff' }),
  'action app/(staff)/org/[nodeId]/qr/actions.ts#createMissingIntakePoints': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/work/new/actions.ts#submitCaseAction': action({ roles: ['grid_worker', 'secretary', 'admin', 'party_member'] }),
  'action app/(staff)/work/new/actions.ts#submitBatchAction': action({ roles: ['grid_worker', 'secretary', 'admin', 'party_member'] }),
  'action app/(staff)/work/new/actions.ts#findHouseholdsAction': action({ roles: ['grid_worker', 'secretary', 'admin', 'party_member'] }),
  // people (issue 10)
  'action app/(staff)/households/actions.ts#createHouseholdAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/households/actions.ts#updateHouseholdAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/households/actions.ts#setHouseholdStatusAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/households/actions.ts#saveCareTagsAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/households/actions.ts#createResidentAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/households/actions.ts#updateResidentAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/households/actions.ts#setResidentStatusAction': action({ roles: ['admin', 'secretary', 'grid_worker'] }),
  'action app/(staff)/households/actions.ts#assignCentralHouseholdAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/party-members/actions.ts#registerPartyMemberAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/party-members/actions.ts#updatePartyMemberAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/party-members/actions.ts#transferOutPartyMemberAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/party-members/actions.ts#createCentralHouseholdAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/party-members/actions.ts#removeCentralHouseholdAction': action({ roles: ['admin', 'secretary'] }),
  // branch setup: account management
  'action app/(staff)/admin/accounts/actions.ts#createAccountAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/admin/accounts/actions.ts#updateAccountAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/admin/accounts/actions.ts#resetPasswordAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/admin/accounts/actions.ts#setAccountActiveAction': action({ roles: ['admin', 'secretary'] }),

  // ---- branch "tree": maintaining the org tree and the units (lib/registry/nodes.ts, units.ts) ----
  'page /org/[nodeId]/edit': staffPage(['admin', 'secretary'], 'grid'),
  'page /org/[nodeId]/new': staffPage(['admin', 'secretary'], 'grid'),
  'page /org/units': staffPage(['admin', 'secretary']),
  'action app/(staff)/org/[nodeId]/new/actions.ts#createNodeAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/org/[nodeId]/edit/actions.ts#updateNodeAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/org/[nodeId]/edit/actions.ts#setLeaderAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/org/[nodeId]/edit/actions.ts#moveNodeAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/org/[nodeId]/edit/actions.ts#retireNodeAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/org/units/actions.ts#createUnitAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/org/units/actions.ts#updateUnitAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/org/units/actions.ts#setUnitActiveAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/desk/templates/actions.ts#createTemplateAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/desk/templates/actions.ts#updateTemplateAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/desk/templates/actions.ts#setTemplateActiveAction': action({ roles: ['admin', 'secretary'] }),

  // ---- branch "pledge": 党员每月一件事 (lib/pledges) ----
  'page /member/pledges': staffPage(['party_member']),
  'page /desk/pledges': staffPage(['secretary']),
  'page /desk/pledges/items': staffPage(['secretary']),
  'page /desk/pledges/evaluate': staffPage(['secretary']),
  'page /desk/pledges/results': staffPage(['secretary']),
  // The year's evaluation as .xlsx: the secretaries' (the cycle is the party organisation's, not the administrator's).
  'POST /desk/pledges/export': { kind: 'handler', body: 'empty', expect: (s) => (!isStaff(s) ? 'login' : roleOf(s) === 'secretary' ? 'ok' : 'not_found') },
  'GET /desk/pledges/export': { kind: 'handler', expect: () => 'method_not_allowed' },
  'action app/(staff)/member/pledges/actions.ts#pledgeAction': action({ roles: ['party_member'] }),
  'action app/(staff)/member/pledges/actions.ts#progressAction': action({ roles: ['party_member'] }),
  'action app/(staff)/member/pledges/actions.ts#dismissReminderAction': action({ roles: ['party_member'] }),
  'action app/(staff)/desk/pledges/actions.ts#remindAction': action({ roles: ['secretary'] }),
  'action app/(staff)/desk/pledges/actions.ts#reviewAction': action({ roles: ['secretary'] }),
  'action app/(staff)/desk/pledges/actions.ts#recordPledgeAction': action({ roles: ['secretary'] }),
  'action app/(staff)/desk/pledges/actions.ts#createItemAction': action({ roles: ['secretary'] }),
  'action app/(staff)/desk/pledges/actions.ts#setItemActiveAction': action({ roles: ['secretary'] }),
  'action app/(staff)/desk/pledges/actions.ts#evaluateAction': action({ roles: ['secretary'] }),
  // ---- branch "dadangwei": 大党委 resources, needs, projects, joint meetings (lib/cobuild) ----
  'page /cobuild': staffPage(['secretary', 'admin']),
  'page /cobuild/needs': staffPage(['secretary', 'admin']),
  'page /cobuild/resources': staffPage(['secretary', 'admin', 'unit_liaison']),
  'page /cobuild/meetings': staffPage(['secretary', 'admin']),
  // No fixture records: an id that does not exist is "not found" for every role that may use the page
  // (e2e/dadangwei.spec.ts opens another unit's project and gets the same 404).
  'page /cobuild/needs/[needId]': { kind: 'page', path: '/cobuild/needs/2147483000', expect: (s) => (!isStaff(s) ? 'login' : 'not_found') },
  'page /cobuild/projects/[projectId]': { kind: 'page', path: '/cobuild/projects/2147483000', expect: (s) => (!isStaff(s) ? 'login' : 'not_found') },
  'GET /api/project-photos/[id]': { kind: 'handler', path: '/api/project-photos/2147483000', expect: (s) => (!isStaff(s) ? 'unauthorized' : 'not_found') },
  'POST /cobuild/export': exportRoute('/cobuild/export'),
  'GET /cobuild/export': { kind: 'handler', expect: () => 'method_not_allowed' },
  'action app/(staff)/cobuild/actions.ts#saveResourceAction': action({ roles: ['admin', 'secretary', 'unit_liaison'] }),
  'action app/(staff)/cobuild/actions.ts#setResourceActiveAction': action({ roles: ['admin', 'secretary', 'unit_liaison'] }),
  'action app/(staff)/cobuild/actions.ts#createNeedAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/cobuild/actions.ts#updateNeedAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/cobuild/actions.ts#gatherCasesAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/cobuild/actions.ts#createProjectAction': action({ roles: ['admin', 'secretary'] }),
  'action app/(staff)/cobuild/actions.ts#projectStepAction': action({ roles: ['admin', 'secretary', 'unit_liaison'] }),
  'action app/(staff)/cobuild/actions.ts#recordMeetingAction': action({ roles: ['admin', 'secretary'] }),
};

export function httpRoutes(): [string, HttpRoute][] {
  return Object.entries(ROUTE_MATRIX).filter((e): e is [string, HttpRoute] => e[1].kind !== 'action');
}

/**
 * What e2e/scope-matrix.spec.ts asks over HTTP, as every subject: one route of each kind with its in- and out-of-scope
 * records (a staff page, a resident's page, a photo, the API's case, list, action and create), the entry pages' home and
 * sign-in redirects, next-auth's CSRF refusal, and every route handler that serves no record (exports, downloads,
 * health): their gates are Next route code that only a request reaches. lib/auth/scope-matrix.test.ts asks every page,
 * API operation and record-serving handler in-process, on the real database.
 */
export const HTTP_SAMPLE: readonly string[] = [
  'page /',
  'page /login',
  'page /cases/[number]',
  'page /households/[householdId]',
  'page /t/[token]',
  'page /admin',
  'GET /api/photos/[id]',
  'GET /api/v1/cases',
  'POST /api/v1/cases',
  'GET /api/v1/cases/[number]',
  'POST /api/v1/cases/[number]/actions',
];

export function httpSample(): [string, HttpRoute][] {
  return httpRoutes().filter(([key, route]) => HTTP_SAMPLE.includes(key) || (route.kind === 'handler' && !route.record));
}
