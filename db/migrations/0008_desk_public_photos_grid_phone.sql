ALTER TABLE `case_photos` ADD `public` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `org_nodes` ADD `service_phone` text;