// The one server-side gate: who is signed in, with role and scope, read fresh from the database.
import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import type { Role } from '@/db/schema';
import { auth } from './auth';
import { loadSessionUser, type CurrentUser } from './load-user';

export type { CurrentUser };

/** Cached per request: pages, layouts and actions of one request share one lookup. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await auth();
  return loadSessionUser(getDb(), { accountId: Number(session?.user?.id), sessionId: session?.sessionId });
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
