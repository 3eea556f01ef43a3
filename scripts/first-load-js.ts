// `npx tsx scripts/first-load-js.ts <url> [--max-kb N] [--cookie "<Cookie header>"]`: the JavaScript a page's HTML
// makes a modern browser download before it is interactive — every `<script src>` (module or classic, not
// `nomodule`), each fetched and gzipped at zlib's default level (as `next start` compresses it) — and their sum.
// Exits 1 when the sum exceeds --max-kb. The same measure backs the benchmarks (bench/http.ts) and the e2e check
// that the residents' public pages stay under 100 KB (e2e/public-board.spec.ts).
import zlib from 'node:zlib';

export type ScriptWeight = { src: string; bytes: number; gzip: number };
export type PageWeight = {
  status: number;
  scripts: ScriptWeight[];
  /** The scripts' gzipped bytes, summed. */
  gzipTotal: number;
  /** The HTML document itself, gzipped: the markup plus any inline payload the page hydrates from. */
  htmlGzip: number;
};

/** The distinct script URLs an HTML document loads in a browser that runs modules (a `nomodule` script is skipped by all of them). */
export function scriptSources(html: string): string[] {
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]).filter((tag) => !/\bnomodule\b/i.test(tag));
  return [...new Set(tags.flatMap((tag) => /\bsrc=["']([^"']+)["']/i.exec(tag)?.[1]?.replaceAll('&amp;', '&') ?? []))];
}

/** The gzipped size of a body, as the server's compression sends it. */
export const gzipSize = (body: Buffer | string) => zlib.gzipSync(body).length;

/**
 * Weighs the page at `url`: `fetchPage` fetches a URL (absolute, or relative to the page) and may carry a session;
 * the default is a plain fetch without redirects.
 */
export async function firstLoadJs(url: string, fetchPage: (url: string) => Promise<Response> = (u) => fetch(u, { redirect: 'manual' })): Promise<PageWeight> {
  const res = await fetchPage(url);
  const html = await res.text();
  const htmlGzip = gzipSize(html);
  if (res.status !== 200) return { status: res.status, scripts: [], gzipTotal: 0, htmlGzip };
  const scripts: ScriptWeight[] = [];
  for (const src of scriptSources(html)) {
    const body = Buffer.from(await (await fetchPage(new URL(src, url).toString())).arrayBuffer());
    scripts.push({ src, bytes: body.length, gzip: gzipSize(body) });
  }
  return { status: res.status, scripts, gzipTotal: scripts.reduce((sum, s) => sum + s.gzip, 0), htmlGzip };
}

async function main(argv: readonly string[]): Promise<number> {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const url = argv.find((a, i) => !a.startsWith('--') && !['--max-kb', '--cookie'].includes(argv[i - 1] ?? ''));
  if (!url) {
    console.error('usage: tsx scripts/first-load-js.ts <url> [--max-kb N] [--cookie "<Cookie header>"]');
    return 2;
  }
  const cookie = value('--cookie');
  const maxKb = value('--max-kb') === undefined ? undefined : Number(value('--max-kb'));
  const weight = await firstLoadJs(url, (u) => fetch(u, { redirect: 'manual', headers: cookie ? { cookie } : {} }));
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${url}: status ${weight.status}, HTML ${kb(weight.htmlGzip)} gz`);
  for (const s of weight.scripts) console.log(`  ${kb(s.bytes).padStart(10)} raw ${kb(s.gzip).padStart(9)} gz  ${s.src}`);
  console.log(`first-load JavaScript: ${weight.scripts.length} scripts, ${kb(weight.gzipTotal)} gzipped${maxKb === undefined ? '' : ` (limit ${maxKb} KB)`}`);
  if (weight.status !== 200) return 1;
  return maxKb !== undefined && weight.gzipTotal > maxKb * 1024 ? 1 : 0;
}

if (require.main === module) main(process.argv.slice(2)).then((code) => process.exit(code));
