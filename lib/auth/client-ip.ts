// The client's address as the server saw it, for per-IP sign-in throttling.

/** Next.js sets x-forwarded-for from the socket; behind a proxy the first entry is the client. */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  const first = forwarded?.split(',')[0]?.trim();
  return first || headers.get('x-real-ip') || null;
}
