// Who is calling /api/v1: another system with a bearer token, or a signed-in member of staff.
import type { Store } from '@/db/store';
import { getCurrentUser } from '@/lib/auth/current-user';
import { actorFromUser } from '@/lib/cases/actor';
import type { Viewer } from '@/lib/cases/visibility';
import { unauthorized } from './http';
import { authenticateToken } from './tokens';

export type CallerResult = { ok: true; caller: Viewer } | { ok: false; response: Response };

async function sessionViewer(): Promise<Viewer | null> {
  const user = await getCurrentUser();
  return user ? actorFromUser(user) : null;
}

/**
 * A request that sends an Authorization header is judged by it alone: a bad token is refused
 * rather than quietly falling back to a session cookie the same client may also hold.
 */
export async function resolveCaller(store: Store, request: Request, session: () => Promise<Viewer | null> = sessionViewer): Promise<CallerResult> {
  const header = request.headers.get('authorization');
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const actor = match ? await authenticateToken(store, match[1]!) : null;
    return actor ? { ok: true, caller: actor } : { ok: false, response: unauthorized('访问令牌无效或已被吊销。') };
  }
  // Without any cookie there can be no session; skipping the lookup also keeps token-less calls cheap.
  if (!request.headers.get('cookie')) return { ok: false, response: unauthorized() };
  const viewer = await session();
  return viewer ? { ok: true, caller: viewer } : { ok: false, response: unauthorized() };
}
