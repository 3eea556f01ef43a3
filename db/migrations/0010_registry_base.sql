CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`node_path` text NOT NULL,
	`account_id` integer NOT NULL,
	`visited_at` integer NOT NULL,
	`met` text,
	`notes` text,
	`observations` text,
	`photo_file_name` text,
	`case_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visits_household_idx` ON `visits` (`household_id`,`visited_at`);--> statement-breakpoint
CREATE INDEX `visits_path_idx` ON `visits` (`node_path`,`visited_at`);--> statement-breakpoint
CREATE INDEX `visits_account_idx` ON `visits` (`account_id`,`visited_at`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `household_care_tags` ADD `since` text;--> statement-breakpoint
ALTER TABLE `household_care_tags` ADD `note` text;--> statement-breakpoint
ALTER TABLE `households` ADD `status` text DEFAULT 'occupied' NOT NULL;--> statement-breakpoint
ALTER TABLE `households` ADD `status_since` text;--> statement-breakpoint
ALTER TABLE `org_nodes` ADD `leader_party_member_id` integer REFERENCES party_members(id);--> statement-breakpoint
ALTER TABLE `org_nodes` ADD `retired_at` integer;--> statement-breakpoint
ALTER TABLE `party_members` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `party_members` ADD `left_on` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `birth_date` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `id_number` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `status` text DEFAULT 'present' NOT NULL;--> statement-breakpoint
ALTER TABLE `persons` ADD `moved_in_on` text;--> statement-breakpoint
ALTER TABLE `persons` ADD `status_since` text;--> statement-breakpoint
CREATE UNIQUE INDEX `persons_id_number_idx` ON `persons` (`id_number`);--> statement-breakpoint
CREATE INDEX `persons_birth_date_idx` ON `persons` (`birth_date`);--> statement-breakpoint
ALTER TABLE `units` ADD `active` integer DEFAULT true NOT NULL;--> statement-breakpoint
UPDATE `persons` SET `birth_date` = printf('%04d-07-01', `birth_year`) WHERE `birth_date` IS NULL;