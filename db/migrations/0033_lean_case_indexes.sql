-- Leaner indexes on cases (issue 11 §3, the cost of one command). Every index of a row is written when it is inserted,
-- and rewritten when a column it holds changes. The handler, unit, supervisor, client-key and category indexes now hold
-- only the rows that have a value: those columns are null on a new request (and a handler's on most open ones), and
-- every query of them asks for a value (column = ?), which implies IS NOT NULL, so each still seeks its index. The
-- retention job's index holds finished cases only: its key has updated_at, which every action on an open case changes.
-- cases_grid_status_idx (grid_id, status) goes: no query seeks it (cases_grid_created_idx serves grid_id = ?, the
-- worker home reads cases_status_path_idx), yet every insert and every change of status rewrote it.
DROP INDEX `cases_grid_status_idx`;--> statement-breakpoint
DROP INDEX `cases_handler_account_idx`;--> statement-breakpoint
DROP INDEX `cases_handler_unit_idx`;--> statement-breakpoint
DROP INDEX `cases_client_key_idx`;--> statement-breakpoint
DROP INDEX `cases_category_created_idx`;--> statement-breakpoint
DROP INDEX `cases_supervisor_idx`;--> statement-breakpoint
DROP INDEX `cases_handler_created_idx`;--> statement-breakpoint
DROP INDEX `cases_unit_created_idx`;--> statement-breakpoint
DROP INDEX `cases_retention_idx`;--> statement-breakpoint
CREATE INDEX `cases_handler_account_idx` ON `cases` (`handler_account_id`,`status`) WHERE handler_account_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_handler_unit_idx` ON `cases` (`handler_unit_id`,`status`) WHERE handler_unit_id IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `cases_client_key_idx` ON `cases` (`client_key`) WHERE client_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_category_created_idx` ON `cases` (`category_id`,`created_at`,`node_path`) WHERE category_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_supervisor_idx` ON `cases` (`supervised_by_account_id`,`status`) WHERE supervised_by_account_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_handler_created_idx` ON `cases` (`handler_account_id`,`created_at`,`node_path`) WHERE handler_account_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_unit_created_idx` ON `cases` (`handler_unit_id`,`created_at`,`node_path`) WHERE handler_unit_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_retention_idx` ON `cases` (`personal_data_purged_at`,coalesce(closed_at, updated_at)) WHERE status IN ('closed', 'rejected', 'duplicate');