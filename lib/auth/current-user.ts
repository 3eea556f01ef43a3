// The one server-side gate: who is signed in, with role and scope, read fresh from the database.
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import type { Role } from '@/db/schema';
import { appStore } from '@/db/store';
import { auth } from './auth';
import { gateDecision } from './gate';
import { loadSessionUser, type CurrentUser } from './load-user';

export type { CurrentUser };

/** Where a user who signed in with a one-time password must go before anything else. */
export const PASSWORD_PAGE = '/account/password';

/** Cached per request: pages, layouts and actions of one request share one lookup. */
const getSignedInUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  return loadSessionUser(appStore(), { accountId: Number(session?.user?.id), sessionId: session?.sessionId });
});

/**
 * The user for route handlers, the API and the entry pages. Someone who still holds a one-time
 * password counts as signed out here: until they choose their own password they may do nothing
 * but choose it (requireUser sends pages and actions to PASSWORD_PAGE).
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const user = await getSignedInUser();
  return user && !user.mustChangePassword ? user : null;
}

/** For the entry pages (/, /login): where a signed-in user belongs, or null when nobody is signed in. */
export async function signedInLanding(home: (user: CurrentUser) => string): Promise<string | null> {
  const user = await getSignedInUser();
  if (!user) return null;
  return user.mustChangePassword ? PASSWORD_PAGE : home(user);
}

/**
 * For pages and server actions: signed-out users go to the sign-in page, a one-time password
 * holder to PASSWORD_PAGE; a role that may not use the page gets "not found", so the page's
 * existence reveals nothing.
 */
export async function requireUser(roles?: readonly Role[]): Promise<CurrentUser> {
  const user = await getSignedInUser();
  const decision = gateDecision(user, roles);
  if (decision === 'login') redirect('/login');
  if (decision === 'password') redirect(PASSWORD_PAGE);
  if (decision === 'not_found') notFound();
  return user!;
}

/**
 * The gate of the password page, its action and the staff layout: any signed-in user, including
 * one who must still replace a one-time password (the page they are sent to must let them in).
 */
export async function requireUserChangingPassword(): Promise<CurrentUser> {
  const user = await getSignedInUser();
  if (gateDecision(user, undefined, { changingPassword: true }) === 'login') redirect('/login');
  return user!;
}
