-- Two-character search terms ("路灯", "漏水") through the trigram index instead of a substring scan (lib/desk/text-search.ts).
-- A trigram index holds every 3-character window of a text. Each indexed column now ends with one sentinel
-- character (char(31), which no validated text contains), so every occurrence of a 2-character term is the
-- start of some window: the term's matches are the rows holding any indexed window that begins with it,
-- found through the index's vocabulary (cases_fts_terms) by a range on the term.
-- The index reads its text from the view cases_fts_source, so 'rebuild' (db/demo/bulk-insert.ts) adds the
-- sentinels as the triggers do. Only rowids are ever read back, never the text.
DROP TRIGGER `cases_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `cases_fts_after_update`;
--> statement-breakpoint
DROP TRIGGER `cases_fts_after_delete`;
--> statement-breakpoint
DROP TABLE `cases_fts`;
--> statement-breakpoint
CREATE VIEW `cases_fts_source` AS SELECT `id`, `number` || char(31) AS `number`, `description` || char(31) AS `description`, `place` || char(31) AS `place`, `resident_name` || char(31) AS `resident_name` FROM `cases`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `cases_fts` USING fts5(`number`, `description`, `place`, `resident_name`, content='cases_fts_source', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `cases_fts_terms` USING fts5vocab(`cases_fts`, 'row');
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO `cases_fts`(rowid, `number`, `description`, `place`, `resident_name`) VALUES (new.id, new.number || char(31), new.description || char(31), new.place || char(31), new.resident_name || char(31));
END;
--> statement-breakpoint
-- Only the searched columns: status changes (the common update) leave the index alone.
CREATE TRIGGER `cases_fts_after_update` AFTER UPDATE OF `number`, `description`, `place`, `resident_name` ON `cases` BEGIN
  INSERT INTO `cases_fts`(`cases_fts`, rowid, `number`, `description`, `place`, `resident_name`) VALUES ('delete', old.id, old.number || char(31), old.description || char(31), old.place || char(31), old.resident_name || char(31));
  INSERT INTO `cases_fts`(rowid, `number`, `description`, `place`, `resident_name`) VALUES (new.id, new.number || char(31), new.description || char(31), new.place || char(31), new.resident_name || char(31));
END;
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO `cases_fts`(`cases_fts`, rowid, `number`, `description`, `place`, `resident_name`) VALUES ('delete', old.id, old.number || char(31), old.description || char(31), old.place || char(31), old.resident_name || char(31));
END;
--> statement-breakpoint
INSERT INTO `cases_fts`(`cases_fts`) VALUES ('rebuild');
