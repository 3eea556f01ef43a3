// Reads a plain HTML form POST sent to a route handler (downloads, which server actions cannot stream) or to a
// script-free public page (pages/), refusing requests from other origins and oversized bodies before anything is
// read from the database.
import type { IncomingMessage } from 'node:http';

const MAX_FORM_BYTES = 16 * 1024;

export type FormPost = { ok: true; form: URLSearchParams } | { ok: false; response: Response };

function refuse(status: number, message: string): FormPost {
  return { ok: false, response: new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }) };
}

/**
 * Same-origin check for form POSTs to route handlers (server actions get Next's own). Browsers
 * say where a request comes from in Sec-Fetch-Site, whatever the referrer policy; they cannot
 * be trusted to send a usable Origin (under a `Referrer-Policy: no-referrer`, as this app sent
 * before, a form POST carries `Origin: null`). Without either header (curl, old browsers) the post is
 * let through: the session cookie is SameSite=Lax, so a cross-site form cannot carry it anyway.
 */
export function isSameOrigin(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  if (site) return site === 'same-origin' || site === 'none';
  const origin = headers.get('origin');
  if (!origin || origin === 'null') return true;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function readFormPost(request: Request): Promise<FormPost> {
  if (!isSameOrigin(request.headers)) return refuse(403, '请求来源不被允许');
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return refuse(415, '请通过页面上的按钮提交');
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_FORM_BYTES) return refuse(413, '提交的内容过大');
  const text = await request.text();
  if (text.length > MAX_FORM_BYTES) return refuse(413, '提交的内容过大');
  return { ok: true, form: new URLSearchParams(text) };
}

/** A GET (or a prefetch) of a POST-only route: does nothing and says how to use it. */
export function methodNotAllowed(): Response {
  return new Response('请使用页面上的按钮下载', { status: 405, headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** A Node request's headers as a fetch Headers (what lib/ reads: the client address, the host). */
export function nodeHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

export type NodeFormPost = { ok: true; form: URLSearchParams } | { ok: false; status: number; message: string };

/**
 * The same checks for a form posted to a script-free page (pages/*: getServerSideProps gets the raw Node request):
 * same origin, urlencoded, at most MAX_FORM_BYTES, read only up to that many bytes.
 */
export async function readNodeFormPost(req: IncomingMessage): Promise<NodeFormPost> {
  const headers = nodeHeaders(req);
  if (!isSameOrigin(headers)) return { ok: false, status: 403, message: '请求来源不被允许' };
  if (!(headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return { ok: false, status: 415, message: '请通过页面上的按钮提交' };
  if (Number(headers.get('content-length') ?? 0) > MAX_FORM_BYTES) return { ok: false, status: 413, message: '提交的内容过大' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_FORM_BYTES) return { ok: false, status: 413, message: '提交的内容过大' };
    chunks.push(buffer);
  }
  return { ok: true, form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
}
