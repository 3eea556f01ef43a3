// Which address a request came from: the socket's, or what the first trusted proxy in front of us saw.
import { isIP } from 'node:net';

/** The one request header the app reads the client address from; the front server owns it. */
export const CLIENT_IP_HEADER = 'x-yinghuo-client-ip';

/** TRUSTED_PROXIES=N: how many reverse proxies stand in front of the server (0, the default: none). */
export function trustedProxyCount(value: string | undefined): number {
  const n = Number(value ?? '0');
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10) : 0;
}

/**
 * A bare IP address, or null for anything else. IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes the
 * IPv4 address, so one client is one key whichever socket family it arrived on; a port or
 * the brackets some proxies write ("[::1]:443", "1.2.3.4:80") are dropped.
 */
export function normaliseAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const family = isIP(value);
  if (family === 0) return null;
  if (family === 6) {
    value = value.toLowerCase();
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
    if (mapped && isIP(mapped[1]!) === 4) return mapped[1]!;
  }
  return value;
}

/**
 * With no trusted proxy the socket is the client: any X-Forwarded-For is the client's own
 * words and ignored. With N trusted proxies, each appends the address it saw, so the entry N
 * places from the right is what the outermost trusted proxy saw; entries left of it were
 * written by the client. A header too short or malformed there means the request did not come
 * through the proxies as configured, and the socket is all we can trust.
 */
export function deriveClientAddress(opts: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined; trustedProxies: number }): string | null {
  const socket = normaliseAddress(opts.socketAddress);
  if (opts.trustedProxies <= 0 || opts.forwardedFor === undefined) return socket;
  const header = Array.isArray(opts.forwardedFor) ? opts.forwardedFor.join(',') : opts.forwardedFor;
  const entries = header.split(',').map((e) => e.trim());
  if (entries.length < opts.trustedProxies) return socket;
  return normaliseAddress(entries[entries.length - opts.trustedProxies]) ?? socket;
}
