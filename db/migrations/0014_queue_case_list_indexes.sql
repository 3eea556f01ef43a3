DROP INDEX `cases_status_idx`;--> statement-breakpoint
DROP INDEX `cases_created_idx`;--> statement-breakpoint
CREATE INDEX `cases_updated_idx` ON `cases` (`updated_at`,`node_path`);--> statement-breakpoint
-- Hand-corrected: drizzle-kit splits an index expression at its commas. Must equal CASE_DUE_KEY in db/schema.ts.
CREATE INDEX `cases_due_idx` ON `cases` (coalesce(case when status = 'submitted' then accept_due_at when status in ('accepted', 'assigned', 'in_progress') then resolve_due_at end, 9007199254740991),`node_path`);--> statement-breakpoint
CREATE INDEX `cases_grid_created_idx` ON `cases` (`grid_id`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_node_created_idx` ON `cases` (`node_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_category_created_idx` ON `cases` (`category_id`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_source_created_idx` ON `cases` (`source`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_urgency_created_idx` ON `cases` (`urgency`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_rating_created_idx` ON `cases` (`rating`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_supervised_created_idx` ON `cases` (`supervised`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_supervisor_idx` ON `cases` (`supervised_by_account_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_handler_created_idx` ON `cases` (`handler_account_id`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_unit_created_idx` ON `cases` (`handler_unit_id`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`created_at`,`node_path`);--> statement-breakpoint
CREATE INDEX `cases_created_idx` ON `cases` (`created_at`,`node_path`);