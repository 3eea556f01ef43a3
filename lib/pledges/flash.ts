// The pledge pages' one-line outcome after a form post: the action redirects back with it in the URL (?ok= / ?error=),
// the page shows it. Plain forms, no client state: they work on a slow phone and without JavaScript.
// The message is signed (?sig=): a link someone else made cannot put its own words in a staff page's
// "✓" or error line (e.g. a phone number to call).
import crypto from 'node:crypto';
import { z } from 'zod';

export type Flash = { ok: boolean; message: string } | null;

/** `path` with the outcome appended (path may already carry a query). */
export function withFlash(path: string, result: { ok: boolean; message: string }): string {
  const url = new URL(path, 'http://x');
  url.searchParams.delete('ok');
  url.searchParams.delete('error');
  url.searchParams.delete('sig');
  const message = result.message.slice(0, 200);
  url.searchParams.set(result.ok ? 'ok' : 'error', message);
  url.searchParams.set('sig', signature(result.ok, message));
  return `${url.pathname}${url.search}`;
}

/** Without AUTH_SECRET (tests, a development server) a key of this process: a flash then holds on this server only. */
const processKey = crypto.randomBytes(32);

function signature(ok: boolean, message: string): string {
  return crypto
    .createHmac('sha256', process.env.AUTH_SECRET || processKey)
    .update(`yinghuo-flash:${ok ? 'ok' : 'error'}:${message}`)
    .digest('base64url')
    .slice(0, 22);
}

function signedBy(ok: boolean, message: string, sig: string | undefined): boolean {
  if (!sig) return false;
  const expected = Buffer.from(signature(ok, message));
  const given = Buffer.from(sig);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

const flashText = z.string().max(200);

/** The outcome a page was redirected back with, if any. */
export function readFlash(search: Record<string, string | string[] | undefined>): Flash {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const sig = one(search.sig);
  const ok = flashText.safeParse(one(search.ok));
  if (ok.success && ok.data && signedBy(true, ok.data, sig)) return { ok: true, message: ok.data };
  const error = flashText.safeParse(one(search.error));
  if (error.success && error.data && signedBy(false, error.data, sig)) return { ok: false, message: error.data };
  return null;
}

/** The first of zod's Chinese messages, for a refused form. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? '请检查填写的内容。';
}

/** Only our own pages as the place to return to after a post (no open redirect). */
export function backTo(value: FormDataEntryValue | null, fallback: string, prefix: string): string {
  return typeof value === 'string' && value.startsWith(prefix) && !value.startsWith('//') && !value.includes('\\') ? value : fallback;
}
