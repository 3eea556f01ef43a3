CREATE TABLE `case_publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`public_text` text NOT NULL,
	`photo_ids` text NOT NULL,
	`published_by_account_id` integer NOT NULL,
	`published_at` integer NOT NULL,
	`updated_by_account_id` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`withdrawn_at` integer,
	`withdrawn_by_account_id` integer,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`withdrawn_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_publications_case_idx` ON `case_publications` (`case_id`);--> statement-breakpoint
CREATE INDEX `case_publications_kind_idx` ON `case_publications` (`kind`,`withdrawn_at`,`published_at`);--> statement-breakpoint
CREATE TABLE `case_supports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`device_hash` text,
	`from_case_id` integer,
	`token_hash` text,
	`phone` text,
	`rating` text,
	`rated_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `case_supports_device_idx` ON `case_supports` (`case_id`,`device_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_supports_from_idx` ON `case_supports` (`from_case_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `case_supports_token_idx` ON `case_supports` (`token_hash`);--> statement-breakpoint
CREATE INDEX `case_supports_rating_idx` ON `case_supports` (`rating`,`case_id`);--> statement-breakpoint
ALTER TABLE `cases` ADD `support_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `cases_support_idx` ON `cases` (`support_count`,`node_path`);