// Part of `npm run build`: marks the browser's script chunks for eager compilation, so a phone compiles React and the router while they download instead of on the main thread at hydration.
import fs from 'node:fs';
import path from 'node:path';

/**
 * V8's explicit compile hint (Chrome 136 and later; other engines read a comment). Without it V8
 * compiles a function when it is first called: the module factories of React DOM and Next's router
 * are all first called in the one task that starts the page, and their compilation was most of that
 * task (bench/lighthouse-ab.ts; a CPU profile showed 40–70 ms of the task's 60–165 ms in Turbopack's
 * module loader, on a busy two-core machine). With the hint the whole chunk is compiled on a
 * background thread as it streams in. Every chunk is loaded only when its code is about to run (the
 * page's own chunks at start, the rest on first use), so none is compiled for nothing.
 */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

/** The chunk's text with the hint on its first line; unchanged if it has it already (a second run of the script). */
export function withCompileHint(source: string): string {
  return source.startsWith(COMPILE_HINT) ? source : COMPILE_HINT + source;
}

/** Adds the hint to every JavaScript chunk of the build in `distDir`; returns how many files it changed. */
export function addCompileHints(distDir: string): number {
  const chunks = path.join(distDir, 'static', 'chunks');
  let changed = 0;
  for (const entry of fs.readdirSync(chunks, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = fs.readFileSync(file, 'utf8');
    const hinted = withCompileHint(source);
    if (hinted === source) continue;
    fs.writeFileSync(file, hinted);
    changed++;
  }
  return changed;
}

if (require.main === module) {
  // The same folder `next build` just wrote (next.config.ts).
  const distDir = path.resolve(process.env.NEXT_DIST_DIR ?? '.next');
  if (!fs.existsSync(path.join(distDir, 'BUILD_ID'))) {
    console.error(`compile-hints: no production build in ${distDir}; run it after \`next build\`.`);
    process.exit(1);
  }
  console.log(`compile-hints: ${addCompileHints(distDir)} script chunks in ${path.relative(process.cwd(), distDir) || '.'} marked for eager compilation`);
}
