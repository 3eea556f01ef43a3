// The absolute addresses residents use: the submit page behind a QR code and the private status link.

/** Host names only; anything else in a Host header is not used to build a link. */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * `PUBLIC_BASE_URL` when set (what should be printed on QR codes in production, behind a proxy);
 * otherwise the host the request came to, so a dev server or an intranet address just works.
 */
export function publicBaseUrl(headers: Headers): string {
  const configured = process.env.PUBLIC_BASE_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  const forwarded = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const host = [forwarded, headers.get('host')].find((h) => h && HOST.test(h)) ?? 'localhost';
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return `${proto}://${host}`;
}

export const submitPath = (code: string) => `/s/${code}`;
export const statusPath = (token: string) => `/t/${token}`;
