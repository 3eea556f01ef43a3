-- The timeline is append-only in the database itself: an event is never deleted and never
-- changed, except that the retention purge (PIPL, lib/pipl/retention.ts) may clear its free-text note.
CREATE TRIGGER `case_events_no_delete` BEFORE DELETE ON `case_events` BEGIN
  SELECT RAISE(ABORT, 'case_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `case_events_no_update` BEFORE UPDATE ON `case_events`
WHEN NEW.`id` IS NOT OLD.`id` OR NEW.`case_id` IS NOT OLD.`case_id` OR NEW.`at` IS NOT OLD.`at`
  OR NEW.`action` IS NOT OLD.`action` OR NEW.`actor_kind` IS NOT OLD.`actor_kind`
  OR NEW.`actor_account_id` IS NOT OLD.`actor_account_id` OR NEW.`actor_label` IS NOT OLD.`actor_label`
  OR NEW.`from_status` IS NOT OLD.`from_status` OR NEW.`to_status` IS NOT OLD.`to_status`
  OR NEW.`target_account_id` IS NOT OLD.`target_account_id` OR NEW.`target_unit_id` IS NOT OLD.`target_unit_id`
  OR NEW.`data` IS NOT OLD.`data` OR (NEW.`note` IS NOT NULL AND NEW.`note` IS NOT OLD.`note`)
BEGIN
  SELECT RAISE(ABORT, 'case_events is append-only');
END;
