-- The open cases' index of the statistics (0013's cases_open_path_idx, read `indexed by` in lib/stats/direct.ts) holds every
-- column the statistics read of an open case, so the open cases of a county's year (a few thousand) come from the index
-- alone instead of one lookup each in a table of a million rows. Still partial: only open cases are in it, so a write
-- to a closed case costs nothing more, and an open case's write the same one index entry as before.
DROP INDEX IF EXISTS `cases_open_path_idx`;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `cases_open_path_idx` ON `cases` (`node_path`, `created_at`, `status`, `grid_id`, `category_id`, `source`, `handler_kind`, `handler_account_id`, `accept_due_at`, `resolve_due_at`) WHERE `status` IN ('submitted', 'accepted', 'assigned', 'in_progress');
