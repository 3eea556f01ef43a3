-- Full-text search over requests for the secretary's queue (lib/desk/text-search.ts).
-- drizzle-kit cannot express a virtual table, so this migration is hand-written.
-- The trigram tokenizer indexes every 3-character window, so any Chinese substring of 3+
-- characters is found without word segmentation; shorter terms fall back to instr().
-- External content: the index stores no copy of the text, it points at cases.id.
CREATE VIRTUAL TABLE `cases_fts` USING fts5(`number`, `description`, `place`, `resident_name`, content='cases', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO `cases_fts`(rowid, `number`, `description`, `place`, `resident_name`) VALUES (new.id, new.number, new.description, new.place, new.resident_name);
END;
--> statement-breakpoint
-- Only the searched columns: status changes (the common update) leave the index alone.
CREATE TRIGGER `cases_fts_after_update` AFTER UPDATE OF `number`, `description`, `place`, `resident_name` ON `cases` BEGIN
  INSERT INTO `cases_fts`(`cases_fts`, rowid, `number`, `description`, `place`, `resident_name`) VALUES ('delete', old.id, old.number, old.description, old.place, old.resident_name);
  INSERT INTO `cases_fts`(rowid, `number`, `description`, `place`, `resident_name`) VALUES (new.id, new.number, new.description, new.place, new.resident_name);
END;
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO `cases_fts`(`cases_fts`, rowid, `number`, `description`, `place`, `resident_name`) VALUES ('delete', old.id, old.number, old.description, old.place, old.resident_name);
END;
--> statement-breakpoint
INSERT INTO `cases_fts`(rowid, `number`, `description`, `place`, `resident_name`) SELECT `id`, `number`, `description`, `place`, `resident_name` FROM `cases`;
