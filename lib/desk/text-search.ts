// Full-text search over a case's words (number, description, place, resident name) that works for Chinese.
// The trigram FTS5 index (migrations 0003_case_search and 0017_lists_search_two_characters) finds any
// substring of 3+ characters as a phrase, and any 2-character term ("路灯", "漏水", common in Chinese) as
// "any indexed 3-character window that starts with it": every indexed column ends with a sentinel
// character, so each occurrence of a 2-character term starts a window. Single characters fall back to a
// substring scan. lib/desk/text-search.test.ts compares every kind of term with a plain LIKE scan.
//
// PostgreSQL (the one place its search differs): every term, of any length, is `ILIKE '%term%'` (LIKE for a term with
// no cased letters, the same thing there) on each of the four columns, which the pg_trgm GIN index of
// db/pg/migrations/0001 (cases_search_trgm_idx, on the same four columns) answers for terms of 3+ characters; a
// 2-character term yields no trigram, and the GIN index of each case's 2-character windows (migration 0018,
// cases_search_bigram_idx) finds it; a single character is checked on the rows the other conditions find.
// ILIKE ignores case as the trigram index and LIKE do, so the same cases match on both engines (the test above runs
// on both). The search is a condition on the cases row there, never the driver of a list.
import { and, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { EVERYTHING, likeCaseless } from '@/db/dialect';
import { ENGINE } from '@/db/engine';
import { cases } from '@/db/tables';

/** Whether a full-text index can drive a list in its own order (SQLite's FTS5); on PostgreSQL a search is a condition. */
export const SEARCH_DRIVES_LISTS = ENGINE === 'sqlite';

/** Trigram MATCH needs at least three characters (code points, not UTF-16 units); two are found through the vocabulary. */
const TRIGRAM_MIN = 3;
const VOCABULARY_MIN = 2;

/** Terms are split on spaces; every term must appear (in any of the searched fields). */
export function searchTerms(q: string): string[] {
  return [...new Set(q.trim().split(/\s+/).filter(Boolean))].slice(0, 5);
}

/** A phrase query: quotes stop FTS5 from reading AND/OR/NEAR/* or punctuation as syntax. */
function ftsPhrase(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/** LIKE's own wildcards in a term are matched literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

// LIKE rather than instr(): it ignores ASCII case as the trigram index does, and in SQLite it
// measured faster than instr(lower(…)) over the same rows.
function shortTermMatch(term: string): SQL {
  const pattern = `%${escapeLike(term)}%`;
  const like = (column: SQLiteColumn) => sql`${column} like ${pattern} escape '\\'`;
  return sql`(${like(cases.number)} or ${like(cases.description)} or ${like(cases.place)} or ${like(cases.residentName)})`;
}

/**
 * A 2-character term as an FTS5 query: the OR of the index's windows that start with it, read from the
 * vocabulary (cases_fts_terms) when the query runs. The index folds case as LIKE does for ASCII, so the
 * term is looked up in lower case; a term that starts no window becomes a phrase no row holds (three sentinels).
 */
function windowsStartingWith(term: string): SQL {
  const folded = term.toLowerCase();
  const points = [...folded];
  const last = points.pop()!;
  const end = points.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
  return sql`coalesce((select group_concat('"' || replace(term, '"', '""') || '"', ' OR ') from cases_fts_terms where term >= ${folded} and term < ${end}), '"' || char(31, 31, 31) || '"')`;
}

/**
 * A search split by what answers it: `match`, the FTS5 query (SQL, since 2-character terms expand when it
 * runs) for the terms the index finds (null when there is none), and `rest`, a condition on the cases row
 * for single characters (null when none).
 */
export type TextSearch = { match: SQL | null; rest: SQL | null };

export function textSearch(q: string): TextSearch {
  if (!SEARCH_DRIVES_LISTS) throw new Error('textSearch: SQLite FTS5 only; on PostgreSQL use caseTextMatch');
  const terms = searchTerms(q);
  const length = (t: string) => [...t].length;
  const parts: SQL[] = [];
  for (const t of terms) {
    if (length(t) >= TRIGRAM_MIN) parts.push(sql`${ftsPhrase(t)}`);
    else if (length(t) >= VOCABULARY_MIN) parts.push(sql`'(' || ${windowsStartingWith(t)} || ')'`);
  }
  const short = terms.filter((t) => length(t) < VOCABULARY_MIN);
  return {
    match: parts.length ? sql.join(parts, sql` || ' AND ' || `) : null,
    rest: short.length ? and(...short.map(shortTermMatch))! : null,
  };
}

/**
 * The cases whose words match `q`, as one condition on the cases table. `+id`: the matches are read once
 * and each case the other conditions find is checked against them; SQLite never walks a common word's
 * county-wide matches one cases row at a time (a search the index should drive goes through `textSearch`).
 */
export function caseTextMatch(q: string): SQL {
  if (!SEARCH_DRIVES_LISTS) return pgTextMatch(q);
  const { match, rest } = textSearch(q);
  const conditions: SQL[] = [];
  if (match) conditions.push(sql`+${cases.id} in (select rowid from cases_fts where cases_fts match (${match}))`);
  if (rest) conditions.push(rest);
  return conditions.length ? and(...conditions)! : EVERYTHING;
}

/**
 * PostgreSQL: every term somewhere in the four searched columns, ignoring case (cases_search_trgm_idx for 3+
 * characters). A term without letters that have a case (Chinese, digits) is matched with LIKE, which then means the
 * same as ILIKE, without folding the case of every text first (60,000 cases' four columns: ILIKE ~75–110 ms, LIKE
 * ~21 ms). A 2-character term, which the trigram index cannot answer, is also looked up among each case's
 * 2-character windows (cases_search_bigram_idx: the expression is the index's own, so the planner can seek it), in
 * lower case as the index holds them; the LIKE still decides. Without it a 路灯 in a county community checked all of
 * the community's cases until it had counted the tab's first 1,000 (~80 ms).
 */
function pgTextMatch(q: string): SQL {
  const terms = searchTerms(q);
  if (terms.length === 0) return EVERYTHING;
  return and(
    ...terms.map((term) => {
      const pattern = `%${escapeLike(term)}%`;
      const caseless = term.toLowerCase() === term.toUpperCase();
      const match = (column: SQLiteColumn) => (caseless ? sql`${column} like ${pattern} escape '\\'` : likeCaseless(column, pattern));
      const like = or(...[cases.number, cases.description, cases.place, cases.residentName].map(match))!;
      if ([...term].length !== VOCABULARY_MIN) return like;
      const windows = sql`yh_case_bigrams(${cases.number}, ${cases.description}, ${cases.place}, ${cases.residentName})`;
      return sql`(${windows} @> array[lower(${term}::text)] and ${like})`;
    }),
  )!;
}
