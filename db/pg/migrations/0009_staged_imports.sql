CREATE TABLE "staged_imports" (
	"token" text PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL,
	"blob_name" text NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"consumed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "staged_imports_expires_idx" ON "staged_imports" USING btree ("expires_at");