-- The full-text index (cases_fts, migration 0017) written once per group commit instead of once per new case.
-- FTS5 writes its pending terms to disk as a new segment whenever a statement opens a savepoint after them
-- (fts5SavepointMethod flushes), and in a create nearly every statement does: each new case cost a segment of its
-- own, ~120 µs of the event loop per create, against ~50 µs when several cases are indexed by one statement.
-- The store's group commit (db/store.ts) now marks its transaction with a row in cases_fts_deferral; while that row
-- exists, a new case's id goes into cases_fts_pending instead of the index, and before COMMIT the store indexes all
-- of the pending cases with one statement and deletes both tables' rows. Nothing outside that transaction ever sees
-- either row (it holds the write lock, and both are empty again when it commits or rolls back), so every other
-- writer (legacy synchronous transactions, bulk loads, the sqlite3 shell) indexes each case at once as before. A
-- pending case that is edited or deleted in the same transaction is not in the index yet: the update trigger leaves
-- it to the final statement (which reads its current words), and a delete just takes it off the list (one trigger,
-- its two statements in that order: two triggers with WHENs would see each other's effect, and an index 'delete' of
-- words that were never indexed corrupts FTS5's index).
CREATE TABLE `cases_fts_deferral` (`on` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
CREATE TABLE `cases_fts_pending` (`id` integer PRIMARY KEY NOT NULL);
--> statement-breakpoint
DROP TRIGGER `cases_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `cases_fts_after_update`;
--> statement-breakpoint
DROP TRIGGER `cases_fts_after_delete`;
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_insert` AFTER INSERT ON `cases` WHEN NOT EXISTS (SELECT 1 FROM `cases_fts_deferral`) BEGIN
  INSERT INTO `cases_fts`(rowid, `number`, `description`, `place`, `resident_name`) VALUES (new.id, new.number || char(31), new.description || char(31), new.place || char(31), new.resident_name || char(31));
END;
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_insert_deferred` AFTER INSERT ON `cases` WHEN EXISTS (SELECT 1 FROM `cases_fts_deferral`) BEGIN
  INSERT INTO `cases_fts_pending`(`id`) VALUES (new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_update` AFTER UPDATE OF `number`, `description`, `place`, `resident_name` ON `cases` WHEN NOT EXISTS (SELECT 1 FROM `cases_fts_pending` WHERE `id` = old.id) BEGIN
  INSERT INTO `cases_fts`(`cases_fts`, rowid, `number`, `description`, `place`, `resident_name`) VALUES ('delete', old.id, old.number || char(31), old.description || char(31), old.place || char(31), old.resident_name || char(31));
  INSERT INTO `cases_fts`(rowid, `number`, `description`, `place`, `resident_name`) VALUES (new.id, new.number || char(31), new.description || char(31), new.place || char(31), new.resident_name || char(31));
END;
--> statement-breakpoint
CREATE TRIGGER `cases_fts_after_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO `cases_fts`(`cases_fts`, rowid, `number`, `description`, `place`, `resident_name`) SELECT 'delete', old.id, old.number || char(31), old.description || char(31), old.place || char(31), old.resident_name || char(31) WHERE NOT EXISTS (SELECT 1 FROM `cases_fts_pending` WHERE `id` = old.id);
  DELETE FROM `cases_fts_pending` WHERE `id` = old.id;
END;
