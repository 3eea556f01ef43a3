// The security headers every response carries, whatever produced it (page, route handler, static file, error).

/** Pages where staff or residents take photos: the only ones that may use the camera. */
const CAMERA_PATHS = [/^\/s\//, /^\/work\/new(?:\/|$)/, /^\/cases\//, /^\/work\/visits\/\d+$/];

/** Browser features the app never uses, switched off everywhere. */
const DISABLED_FEATURES = ['microphone', 'geolocation', 'payment', 'usb', 'serial', 'hid', 'midi', 'display-capture'];

export function permissionsPolicy(pathname: string): string {
  const camera = CAMERA_PATHS.some((p) => p.test(pathname)) ? 'camera=(self)' : 'camera=()';
  return [camera, ...DISABLED_FEATURES.map((f) => `${f}=()`)].join(', ');
}

/**
 * Scripts only from this site, and inline scripts only with this response's nonce (Next reads
 * the nonce back from the request's copy of this header and puts it on its own scripts).
 * 'strict-dynamic' lets those scripts load the app's chunks (chart.js on the statistics page).
 * Styles allow inline attributes: React writes style="…" for bars and widths, and a nonce
 * cannot cover attributes. Development needs eval for React's debugging aids.
 */
export function contentSecurityPolicy(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(opts: { pathname: string; nonce: string; dev?: boolean; secure: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(opts.nonce, { dev: opts.dev }),
    // The resident's status link /t/<token> (and a household card's /k/<token>) is a secret: never hand it to another
    // site. same-origin, not no-referrer: under no-referrer a browser sends a plain form post (a resident tapping 提交
    // before the page's scripts arrived) with `Origin: null`, and Next refuses such a server action with a 500
    // (e2e/no-script.spec.ts).
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': permissionsPolicy(opts.pathname),
    'X-Content-Type-Options': 'nosniff',
    // For browsers without frame-ancestors.
    'X-Frame-Options': 'DENY',
    ...(opts.secure ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
