CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"next_due_at" timestamp (3) with time zone NOT NULL,
	"holder" text,
	"claimed_at" timestamp (3) with time zone
);
