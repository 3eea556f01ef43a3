ALTER TABLE `cases` ADD `client_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `cases_client_key_idx` ON `cases` (`client_key`);