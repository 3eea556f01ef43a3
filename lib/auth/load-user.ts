// An account with its role and scope, read fresh from the database (an account may be disabled).
import { eq } from 'drizzle-orm';
import type { DB } from '@/db/client';
import { accountScopes, accounts, orgNodes, type OrgKind, type Role } from '@/db/schema';
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
export function loadSessionUser(db: DB, claims: { accountId: number; sessionId: string | undefined }, now = new Date()): CurrentUser | null {
  if (!Number.isInteger(claims.accountId) || claims.accountId <= 0 || !claims.sessionId) return null;
  if (!isSessionLive(db, claims.sessionId, claims.accountId, now)) return null;
  return loadUser(db, claims.accountId, claims.sessionId);
}

/** The account as a user, without a session check: for loadSessionUser, tests and scripts. */
export function loadUser(db: DB, accountId: number, sessionId = ''): CurrentUser | null {
  const account = db.select().from(accounts).where(eq(accounts.id, accountId)).get();
  if (!account || !account.active) return null;
  const scopeNodes = db
    .select({ id: orgNodes.id, name: orgNodes.name, kind: orgNodes.kind, path: orgNodes.path })
    .from(accountScopes)
    .innerJoin(orgNodes, eq(orgNodes.id, accountScopes.nodeId))
    .where(eq(accountScopes.accountId, account.id))
    .orderBy(orgNodes.sortOrder, orgNodes.id)
    .all();
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

