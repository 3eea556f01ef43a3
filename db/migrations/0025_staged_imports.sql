CREATE TABLE `staged_imports` (
	`token` text PRIMARY KEY NOT NULL,
	`account_id` integer NOT NULL,
	`blob_name` text NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`consumed_at` integer
);
--> statement-breakpoint
CREATE INDEX `staged_imports_expires_idx` ON `staged_imports` (`expires_at`);