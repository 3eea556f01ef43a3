// Chinese (zh-CN collation) order of names as integers, so sorting a county's thousands of handlers compares numbers, not strings.
const collator = new Intl.Collator('zh-CN');

/** Past this many names (renames over years) the ranks are rebuilt from the names asked for alone. */
const MAX_KNOWN = 50_000;

let ranks = new Map<string, number>();

/**
 * Each name's place in collation order among every name seen so far in this process: a ~3,400-handler
 * sort otherwise calls the collator some 20,000 times (tens of milliseconds) on every statistics page.
 * Names the collator holds equal get the same rank, so comparing ranks gives exactly the collator's
 * answer. Unseen names re-sort the known ones once; only their relative order matters, so names of
 * other requests kept in the map change nothing.
 */
export function nameRanks(names: readonly string[]): ReadonlyMap<string, number> {
  const missing = names.filter((n) => !ranks.has(n));
  if (missing.length === 0) return ranks;
  const all = [...new Set([...(ranks.size + missing.length > MAX_KNOWN ? names : ranks.keys()), ...missing])].sort(collator.compare);
  const next = new Map<string, number>();
  all.forEach((name, i) => next.set(name, i > 0 && collator.compare(all[i - 1]!, name) === 0 ? next.get(all[i - 1]!)! : i));
  ranks = next;
  return ranks;
}
