CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`token_prefix` text NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_idx` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_account_id` integer,
	`actor_label` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text,
	`target_account_id` integer,
	`target_unit_id` integer,
	`data` text,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_events_case_idx` ON `case_events` (`case_id`,`id`);--> statement-breakpoint
CREATE INDEX `case_events_actor_idx` ON `case_events` (`actor_account_id`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `case_events_unit_idx` ON `case_events` (`target_unit_id`);--> statement-breakpoint
CREATE TABLE `case_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`event_id` integer,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `case_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_photos_case_idx` ON `case_photos` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`public_token_hash` text NOT NULL,
	`description` text NOT NULL,
	`category_id` integer,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`source` text NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`grid_id` integer NOT NULL,
	`household_id` integer,
	`place` text,
	`resident_name` text,
	`resident_phone` text,
	`status` text NOT NULL,
	`handler_kind` text,
	`handler_account_id` integer,
	`handler_unit_id` integer,
	`escalation_level` integer DEFAULT 0 NOT NULL,
	`accept_due_at` integer NOT NULL,
	`resolve_due_at` integer,
	`rate_due_at` integer,
	`supervised` integer DEFAULT false NOT NULL,
	`supervision_note` text,
	`supervised_by_account_id` integer,
	`extension_requested_hours` integer,
	`extension_reason` text,
	`duplicate_of_id` integer,
	`rating` text,
	`rating_comment` text,
	`reopen_count` integer DEFAULT 0 NOT NULL,
	`close_reason` text,
	`created_at` integer NOT NULL,
	`accepted_at` integer,
	`resolved_at` integer,
	`rated_at` integer,
	`closed_at` integer,
	`updated_at` integer NOT NULL,
	`created_by_account_id` integer,
	`api_token_id` integer,
	`intake_point_id` integer,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grid_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handler_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handler_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supervised_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`duplicate_of_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`api_token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`intake_point_id`) REFERENCES `intake_points`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cases_number_idx` ON `cases` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `cases_token_idx` ON `cases` (`public_token_hash`);--> statement-breakpoint
CREATE INDEX `cases_path_created_idx` ON `cases` (`node_path`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_status_idx` ON `cases` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_grid_status_idx` ON `cases` (`grid_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_handler_account_idx` ON `cases` (`handler_account_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_handler_unit_idx` ON `cases` (`handler_unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `cases_created_idx` ON `cases` (`created_at`);--> statement-breakpoint
CREATE TABLE `intake_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `intake_points_code_idx` ON `intake_points` (`code`);--> statement-breakpoint
CREATE INDEX `intake_points_node_idx` ON `intake_points` (`node_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_account_idx` ON `notifications` (`account_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `rate_limit_hits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limit_hits_key_idx` ON `rate_limit_hits` (`key`,`at`);