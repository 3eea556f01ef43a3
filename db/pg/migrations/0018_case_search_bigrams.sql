-- Hand-written: an index for 2-character searches (issue 12). pg_trgm's index (cases_search_trgm_idx) answers terms
-- of three or more characters; a 2-character term such as 路灯 has no trigram of its own, so the search scanned every
-- case of the scope (a county community: ~20,000, ~80 ms). SQLite's FTS5 index holds 2-character terms; this is the
-- same for PostgreSQL: every case's distinct 2-character windows of its four searched columns (lower case, the
-- columns joined by a space, which no search term holds), in a GIN index. A 2-character term is then one seek of
-- its window; lib/desk/text-search.ts still checks LIKE on each case found, so the index only narrows the search.
CREATE FUNCTION yh_case_bigrams(num text, descr text, place text, who text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
  FROM (SELECT lower(coalesce(num, '') || ' ' || coalesce(descr, '') || ' ' || coalesce(place, '') || ' ' || coalesce(who, '')) AS t) AS s,
       generate_series(1, char_length(t) - 1) AS i
$$;--> statement-breakpoint
CREATE INDEX "cases_search_bigram_idx" ON "cases" USING gin (yh_case_bigrams("number", "description", "place", "resident_name"));
