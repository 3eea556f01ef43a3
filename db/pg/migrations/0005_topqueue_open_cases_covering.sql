-- As SQLite's 0019: the open cases' index carries the columns the statistics read of an open case (an index-only scan).
DROP INDEX IF EXISTS "cases_open_path_idx";--> statement-breakpoint
CREATE INDEX "cases_open_path_idx" ON "cases" ("node_path", "created_at") INCLUDE ("status", "grid_id", "category_id", "source", "handler_kind", "handler_account_id", "accept_due_at", "resolve_due_at") WHERE "status" IN ('submitted', 'accepted', 'assigned', 'in_progress');
