CREATE TABLE `job_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`next_due_at` integer NOT NULL,
	`holder` text,
	`claimed_at` integer
);
