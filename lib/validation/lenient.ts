// Lenient parsing of a page's query string: a bad field is dropped and explained, the rest still applies.
import type { z } from 'zod';

/**
 * Parses `raw` with `schema`, dropping each field the schema refuses (with a Chinese note naming
 * it by `labels`) instead of failing the whole page, so a mistyped bookmark still shows a
 * sensible page. Falls back to the schema's defaults when the remaining fields still fail.
 */
export function parseLeniently<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
  labels: Record<string, string>,
): { value: z.output<S>; problems: string[] } {
  const input: Record<string, unknown> = { ...raw };
  const problems: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { value: parsed.data, problems };
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (!(key in input)) continue;
      problems.push(`${labels[key] ?? key}：${issue.message}（已忽略）`);
      delete input[key];
    }
  }
  return { value: schema.parse({}), problems };
}
