// The HTTP side of /api/v1: JSON bodies read with a size cap, and every failure as {"error": {code, message}}.
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { CaseStatus } from '@/db/schema';
import type { CommandError } from '@/lib/cases/commands';
import { RELAYED_ENCODING_HEADER, RELAYS_ENCODING_HEADER } from '@/lib/http/encoding-relay';
import { log } from '@/lib/log';

/** Requests are small JSON documents; anything bigger is a mistake or an attack. */
export const MAX_JSON_BYTES = 64 * 1024;

export const ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_state: 422,
  invalid_input: 422,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorBody = {
  error: {
    code: ErrorCode;
    message: string;
    /** Field errors, for validation failures. */
    details?: { fieldErrors: Record<string, string[]>; formErrors: string[] };
    /** The case as it is now, for conflicts and refusals, so the caller can refresh and retry. */
    current?: { version: number; status: CaseStatus };
  };
};

/** Below this many bytes compressing an answer costs more than it saves (the threshold of Next's compression). */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * A JSON answer. Next gzips every answer whose length it does not know, and it drops a route's Content-Length,
 * so a 100-byte create or action answer got a gzip stream of its own: about an eighth of each such request's CPU
 * in the throughput profile, more than the command's SQL. A small answer says `no-transform`, which Next's
 * compression (and any proxy) respects.
 *
 * A larger one (a page of the list, a case with its timeline) is gzipped here, given the `request` and a client
 * that takes gzip, in one gzipSync call: Next's compression sets up a gzip stream per answer, and for a 9.6 KB page
 * that stream cost 73 µs of the event loop's thread (thread-pool hops, callbacks, stream events) and 100 µs more on
 * pool threads, against 40 µs in all for the one call (bench/gzip-cost.ts). The event loop's thread is what limits
 * a busy server (bench:throughput's "main" column). Next drops a route's Content-Encoding, so the
 * front server relays it (lib/http/encoding-relay.ts); the answer says no-transform, so nobody compresses it again,
 * and Vary: Accept-Encoding. Without `request`, for a client that does not take gzip, or served without the front
 * server, the text goes out as it is (Next compresses it when the client takes that).
 */
export function json(body: unknown, status = 200, headers?: HeadersInit, request?: Request): Response {
  const text = JSON.stringify(body);
  if (Buffer.byteLength(text) < COMPRESS_MIN_BYTES) {
    return new Response(text, { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store, no-transform', ...headers } });
  }
  if (request?.headers.get(RELAYS_ENCODING_HEADER) === '1' && acceptsGzip(request.headers.get('accept-encoding'))) {
    return new Response(gzipSync(text), {
      status,
      headers: { 'Content-Type': 'application/json', [RELAYED_ENCODING_HEADER]: 'gzip', Vary: 'Accept-Encoding', 'Cache-Control': 'no-store, no-transform', ...headers },
    });
  }
  return new Response(text, { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...(request && { Vary: 'Accept-Encoding' }), ...headers } });
}

/**
 * Whether an Accept-Encoding header (RFC 9110 §12.5.3) takes gzip: `gzip`, `x-gzip` or `*` with a weight above
 * zero, unless gzip itself is refused (`gzip;q=0`). Absent or unreadable: no, and the answer goes out as it is.
 */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  let gzip: number | null = null;
  let star: number | null = null;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q'));
    // A weight that is not one RFC 9110 allows counts as a refusal: the answer then goes out uncompressed.
    const weight = q === undefined ? 1 : /^q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(q) ? Number(q.replace(/^q\s*=\s*/, '')) : 0;
    if (name === 'gzip' || name === 'x-gzip') gzip = Math.max(gzip ?? 0, weight);
    else if (name === '*') star = Math.max(star ?? 0, weight);
  }
  return (gzip ?? star ?? 0) > 0;
}

export function apiError(code: ErrorCode, message: string, extra: Omit<ErrorBody['error'], 'code' | 'message'> = {}, headers?: HeadersInit): Response {
  const body: ErrorBody = { error: { code, message, ...extra } };
  return json(body, ERROR_STATUS[code], headers);
}

export function unauthorized(message = '请提供有效的访问令牌（Authorization: Bearer …）或先登录。'): Response {
  return apiError('unauthorized', message, {}, { 'WWW-Authenticate': 'Bearer realm="yinghuo"' });
}

/** Out of scope and absent look the same, so a caller learns nothing about cases it may not see. */
export function notFound(): Response {
  return apiError('not_found', '事项不存在，或不在您的管辖范围内。');
}

/** A refusal from a command in lib/cases, with the status code that says what went wrong. */
export function commandError(error: CommandError & { current?: { version: number; status: CaseStatus } }): Response {
  const details = error.fieldErrors ? { fieldErrors: error.fieldErrors, formErrors: [] } : undefined;
  if (error.code === 'not_found') return notFound();
  return apiError(error.code, error.message, { ...(details && { details }), ...(error.current && { current: error.current }) });
}

// Schemas carry their own Chinese messages; this covers the generic ones (wrong type, unknown value).
const chineseErrors = z.locales.zhCN().localeError;

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** Validates with the same schema the forms use; a failure is a 400 naming the first problem. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(value, { error: chineseErrors });
  if (result.success) return { ok: true, data: result.data };
  const { fieldErrors, formErrors } = z.flattenError(result.error);
  const first = result.error.issues[0]?.message;
  return {
    ok: false,
    response: apiError('validation_failed', first ? `请求内容有误：${first}` : '请求内容有误。', {
      details: { fieldErrors: fieldErrors as Record<string, string[]>, formErrors },
    }),
  };
}

/**
 * Reads a JSON body of at most MAX_JSON_BYTES. Content-Length is checked first, then the bytes
 * actually read, because the header may be absent (chunked) or lie.
 */
export async function readJsonBody(request: Request, limit = MAX_JSON_BYTES): Promise<Parsed<unknown>> {
  const type = request.headers.get('content-type') ?? '';
  // Insisting on JSON also keeps plain HTML forms on other sites from posting here with a session cookie.
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return { ok: false, response: apiError('unsupported_media_type', '请求体须为 JSON，并设置 Content-Type: application/json。') };
  }
  const tooLarge = () => ({ ok: false, response: apiError('payload_too_large', `请求体不能超过 ${Math.floor(limit / 1024)} KB。`) }) as const;
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) return tooLarge();

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        return tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: apiError('invalid_json', '请求体不是有效的 JSON。') };
  }
}

/** Unexpected failures: logged with their stack on the server, a plain message to the caller. */
export function internalError(error: unknown, where: string): Response {
  log.error(`api ${where} failed`, error);
  return apiError('internal_error', '服务器内部错误，请稍后重试。');
}

/** A query string as the list schema expects it: a key given more than once becomes an array. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}
