// The benchmark's browser: a cookie jar, the real sign-in flow, timed requests and the JavaScript a page loads.
import { firstLoadJs as measureFirstLoadJs, type PageWeight } from '../scripts/first-load-js';

export class Session {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  /** A request with the jar's cookies; remembers whatever cookies the answer sets. No redirects are followed. */
  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(pathname, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      // An emptied cookie is a deletion.
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** The jar as a Cookie header, for handing the session to another client (e.g. Lighthouse). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  hasCookie(pattern: RegExp): boolean {
    return [...this.cookies.keys()].some((k) => pattern.test(k));
  }
}

/** Signs in through next-auth's own credentials flow, as the login form does: CSRF token, then the callback. */
export async function signIn(session: Session, login: string, password: string): Promise<void> {
  const csrf = await session.fetch('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error('sign-in: /api/auth/csrf returned no token');
  const res = await session.fetch('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, login, password, callbackUrl: '/' }),
  });
  await res.arrayBuffer();
  if (!session.hasCookie(/session-token/)) {
    throw new Error(`sign-in as ${login} failed (${res.status} → ${res.headers.get('location') ?? 'no redirect'})`);
  }
}

export interface Timing {
  samples: number[];
  /** Mean body size in bytes (uncompressed). */
  meanBytes: number;
  /** Status codes other than the expected one, with how often they came. */
  unexpected: Map<number, number>;
}

/** Runs `warmup` untimed requests, then `n` timed ones one after another (time to the last byte). */
export async function measure(n: number, warmup: number, expected: number, request: (i: number) => Promise<Response>): Promise<Timing> {
  const unexpected = new Map<number, number>();
  for (let i = 0; i < warmup; i++) await (await request(i)).arrayBuffer();
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await request(warmup + i);
    bytes += (await res.arrayBuffer()).byteLength;
    samples.push(performance.now() - started);
    if (res.status !== expected) unexpected.set(res.status, (unexpected.get(res.status) ?? 0) + 1);
  }
  return { samples, meanBytes: n > 0 ? bytes / n : 0, unexpected };
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export type { PageWeight } from '../scripts/first-load-js';

/** The `<script src>` chunks a page's HTML loads in a modern browser, each gzipped, and their sum (scripts/first-load-js.ts), fetched in this session. */
export function firstLoadJs(session: Session, pathname: string, init: RequestInit = {}): Promise<PageWeight> {
  const page = new URL(pathname, session.base).toString();
  return measureFirstLoadJs(page, (url) => session.fetch(url, url === page ? init : {}));
}
