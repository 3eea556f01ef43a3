// An account with its role and scope, read fresh from the database (an account may be disabled).
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accountScopes as accountScopesSqlite, accounts as accountsSqlite, orgNodes as orgNodesSqlite, type OrgKind, type Role } from '@/db/schema';
import type { AppDb, Store } from '@/db/store';
import { accountScopes, accounts, orgNodes } from '@/db/tables';
import { normaliseScope, type Scope } from './scope';
import { isSessionLive } from './sessions';

export type CurrentUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  partyMemberId: number | null;
  scope: Scope;
  scopeNodes: { id: number; name: string; kind: OrgKind; path: string }[];
  /** The server-side session this request belongs to (lib/auth/sessions.ts). */
  sessionId: string;
  /** Signed in with a one-time password: every page but /account/password sends them there (current-user.ts). */
  mustChangePassword: boolean;
};

/**
 * The user behind a session cookie: only while its server-side session lives (signing out,
 * a password change or an admin's "sign out everywhere" end it) and the account is active.
 */
export async function loadSessionUser(store: Store, claims: { accountId: number; sessionId: string | undefined }, now = new Date()): Promise<CurrentUser | null> {
  if (!Number.isInteger(claims.accountId) || claims.accountId <= 0 || !claims.sessionId) return null;
  if (!(await isSessionLive(store, claims.sessionId, claims.accountId, now))) return null;
  return loadUser(store.db, claims.accountId, claims.sessionId);
}

type AccountRow = typeof accountsSqlite.$inferSelect;
type ScopeNode = CurrentUser['scopeNodes'][number];

function userFrom(account: AccountRow, scopeNodes: ScopeNode[], sessionId: string): CurrentUser {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    unitId: account.unitId,
    partyMemberId: account.partyMemberId,
    scope: normaliseScope(scopeNodes.map((n) => n.path)),
    scopeNodes,
    sessionId,
    mustChangePassword: account.mustChangePassword,
  };
}

/** The account as a user, without a session check: for loadSessionUser, tests and scripts. */
export async function loadUser(db: AppDb, accountId: number, sessionId = ''): Promise<CurrentUser | null> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!account || !account.active) return null;
  const scopeNodes = await db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, path: orgNodes.path })
    .from(accountScopes)
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(eq(accountScopes.accountId, account.id))
    .orderBy(orgNodes.sortOrder, orgNodes.id);
  return userFrom(account, scopeNodes, sessionId);
}

// For fixtures: no app code calls it. Test files name their users up front, at module load, from the SQLite fixture
// database they build synchronously (the same rows and ids as their store's, on either engine; a test file is
// CommonJS, so it has no top-level await); e2e/support/scope-records.ts (one synchronous immediate transaction),
// lib/cases/case-numbers.worker.ts (a second raw connection) and the benches that time one synchronous command on a
// SQLite connection (bench/commit-cost.ts, durability.ts, stats-triggers.ts) read a SQLite file the same way.
export function loadUserSync(db: DB, accountId: number, sessionId = ''): CurrentUser | null {
  const account = db.select().from(accountsSqlite).where(eq(accountsSqlite.id, accountId)).get();
  if (!account || !account.active) return null;
  const scopeNodes = db
    .select({ id: orgNodesSqlite.id, name: orgNodesSqlite.name, kind: orgNodesSqlite.kind, path: orgNodesSqlite.path })
    .from(accountScopesSqlite)
    .innerJoin(orgNodesSqlite, eq(orgNodesSqlite.id, accountScopesSqlite.nodeId))
    .where(eq(accountScopesSqlite.accountId, account.id))
    .orderBy(orgNodesSqlite.sortOrder, orgNodesSqlite.id)
    .all();
  return userFrom(account, scopeNodes, sessionId);
}
