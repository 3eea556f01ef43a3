// Who may keep a copy of a residents' public page (pages/: the board, its poster, the volunteer pages): the reverse
// proxy in front for one second when the answer is the same for everybody, nobody when it belongs to one person.
import type { IncomingMessage } from 'node:http';

/**
 * A shared cache (nginx's micro-cache, scripts/city/nginx.conf) keeps the page for 1 s (`s-maxage`, which nginx
 * reads before `max-age`); a browser keeps nothing it has not revalidated (`max-age=0`), so it is never staler than
 * the proxy. One second is how long a withdrawn wish may stay on the board (README: Behind a reverse proxy).
 */
export const SHARED_PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=1';

/** An answer for one person (signed in, or with their own notice or form input): stored by nobody. */
export const PERSONAL_PAGE_CACHE_CONTROL = 'private, no-store';

/**
 * next-auth's session cookie (`__Secure-` over https; `.0`, `.1` … when split into chunks). nginx's map
 * `$yinghuo_signed_in` in scripts/city/nginx.conf matches the same names.
 */
const SESSION_COOKIE = /(?:^|;)\s*(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

export function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return cookieHeader !== undefined && SESSION_COOKIE.test(cookieHeader);
}

/**
 * The Cache-Control of a public page's answer. Shared only for a GET (or HEAD) without a session cookie whose page
 * holds nothing of this visitor (`personal`: a flash, a refused form with what they typed). A request with a session
 * cookie is answered privately even though the pages render the same for everybody today: a page that one day
 * shows something of the signed-in person must not need this rule remembered.
 */
export function publicPageCacheControl(req: Pick<IncomingMessage, 'method' | 'headers'>, opts: { personal: boolean }): string {
  const safe = req.method === 'GET' || req.method === 'HEAD';
  return safe && !opts.personal && !hasSessionCookie(req.headers.cookie) ? SHARED_PAGE_CACHE_CONTROL : PERSONAL_PAGE_CACHE_CONTROL;
}
