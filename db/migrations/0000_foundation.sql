CREATE TABLE `account_scopes` (
	`account_id` integer NOT NULL,
	`node_id` integer NOT NULL,
	PRIMARY KEY(`account_id`, `node_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `account_scopes_node_idx` ON `account_scopes` (`node_id`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`phone` text,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`unit_id` integer,
	`party_member_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`party_member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_username_idx` ON `accounts` (`username`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_phone_idx` ON `accounts` (`phone`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`account_id` integer NOT NULL,
	`at` integer NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`detail` text,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_account_idx` ON `audit_log` (`account_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`group` text NOT NULL,
	`description` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `categories_code_idx` ON `categories` (`code`);--> statement-breakpoint
CREATE TABLE `central_household_links` (
	`household_id` integer PRIMARY KEY NOT NULL,
	`central_household_id` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`central_household_id`) REFERENCES `central_households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `central_household_links_central_idx` ON `central_household_links` (`central_household_id`);--> statement-breakpoint
CREATE TABLE `central_households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`party_member_id` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`party_member_id`) REFERENCES `party_members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `central_households_household_idx` ON `central_households` (`household_id`);--> statement-breakpoint
CREATE INDEX `central_households_member_idx` ON `central_households` (`party_member_id`);--> statement-breakpoint
CREATE TABLE `household_care_tags` (
	`household_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`household_id`, `tag`),
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `household_care_tags_tag_idx` ON `household_care_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`unit` text,
	`room` text,
	`address` text NOT NULL,
	`size` integer NOT NULL,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "households_size_check" CHECK("households"."size" >= 0)
);
--> statement-breakpoint
CREATE INDEX `households_node_idx` ON `households` (`node_id`,`unit`,`room`);--> statement-breakpoint
CREATE INDEX `households_path_idx` ON `households` (`node_path`);--> statement-breakpoint
CREATE TABLE `org_nodes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`parent_id` integer,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`party_org_name` text,
	`rural` integer DEFAULT false NOT NULL,
	`path` text NOT NULL,
	`depth` integer NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_nodes_path_idx` ON `org_nodes` (`path`);--> statement-breakpoint
CREATE INDEX `org_nodes_parent_idx` ON `org_nodes` (`parent_id`,`sort_order`);--> statement-breakpoint
CREATE INDEX `org_nodes_kind_idx` ON `org_nodes` (`kind`);--> statement-breakpoint
CREATE TABLE `party_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text NOT NULL,
	`workplace` text,
	`unit_id` integer,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`registered_on` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `persons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `party_members_person_idx` ON `party_members` (`person_id`);--> statement-breakpoint
CREATE INDEX `party_members_path_idx` ON `party_members` (`node_path`);--> statement-breakpoint
CREATE TABLE `persons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer,
	`name` text NOT NULL,
	`phone` text,
	`gender` text NOT NULL,
	`birth_year` integer NOT NULL,
	`relation` text DEFAULT 'other' NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `persons_household_idx` ON `persons` (`household_id`);--> statement-breakpoint
CREATE INDEX `persons_phone_idx` ON `persons` (`phone`);--> statement-breakpoint
CREATE INDEX `persons_name_idx` ON `persons` (`name`);--> statement-breakpoint
CREATE TABLE `sign_in_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL,
	`succeeded` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_attempts_key_idx` ON `sign_in_attempts` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `time_limits` (
	`category_id` integer NOT NULL,
	`urgency` text NOT NULL,
	`accept_hours` integer NOT NULL,
	`resolve_hours` integer NOT NULL,
	PRIMARY KEY(`category_id`, `urgency`),
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "time_limits_positive" CHECK("time_limits"."accept_hours" > 0 AND "time_limits"."resolve_hours" >= "time_limits"."accept_hours")
);
--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`party_org_name` text,
	`contact_name` text,
	`contact_phone` text,
	`node_id` integer NOT NULL,
	`node_path` text NOT NULL,
	FOREIGN KEY (`node_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_name_idx` ON `units` (`name`);--> statement-breakpoint
CREATE INDEX `units_path_idx` ON `units` (`node_path`);