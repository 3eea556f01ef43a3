CREATE TABLE `activity_signups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`name` text,
	`phone` text,
	`household_id` integer,
	`created_at` integer NOT NULL,
	`attended_at` integer,
	`confirmed_by_account_id` integer,
	FOREIGN KEY (`activity_id`) REFERENCES `volunteer_activities`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `activity_signups_phone_idx` ON `activity_signups` (`activity_id`,`phone`);--> statement-breakpoint
CREATE UNIQUE INDEX `activity_signups_household_idx` ON `activity_signups` (`activity_id`,`household_id`);--> statement-breakpoint
CREATE INDEX `activity_signups_activity_idx` ON `activity_signups` (`activity_id`,`id`);--> statement-breakpoint
CREATE TABLE `household_cards` (
	`household_id` integer PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`issued_at` integer NOT NULL,
	`issued_by_account_id` integer,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `household_cards_token_idx` ON `household_cards` (`token`);--> statement-breakpoint
CREATE TABLE `market_goods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`name` text NOT NULL,
	`price` integer NOT NULL,
	`stock` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "market_goods_price_check" CHECK("market_goods"."price" > 0),
	CONSTRAINT "market_goods_stock_check" CHECK("market_goods"."stock" >= 0)
);
--> statement-breakpoint
CREATE INDEX `market_goods_path_idx` ON `market_goods` (`node_path`);--> statement-breakpoint
CREATE TABLE `point_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`kind` text NOT NULL,
	`source_id` integer,
	`points` integer NOT NULL,
	`reason` text NOT NULL,
	`account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "point_entries_points_check" CHECK("point_entries"."points" <> 0)
);
--> statement-breakpoint
CREATE INDEX `point_entries_household_idx` ON `point_entries` (`household_id`,`id`);--> statement-breakpoint
CREATE INDEX `point_entries_created_idx` ON `point_entries` (`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `point_entries_source_idx` ON `point_entries` (`kind`,`source_id`);--> statement-breakpoint
CREATE TABLE `point_rules` (
	`key` text PRIMARY KEY NOT NULL,
	`points` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_account_id` integer,
	FOREIGN KEY (`updated_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "point_rules_points_check" CHECK("point_rules"."points" >= 0 and "point_rules"."points" <= 1000)
);
--> statement-breakpoint
CREATE TABLE `redemptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`goods_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`points` integer NOT NULL,
	`account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`goods_id`) REFERENCES `market_goods`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `redemptions_household_idx` ON `redemptions` (`household_id`,`id`);--> statement-breakpoint
CREATE INDEX `redemptions_goods_idx` ON `redemptions` (`goods_id`,`id`);--> statement-breakpoint
CREATE TABLE `volunteer_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`place` text NOT NULL,
	`starts_at` integer NOT NULL,
	`points` integer NOT NULL,
	`capacity` integer NOT NULL,
	`cancelled_at` integer,
	`created_by_account_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "volunteer_activities_points_check" CHECK("volunteer_activities"."points" > 0),
	CONSTRAINT "volunteer_activities_capacity_check" CHECK("volunteer_activities"."capacity" > 0)
);
--> statement-breakpoint
CREATE INDEX `volunteer_activities_path_idx` ON `volunteer_activities` (`node_path`,`starts_at`);--> statement-breakpoint
-- Custom (not generated): the points ledger is append-only in the database itself, like the audit log; a balance
-- is the sum of a household's entries, so an entry rewritten or erased would change history.
CREATE TRIGGER `point_entries_no_update` BEFORE UPDATE ON `point_entries` BEGIN
  SELECT RAISE(ABORT, 'point_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `point_entries_no_delete` BEFORE DELETE ON `point_entries` BEGIN
  SELECT RAISE(ABORT, 'point_entries is append-only');
END;
