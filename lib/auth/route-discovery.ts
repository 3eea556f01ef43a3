// The app's own list of what can be called from outside: pages, route handlers and their methods, server actions, API operations.
// Read from the source tree and the OpenAPI document, so the scope matrix can insist on covering all of it.
import fs from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '@/lib/api/openapi';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export type ServerActionSource = { key: string; file: string; name: string; body: string };

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** app/(staff)/cases/[number]/page.tsx → /cases/[number]: route groups do not appear in URLs. */
export function urlPathOf(appDir: string, file: string): string {
  const segments = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => s !== '' && !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

/** pages/b/[id]/index.tsx → /b/[id], pages/b/[id]/poster.tsx → /b/[id]/poster. */
export function pagesUrlPathOf(pagesDir: string, file: string): string {
  const segments = path.relative(pagesDir, file).replace(/\.tsx?$/, '').split(path.sep);
  if (segments[segments.length - 1] === 'index') segments.pop();
  return `/${segments.join('/')}`;
}

/** The HTTP methods a route.ts exports, in whichever form: function, const, or destructured const. */
export function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) for (const name of m[1]!.split(',')) found.add(name.split(':').pop()!.trim());
  return [...found].filter((m) => (HTTP_METHODS as readonly string[]).includes(m)).sort();
}

/** A file is a server-action module when its first statement is the 'use server' directive. */
export function isUseServerFile(source: string): boolean {
  return /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*['"]use server['"]/.test(source);
}

/** Every exported function of a 'use server' module with its body text (up to the next top-level export). */
export function serverActionsOf(source: string): { name: string; body: string }[] {
  const matches = [...source.matchAll(/^export\s+(?:async\s+)?function\s+(\w+)\s*\(/gm)];
  return matches.map((m, i) => {
    const end = matches[i + 1]?.index ?? source.length;
    const text = source.slice(m.index, end);
    return { name: m[1]!, body: text.slice(text.indexOf('{', text.indexOf(')')) + 1) };
  });
}

/** `files`: the source file of each page and route handler method, by its key (relative to `root`, with forward slashes). */
export function discoverRoutes(root = process.cwd()): { keys: string[]; actions: ServerActionSource[]; files: Record<string, string> } {
  const appDir = path.join(root, 'app');
  const keys = new Set<string>();
  const actions: ServerActionSource[] = [];
  const files: Record<string, string> = {};
  for (const file of walk(appDir)) {
    const base = path.basename(file);
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (base === 'page.tsx' || base === 'page.ts') {
      keys.add(`page ${urlPathOf(appDir, file)}`);
      files[`page ${urlPathOf(appDir, file)}`] = rel;
    }
    if (!/\.(ts|tsx)$/.test(base)) continue;
    const source = fs.readFileSync(file, 'utf8');
    if (base === 'route.ts') {
      for (const method of exportedMethods(source)) {
        keys.add(`${method} ${urlPathOf(appDir, file)}`);
        files[`${method} ${urlPathOf(appDir, file)}`] = rel;
      }
    }
    if (isUseServerFile(source)) {
      for (const a of serverActionsOf(source)) {
        const key = `action ${rel}#${a.name}`;
        keys.add(key);
        actions.push({ key, file: rel, ...a });
      }
    }
  }
  // The script-free public pages (pages/_document.tsx): a page, and a POST when it takes its own form.
  const pagesDir = path.join(root, 'pages');
  if (fs.existsSync(pagesDir)) {
    for (const file of walk(pagesDir)) {
      const rel = path.relative(pagesDir, file);
      if (!/\.tsx?$/.test(rel) || /(^|\/)_/.test(rel) || /^(404|500)\.tsx?$/.test(rel)) continue;
      const url = pagesUrlPathOf(pagesDir, file);
      const relToRoot = path.relative(root, file).split(path.sep).join('/');
      keys.add(`page ${url}`);
      files[`page ${url}`] = relToRoot;
      if (/req\.method === 'POST'/.test(fs.readFileSync(file, 'utf8'))) {
        keys.add(`POST ${url}`);
        files[`POST ${url}`] = relToRoot;
      }
    }
  }
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) keys.add(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, '[$1]')}`);
  }
  return { keys: [...keys].sort(), actions, files };
}
