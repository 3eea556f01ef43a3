CREATE TABLE `co_projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`community_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`owner_unit_id` integer NOT NULL,
	`contact_name` text,
	`contact_phone` text,
	`target_date` text,
	`status` text DEFAULT 'not_started' NOT NULL,
	`done_reported_at` integer,
	`confirmed_at` integer,
	`confirmed_by_account_id` integer,
	`meeting_id` integer,
	`version` integer DEFAULT 0 NOT NULL,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `community_needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`community_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `joint_meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `co_projects_community_idx` ON `co_projects` (`community_id`,`status`);--> statement-breakpoint
CREATE INDEX `co_projects_need_idx` ON `co_projects` (`need_id`);--> statement-breakpoint
CREATE INDEX `co_projects_owner_idx` ON `co_projects` (`owner_unit_id`,`status`);--> statement-breakpoint
CREATE TABLE `community_needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`source` text NOT NULL,
	`meeting_id` integer,
	`active` integer DEFAULT true NOT NULL,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `joint_meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `community_needs_community_idx` ON `community_needs` (`community_id`,`id`);--> statement-breakpoint
CREATE TABLE `joint_meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`community_id` integer NOT NULL,
	`held_on` text NOT NULL,
	`topics` text NOT NULL,
	`decisions` text NOT NULL,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`community_id`) REFERENCES `org_nodes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `joint_meetings_community_idx` ON `joint_meetings` (`community_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `meeting_units` (
	`meeting_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `unit_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `joint_meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `need_cases` (
	`need_id` integer NOT NULL,
	`case_id` integer NOT NULL,
	`added_by_account_id` integer,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`need_id`, `case_id`),
	FOREIGN KEY (`need_id`) REFERENCES `community_needs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `need_cases_case_idx` ON `need_cases` (`case_id`);--> statement-breakpoint
CREATE TABLE `project_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`update_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `co_projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`update_id`) REFERENCES `project_updates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_photos_project_idx` ON `project_photos` (`project_id`);--> statement-breakpoint
CREATE TABLE `project_units` (
	`project_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`project_id`, `unit_id`),
	FOREIGN KEY (`project_id`) REFERENCES `co_projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_units_unit_idx` ON `project_units` (`unit_id`);--> statement-breakpoint
CREATE TABLE `project_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`at` integer NOT NULL,
	`step` text NOT NULL,
	`account_id` integer,
	`actor_label` text NOT NULL,
	`note` text,
	`from_status` text,
	`to_status` text NOT NULL,
	`meeting_id` integer,
	FOREIGN KEY (`project_id`) REFERENCES `co_projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`meeting_id`) REFERENCES `joint_meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `project_updates_project_idx` ON `project_updates` (`project_id`,`id`);--> statement-breakpoint
CREATE INDEX `project_updates_meeting_idx` ON `project_updates` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `unit_resources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`kind` text NOT NULL,
	`description` text NOT NULL,
	`availability` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_by_account_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unit_resources_unit_idx` ON `unit_resources` (`unit_id`,`id`);