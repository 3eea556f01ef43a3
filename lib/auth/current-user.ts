// The one server-side gate: who is signed in, with role and scope, read fresh from the database.
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accountScopes, accounts, orgNodes, type OrgKind, type Role } from '@/db/schema';
import { auth } from './auth';
import { normaliseScope, type Scope } from './scope';

export type CurrentUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  partyMemberId: number | null;
  scope: Scope;
  scopeNodes: { id: number; name: string; kind: OrgKind; path: string }[];
};

export function loadUser(accountId: number): CurrentUser | null {
  const db = getDb();
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
  };
}

/** Cached per request: pages, layouts and actions of one request share one lookup. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  return Number.isInteger(id) && id > 0 ? loadUser(id) : null;
});

/**
 * For pages and server actions: signed-out users go to the sign-in page; a role that may not
 * use the page gets "not found", so the page's existence reveals nothing.
 */
export async function requireUser(roles?: readonly Role[]): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  if (roles && !roles.includes(user.role)) notFound();
  return user;
}
