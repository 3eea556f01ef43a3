// The HTTP server in front of Next: client address, request id, security headers, then Next's handler; on the way
// out, the encoding of an answer a route compressed itself (lib/http/encoding-relay.ts).
import crypto from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { log } from '../log';
import { CLIENT_IP_HEADER, deriveClientAddress } from './client-address';
import { RELAYED_ENCODING_HEADER, RELAYED_ENCODINGS, RELAYS_ENCODING_HEADER } from './encoding-relay';
import { requestContext } from './request-context';
import { securityHeaders } from './security-headers';

export type FrontOptions = {
  /** How many reverse proxies stand in front (TRUSTED_PROXIES); 0 trusts no forwarded header. */
  trustedProxies: number;
  dev?: boolean;
  /** AUTH_URL: when it is https, cookies are Secure even if TLS ends at a proxy we were not told about. */
  authUrl?: string;
  keepAliveTimeoutMs?: number;
};

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const REQUEST_ID_PATTERN = /^[\w.:-]{1,128}$/;

function lastEntry(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined?.split(',').pop()?.trim().toLowerCase();
}

/**
 * Rewrites the request's trust-bearing headers and sets the response's security headers.
 * Every header the app trusts is written here after deleting whatever the client sent.
 */
export function prepareRequest(req: IncomingMessage, res: ServerResponse, opts: FrontOptions): { requestId: string } {
  const trusted = opts.trustedProxies > 0;

  delete req.headers[CLIENT_IP_HEADER];
  req.headers[RELAYS_ENCODING_HEADER] = '1';
  const address = deriveClientAddress({ socketAddress: req.socket.remoteAddress, forwardedFor: req.headers['x-forwarded-for'], trustedProxies: opts.trustedProxies });
  if (address) req.headers[CLIENT_IP_HEADER] = address;

  const offered = req.headers['x-request-id'];
  const requestId = trusted && typeof offered === 'string' && REQUEST_ID_PATTERN.test(offered) ? offered : crypto.randomUUID();
  req.headers['x-request-id'] = requestId;
  res.setHeader('X-Request-Id', requestId);

  // Only a trusted proxy may say the client used TLS or which host it asked for; otherwise Next
  // fills both in from the socket and the Host header.
  const socketProto = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  const proxyProto = trusted ? lastEntry(req.headers['x-forwarded-proto']) : undefined;
  const proto = proxyProto === 'https' || proxyProto === 'http' ? proxyProto : socketProto;
  req.headers['x-forwarded-proto'] = proto;
  if (!trusted) delete req.headers['x-forwarded-host'];
  const secure = proto === 'https' || Boolean(opts.authUrl?.startsWith('https:'));

  const nonce = crypto.randomBytes(16).toString('base64');
  const pathname = (req.url ?? '/').split('?')[0]!;
  const headers = securityHeaders({ pathname, nonce, dev: opts.dev, secure });
  // Next takes the nonce for its own inline scripts from the request's copy of the policy.
  req.headers['content-security-policy'] = headers['Content-Security-Policy'];
  delete req.headers['content-security-policy-report-only'];
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  return { requestId };
}

/**
 * The front server's responses: a route's RELAYED_ENCODING_HEADER goes out as Content-Encoding (lib/http/encoding-relay.ts),
 * and only for an encoding a route may write; anything else named there is dropped, never sent under either name.
 * Next sets a route's headers through setHeader, before Next's own compression looks for a Content-Encoding.
 */
class FrontResponse<R extends IncomingMessage = IncomingMessage> extends http.ServerResponse<R> {
  override setHeader(name: string, value: number | string | readonly string[]): this {
    if (name.length !== RELAYED_ENCODING_HEADER.length || name.toLowerCase() !== RELAYED_ENCODING_HEADER) return super.setHeader(name, value);
    const encoding = String(Array.isArray(value) ? value.at(-1) : value).toLowerCase();
    return RELAYED_ENCODINGS.has(encoding) ? super.setHeader('Content-Encoding', encoding) : this;
  }
}

export function createFrontServer(handle: RequestHandler, opts: FrontOptions): http.Server {
  const server = http.createServer({ ServerResponse: FrontResponse }, (req, res) => {
    const { requestId } = prepareRequest(req, res, opts);
    requestContext.run({ requestId }, () => {
      res.once('finish', () => {
        if (res.statusCode >= 500) log.error('request failed', undefined, { method: req.method, status: res.statusCode });
      });
      handle(req, res).catch((error: unknown) => {
        log.error('request handler threw', error);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
  });
  // Clients that reuse sockets (the e2e API client, proxies) must never meet a socket we are just closing.
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 120_000;
  return server;
}
