// Full-text search over a case's words (number, description, place, resident name) that works for Chinese.
// The trigram FTS5 index (migration 0003_case_search) finds any substring of 3+ characters;
// shorter terms, common in Chinese ("路灯", "漏水"), fall back to a substring scan.
import { and, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { cases } from '@/db/schema';

/** Trigram MATCH needs at least three characters (code points, not UTF-16 units). */
const TRIGRAM_MIN = 3;

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

export function caseTextMatch(q: string): SQL {
  const terms = searchTerms(q);
  if (terms.length === 0) return sql`1`;
  const long = terms.filter((t) => [...t].length >= TRIGRAM_MIN);
  const short = terms.filter((t) => [...t].length < TRIGRAM_MIN);
  const conditions: SQL[] = [];
  if (long.length) {
    const match = long.map(ftsPhrase).join(' AND ');
    conditions.push(sql`${cases.id} in (select rowid from cases_fts where cases_fts match ${match})`);
  }
  for (const t of short) conditions.push(shortTermMatch(t));
  return and(...conditions)!;
}
