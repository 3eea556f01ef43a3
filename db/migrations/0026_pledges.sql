CREATE TABLE `pledge_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`group` text NOT NULL,
	`place` text,
	`due_on` text,
	`active` integer DEFAULT true NOT NULL,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pledge_items_path_idx` ON `pledge_items` (`node_path`,`active`);--> statement-breakpoint
CREATE TABLE `pledges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`party_member_id` integer NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`month` text NOT NULL,
	`kind` text NOT NULL,
	`case_id` integer,
	`item_id` integer,
	`title` text NOT NULL,
	`description` text,
	`group` text NOT NULL,
	`status` text NOT NULL,
	`review_note` text,
	`reviewed_by_account_id` integer,
	`reviewed_at` integer,
	`progress_note` text,
	`progress_at` integer,
	`recorded_by_account_id` integer,
	`created_at` integer NOT NULL,
	`evaluation` text,
	`evaluation_comment` text,
	`evaluated_by_account_id` integer,
	`evaluated_at` integer,
	FOREIGN KEY (`party_member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `pledge_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`evaluated_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pledges_path_month_idx` ON `pledges` (`node_path`,`month`);--> statement-breakpoint
CREATE INDEX `pledges_member_month_idx` ON `pledges` (`party_member_id`,`month`);--> statement-breakpoint
CREATE INDEX `pledges_month_path_idx` ON `pledges` (`month`,`node_path`);--> statement-breakpoint
CREATE UNIQUE INDEX `pledges_case_idx` ON `pledges` (`case_id`,`party_member_id`,`month`);--> statement-breakpoint
CREATE UNIQUE INDEX `pledges_item_idx` ON `pledges` (`item_id`,`party_member_id`,`month`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`case_id` integer,
	`kind` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_notifications`("id", "account_id", "case_id", "kind", "note", "created_at", "read_at") SELECT "id", "account_id", "case_id", "kind", "note", "created_at", "read_at" FROM `notifications`;--> statement-breakpoint
DROP TABLE `notifications`;--> statement-breakpoint
ALTER TABLE `__new_notifications` RENAME TO `notifications`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `notifications_account_idx` ON `notifications` (`account_id`,`read_at`,`created_at`);