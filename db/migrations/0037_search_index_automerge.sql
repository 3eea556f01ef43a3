-- The full-text index (cases_fts, FTS5 trigram) merges its segments 8 at a time instead of 4 (FTS5's `automerge`,
-- kept in cases_fts_config). FTS5 writes each transaction's new terms as a segment and merges segments of one level
-- into the next as they accumulate, a little more work with every write: with 4 a case's terms are rewritten about
-- log4(n) times over the index's life, with 8 about log8(n) (two thirds as often). On the county's million requests,
-- one create at a time, a create's CPU went from ~0.58–0.60 to ~0.43–0.50 ms once past the first thousand (8,000
-- creates, measured on 2026-12-05 on this project's 2-core VM), while a search reads at most 8 segments a level instead of 4
-- (after 20,000 creates, a match of 充电桩 or 楼道灯 ordered by rowid took 0.03–0.05 ms either way).
INSERT INTO `cases_fts`(`cases_fts`, `rank`) VALUES ('automerge', 8);
