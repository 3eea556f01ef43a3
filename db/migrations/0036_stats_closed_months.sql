-- Statistics aggregates, sixth shape: 0034's, with the year and quarter rollups (stats_grid_periods,
-- stats_grid_claim_periods, stats_node_hour_periods) holding the closed months only: the months before the one in
-- stats_period_boundary (the current China month when this ran; lib/stats/periods.ts moves it on as months end, the
-- scheduler's close-stats-months job). A month row of the current month no longer cascades into its year and its
-- quarter: an accept of this month's request upserted 12 period rows beside its 7 month rows (on the demo, 0.07 ms of
-- its ~0.37 ms of CPU and 10 of its 34 WAL pages), now none. The readers (lib/stats/aggregates.ts) take a whole year
-- or quarter from the rollup and its months from the boundary on from the month tables, both in one statement (one
-- snapshot), so every figure is as before whatever the boundary. No row in stats_period_boundary (PostgreSQL's
-- freshly migrated database) means no month is closed: the rollups are empty.
-- Custom SQL (triggers; drizzle-kit cannot express them). Like 0034 this file defines the whole of the aggregates
-- (db/stats-aggregates.ts runs the newest *_stats_*.sql); it was made from 0034 by the boundary alone.
DROP TABLE IF EXISTS `stats_period_boundary`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_periods_after_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_periods_after_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_periods_after_update_moved`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_periods_after_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_grid_periods`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_claim_periods_after_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_claim_periods_after_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_claim_periods_after_update_moved`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_claim_periods_after_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_grid_claim_periods`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_hour_periods_after_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_hour_periods_after_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_hour_periods_after_update_moved`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_hour_periods_after_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_node_hour_periods`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_cases_after_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_cases_after_insert_durations`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_cases_after_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_months_after_update_moved`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_months_after_update_same`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_months_after_update_moved`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_months_after_update_same`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_hours_accept_after_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_node_hours_resolve_after_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_claims_after_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_grid_claims_after_claim`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_grid_months`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_node_months`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_node_hours`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_grid_claims`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_case_supports_after_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_case_supports_after_update`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `stats_case_supports_after_delete`;
--> statement-breakpoint
DROP TABLE IF EXISTS `stats_case_supports`;
--> statement-breakpoint
CREATE TABLE `stats_grid_months` (
  `grid_id` integer NOT NULL,
  `month` text NOT NULL,
  `worker_id` integer NOT NULL,
  `received` integer NOT NULL DEFAULT 0,
  `rejected` integer NOT NULL DEFAULT 0,
  `duplicate` integer NOT NULL DEFAULT 0,
  `responded` integer NOT NULL DEFAULT 0,
  `resolved` integer NOT NULL DEFAULT 0,
  `satisfied` integer NOT NULL DEFAULT 0,
  `basically` integer NOT NULL DEFAULT 0,
  `unsatisfied` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`grid_id`, `month`, `worker_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stats_node_months` (
  `node_id` integer NOT NULL,
  `month` text NOT NULL,
  `category_id` integer NOT NULL,
  `source` text NOT NULL,
  `received` integer NOT NULL DEFAULT 0,
  `rejected` integer NOT NULL DEFAULT 0,
  `duplicate` integer NOT NULL DEFAULT 0,
  `responded` integer NOT NULL DEFAULT 0,
  `resolved` integer NOT NULL DEFAULT 0,
  `satisfied` integer NOT NULL DEFAULT 0,
  `basically` integer NOT NULL DEFAULT 0,
  `unsatisfied` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`node_id`, `month`, `category_id`, `source`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stats_node_hours` (
  `node_id` integer NOT NULL,
  `month` text NOT NULL,
  `kind` integer NOT NULL,
  `bucket` integer NOT NULL,
  `n` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`node_id`, `month`, `kind`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stats_grid_claims` (
  `grid_id` integer NOT NULL,
  `month` text NOT NULL,
  `account_id` integer NOT NULL,
  `claims` integer NOT NULL DEFAULT 0,
  `done` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`grid_id`, `month`, `account_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TRIGGER `stats_cases_after_insert` AFTER INSERT ON `cases` BEGIN
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  VALUES (new.grid_id, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when new.handler_kind in ('grid_worker', 'party_member') then new.handler_account_id end, 0), 1, (new.status = 'rejected'), (new.status = 'duplicate'), coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0), (new.status in ('resolved', 'closed')), (coalesce(new.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)))
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), coalesce(new.category_id, 0), new.source, 1, (new.status = 'rejected'), (new.status = 'duplicate'), coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0), (new.status in ('resolved', 'closed')), (coalesce(new.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0))
  FROM json_each('[' || replace(trim(substr(new.node_path, 1, coalesce(nullif(instr(new.node_path, '/' || new.grid_id || '/'), 0) + length(new.grid_id) + 1, length(new.node_path))), '/'), '/', ',') || ']') AS a WHERE true
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_cases_after_insert_durations` AFTER INSERT ON `cases`
WHEN new.accepted_at IS NOT NULL OR new.closed_at IS NOT NULL OR new.resolved_at IS NOT NULL BEGIN
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), 0, case when (coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) < 172800000 then ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at)) / 360000 else 480 + ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) - 172800000) / 8640000 end, 1
  FROM json_each('[' || replace(trim(substr(new.node_path, 1, coalesce(nullif(instr(new.node_path, '/' || new.grid_id || '/'), 0) + length(new.grid_id) + 1, length(new.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) < 172800000 then ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at)) / 360000 else 480 + ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) - 172800000) / 8640000 end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), 1, case when (new.status in ('resolved', 'closed')) then case when (new.resolved_at - new.created_at) < 172800000 then ((new.resolved_at - new.created_at)) / 360000 else 480 + ((new.resolved_at - new.created_at) - 172800000) / 8640000 end end, 1
  FROM json_each('[' || replace(trim(substr(new.node_path, 1, coalesce(nullif(instr(new.node_path, '/' || new.grid_id || '/'), 0) + length(new.grid_id) + 1, length(new.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (new.status in ('resolved', 'closed')) then case when (new.resolved_at - new.created_at) < 172800000 then ((new.resolved_at - new.created_at)) / 360000 else 480 + ((new.resolved_at - new.created_at) - 172800000) / 8640000 end end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_cases_after_delete` AFTER DELETE ON `cases` BEGIN
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  VALUES (old.grid_id, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when old.handler_kind in ('grid_worker', 'party_member') then old.handler_account_id end, 0), -1, -(old.status = 'rejected'), -(old.status = 'duplicate'), -coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0), -(old.status in ('resolved', 'closed')), -(coalesce(old.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)))
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), coalesce(old.category_id, 0), old.source, -1, -(old.status = 'rejected'), -(old.status = 'duplicate'), -coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0), -(old.status in ('resolved', 'closed')), -(coalesce(old.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0))
  FROM json_each('[' || replace(trim(substr(old.node_path, 1, coalesce(nullif(instr(old.node_path, '/' || old.grid_id || '/'), 0) + length(old.grid_id) + 1, length(old.node_path))), '/'), '/', ',') || ']') AS a WHERE true
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), 0, case when (coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) < 172800000 then ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at)) / 360000 else 480 + ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) - 172800000) / 8640000 end, -1
  FROM json_each('[' || replace(trim(substr(old.node_path, 1, coalesce(nullif(instr(old.node_path, '/' || old.grid_id || '/'), 0) + length(old.grid_id) + 1, length(old.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) < 172800000 then ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at)) / 360000 else 480 + ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) - 172800000) / 8640000 end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), 1, case when (old.status in ('resolved', 'closed')) then case when (old.resolved_at - old.created_at) < 172800000 then ((old.resolved_at - old.created_at)) / 360000 else 480 + ((old.resolved_at - old.created_at) - 172800000) / 8640000 end end, -1
  FROM json_each('[' || replace(trim(substr(old.node_path, 1, coalesce(nullif(instr(old.node_path, '/' || old.grid_id || '/'), 0) + length(old.grid_id) + 1, length(old.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (old.status in ('resolved', 'closed')) then case when (old.resolved_at - old.created_at) < 172800000 then ((old.resolved_at - old.created_at)) / 360000 else 480 + ((old.resolved_at - old.created_at) - 172800000) / 8640000 end end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_grid_claims (grid_id, month, account_id, claims, done)
  SELECT old.grid_id, strftime('%Y-%m', e.at / 1000 + 28800, 'unixepoch'), e.actor_account_id, -1, -((old.status in ('resolved', 'closed')) AND old.handler_account_id IS e.actor_account_id)
  FROM case_events AS e WHERE e.case_id = old.id AND e.action = 'claim' AND e.actor_account_id IS NOT NULL
  ON CONFLICT (grid_id, month, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
END;
--> statement-breakpoint
-- Each update trigger fires only when its table's part of the contribution changed: most actions
-- (assign, claim, notes, supervision) change none of them. When the row's key stays (resolve, rate),
-- one upsert adds the difference; when it moves (accept sets the category, a tree move), the old
-- contribution is subtracted and the new one added.
CREATE TRIGGER `stats_grid_months_after_update_moved` AFTER UPDATE ON `cases` WHEN old.grid_id IS NOT new.grid_id
  OR old.created_at IS NOT new.created_at
  OR coalesce(case when old.handler_kind in ('grid_worker', 'party_member') then old.handler_account_id end, 0) IS NOT coalesce(case when new.handler_kind in ('grid_worker', 'party_member') then new.handler_account_id end, 0)
BEGIN
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  VALUES (old.grid_id, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when old.handler_kind in ('grid_worker', 'party_member') then old.handler_account_id end, 0), -1, -(old.status = 'rejected'), -(old.status = 'duplicate'), -coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0), -(old.status in ('resolved', 'closed')), -(coalesce(old.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)))
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  VALUES (new.grid_id, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when new.handler_kind in ('grid_worker', 'party_member') then new.handler_account_id end, 0), 1, (new.status = 'rejected'), (new.status = 'duplicate'), coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0), (new.status in ('resolved', 'closed')), (coalesce(new.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)))
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_months_after_update_same` AFTER UPDATE ON `cases` WHEN (old.grid_id IS new.grid_id AND old.created_at IS new.created_at AND coalesce(case when old.handler_kind in ('grid_worker', 'party_member') then old.handler_account_id end, 0) IS coalesce(case when new.handler_kind in ('grid_worker', 'party_member') then new.handler_account_id end, 0))
  AND ((old.status = 'rejected') IS NOT (new.status = 'rejected')
  OR (old.status = 'duplicate') IS NOT (new.status = 'duplicate')
  OR coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0) IS NOT coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0)
  OR (old.status in ('resolved', 'closed')) IS NOT (new.status in ('resolved', 'closed'))
  OR coalesce(old.rating = 'satisfied', 0) IS NOT coalesce(new.rating = 'satisfied', 0)
  OR coalesce(old.rating = 'basically', 0) IS NOT coalesce(new.rating = 'basically', 0)
  OR coalesce(old.rating = 'unsatisfied', 0) IS NOT coalesce(new.rating = 'unsatisfied', 0))
BEGIN
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  VALUES (new.grid_id, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when new.handler_kind in ('grid_worker', 'party_member') then new.handler_account_id end, 0), 1 + -1, (new.status = 'rejected') + -(old.status = 'rejected'), (new.status = 'duplicate') + -(old.status = 'duplicate'), coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0) + -coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0), (new.status in ('resolved', 'closed')) + -(old.status in ('resolved', 'closed')), (coalesce(new.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)) + -(coalesce(old.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), (coalesce(new.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)) + -(coalesce(old.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), (coalesce(new.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)) + -(coalesce(old.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)))
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_node_months_after_update_moved` AFTER UPDATE ON `cases` WHEN old.node_path IS NOT new.node_path
  OR old.grid_id IS NOT new.grid_id
  OR old.created_at IS NOT new.created_at
  OR old.category_id IS NOT new.category_id
  OR old.source IS NOT new.source
BEGIN
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), coalesce(old.category_id, 0), old.source, -1, -(old.status = 'rejected'), -(old.status = 'duplicate'), -coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0), -(old.status in ('resolved', 'closed')), -(coalesce(old.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), -(coalesce(old.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0))
  FROM json_each('[' || replace(trim(substr(old.node_path, 1, coalesce(nullif(instr(old.node_path, '/' || old.grid_id || '/'), 0) + length(old.grid_id) + 1, length(old.node_path))), '/'), '/', ',') || ']') AS a WHERE true
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), coalesce(new.category_id, 0), new.source, 1, (new.status = 'rejected'), (new.status = 'duplicate'), coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0), (new.status in ('resolved', 'closed')), (coalesce(new.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)), (coalesce(new.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0))
  FROM json_each('[' || replace(trim(substr(new.node_path, 1, coalesce(nullif(instr(new.node_path, '/' || new.grid_id || '/'), 0) + length(new.grid_id) + 1, length(new.node_path))), '/'), '/', ',') || ']') AS a WHERE true
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_node_months_after_update_same` AFTER UPDATE ON `cases` WHEN (old.node_path IS new.node_path AND old.grid_id IS new.grid_id AND old.created_at IS new.created_at AND old.category_id IS new.category_id AND old.source IS new.source)
  AND ((old.status = 'rejected') IS NOT (new.status = 'rejected')
  OR (old.status = 'duplicate') IS NOT (new.status = 'duplicate')
  OR coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0) IS NOT coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0)
  OR (old.status in ('resolved', 'closed')) IS NOT (new.status in ('resolved', 'closed'))
  OR coalesce(old.rating = 'satisfied', 0) IS NOT coalesce(new.rating = 'satisfied', 0)
  OR coalesce(old.rating = 'basically', 0) IS NOT coalesce(new.rating = 'basically', 0)
  OR coalesce(old.rating = 'unsatisfied', 0) IS NOT coalesce(new.rating = 'unsatisfied', 0))
BEGIN
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), coalesce(new.category_id, 0), new.source, 1 + -1, (new.status = 'rejected') + -(old.status = 'rejected'), (new.status = 'duplicate') + -(old.status = 'duplicate'), coalesce(coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) <= new.accept_due_at, 0) + -coalesce(coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) <= old.accept_due_at, 0), (new.status in ('resolved', 'closed')) + -(old.status in ('resolved', 'closed')), (coalesce(new.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)) + -(coalesce(old.rating = 'satisfied', 0) + coalesce((SELECT s.satisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), (coalesce(new.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)) + -(coalesce(old.rating = 'basically', 0) + coalesce((SELECT s.basically FROM stats_case_supports AS s WHERE s.case_id = old.id), 0)), (coalesce(new.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = new.id), 0)) + -(coalesce(old.rating = 'unsatisfied', 0) + coalesce((SELECT s.unsatisfied FROM stats_case_supports AS s WHERE s.case_id = old.id), 0))
  FROM json_each('[' || replace(trim(substr(new.node_path, 1, coalesce(nullif(instr(new.node_path, '/' || new.grid_id || '/'), 0) + length(new.grid_id) + 1, length(new.node_path))), '/'), '/', ',') || ']') AS a WHERE true
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
-- One trigger per duration: resolving a case moves only its resolve bucket.
CREATE TRIGGER `stats_node_hours_accept_after_update` AFTER UPDATE ON `cases` WHEN old.node_path IS NOT new.node_path
  OR old.grid_id IS NOT new.grid_id
  OR old.created_at IS NOT new.created_at
  OR case when (coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) < 172800000 then ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at)) / 360000 else 480 + ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) - 172800000) / 8640000 end IS NOT case when (coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) < 172800000 then ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at)) / 360000 else 480 + ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) - 172800000) / 8640000 end
BEGIN
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), 0, case when (coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) < 172800000 then ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at)) / 360000 else 480 + ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) - 172800000) / 8640000 end, -1
  FROM json_each('[' || replace(trim(substr(old.node_path, 1, coalesce(nullif(instr(old.node_path, '/' || old.grid_id || '/'), 0) + length(old.grid_id) + 1, length(old.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) < 172800000 then ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at)) / 360000 else 480 + ((coalesce(old.accepted_at, case when old.status in ('rejected', 'duplicate') then old.closed_at end) - old.created_at) - 172800000) / 8640000 end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), 0, case when (coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) < 172800000 then ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at)) / 360000 else 480 + ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) - 172800000) / 8640000 end, 1
  FROM json_each('[' || replace(trim(substr(new.node_path, 1, coalesce(nullif(instr(new.node_path, '/' || new.grid_id || '/'), 0) + length(new.grid_id) + 1, length(new.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) < 172800000 then ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at)) / 360000 else 480 + ((coalesce(new.accepted_at, case when new.status in ('rejected', 'duplicate') then new.closed_at end) - new.created_at) - 172800000) / 8640000 end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_node_hours_resolve_after_update` AFTER UPDATE ON `cases` WHEN old.node_path IS NOT new.node_path
  OR old.grid_id IS NOT new.grid_id
  OR old.created_at IS NOT new.created_at
  OR case when (old.status in ('resolved', 'closed')) then case when (old.resolved_at - old.created_at) < 172800000 then ((old.resolved_at - old.created_at)) / 360000 else 480 + ((old.resolved_at - old.created_at) - 172800000) / 8640000 end end IS NOT case when (new.status in ('resolved', 'closed')) then case when (new.resolved_at - new.created_at) < 172800000 then ((new.resolved_at - new.created_at)) / 360000 else 480 + ((new.resolved_at - new.created_at) - 172800000) / 8640000 end end
BEGIN
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', old.created_at / 1000 + 28800, 'unixepoch'), 1, case when (old.status in ('resolved', 'closed')) then case when (old.resolved_at - old.created_at) < 172800000 then ((old.resolved_at - old.created_at)) / 360000 else 480 + ((old.resolved_at - old.created_at) - 172800000) / 8640000 end end, -1
  FROM json_each('[' || replace(trim(substr(old.node_path, 1, coalesce(nullif(instr(old.node_path, '/' || old.grid_id || '/'), 0) + length(old.grid_id) + 1, length(old.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (old.status in ('resolved', 'closed')) then case when (old.resolved_at - old.created_at) < 172800000 then ((old.resolved_at - old.created_at)) / 360000 else 480 + ((old.resolved_at - old.created_at) - 172800000) / 8640000 end end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
  SELECT a.value, strftime('%Y-%m', new.created_at / 1000 + 28800, 'unixepoch'), 1, case when (new.status in ('resolved', 'closed')) then case when (new.resolved_at - new.created_at) < 172800000 then ((new.resolved_at - new.created_at)) / 360000 else 480 + ((new.resolved_at - new.created_at) - 172800000) / 8640000 end end, 1
  FROM json_each('[' || replace(trim(substr(new.node_path, 1, coalesce(nullif(instr(new.node_path, '/' || new.grid_id || '/'), 0) + length(new.grid_id) + 1, length(new.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (new.status in ('resolved', 'closed')) then case when (new.resolved_at - new.created_at) < 172800000 then ((new.resolved_at - new.created_at)) / 360000 else 480 + ((new.resolved_at - new.created_at) - 172800000) / 8640000 end end IS NOT NULL
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_claims_after_update` AFTER UPDATE ON `cases` WHEN old.grid_id IS NOT new.grid_id
  OR (old.status in ('resolved', 'closed')) IS NOT (new.status in ('resolved', 'closed'))
  OR old.handler_account_id IS NOT new.handler_account_id
BEGIN
  INSERT INTO stats_grid_claims (grid_id, month, account_id, claims, done)
  SELECT old.grid_id, strftime('%Y-%m', e.at / 1000 + 28800, 'unixepoch'), e.actor_account_id, -1, -((old.status in ('resolved', 'closed')) AND old.handler_account_id IS e.actor_account_id)
  FROM case_events AS e WHERE e.case_id = old.id AND e.action = 'claim' AND e.actor_account_id IS NOT NULL
  ON CONFLICT (grid_id, month, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
  INSERT INTO stats_grid_claims (grid_id, month, account_id, claims, done)
  SELECT new.grid_id, strftime('%Y-%m', e.at / 1000 + 28800, 'unixepoch'), e.actor_account_id, 1, ((new.status in ('resolved', 'closed')) AND new.handler_account_id IS e.actor_account_id)
  FROM case_events AS e WHERE e.case_id = new.id AND e.action = 'claim' AND e.actor_account_id IS NOT NULL
  ON CONFLICT (grid_id, month, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
END;
--> statement-breakpoint
-- The timeline is append-only, so a claim is only ever added.
CREATE TRIGGER `stats_grid_claims_after_claim` AFTER INSERT ON `case_events` WHEN new.action = 'claim' AND new.actor_account_id IS NOT NULL
BEGIN
  INSERT INTO stats_grid_claims (grid_id, month, account_id, claims, done)
  SELECT c.grid_id, strftime('%Y-%m', new.at / 1000 + 28800, 'unixepoch'), new.actor_account_id, 1, (c.status in ('resolved', 'closed') AND c.handler_account_id IS new.actor_account_id)
  FROM cases AS c WHERE c.id = new.case_id
  ON CONFLICT (grid_id, month, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
END;
--> statement-breakpoint
-- The supporters' ratings of each case (migration header). A case's row stays once its supporters' ratings are back to zero.
CREATE TABLE `stats_case_supports` (
  `case_id` integer PRIMARY KEY NOT NULL,
  `satisfied` integer NOT NULL DEFAULT 0,
  `basically` integer NOT NULL DEFAULT 0,
  `unsatisfied` integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
INSERT INTO stats_case_supports (case_id, satisfied, basically, unsatisfied)
SELECT case_id, sum(rating = 'satisfied'), sum(rating = 'basically'), sum(rating = 'unsatisfied') FROM case_supports WHERE rating IS NOT NULL GROUP BY case_id;
--> statement-breakpoint
-- A rating given, changed, withdrawn or moved to another case: its difference added to the case's counts and to the
-- case's current aggregate rows (the period rollups follow stats_grid_months by their own triggers).
CREATE TRIGGER `stats_case_supports_after_insert` AFTER INSERT ON `case_supports` WHEN new.rating IS NOT NULL BEGIN
  INSERT INTO stats_case_supports (case_id, satisfied, basically, unsatisfied)
  SELECT new.case_id, (new.rating = 'satisfied'), (new.rating = 'basically'), (new.rating = 'unsatisfied') WHERE new.rating IS NOT NULL
  ON CONFLICT (case_id) DO UPDATE SET satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT c.grid_id, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when c.handler_kind in ('grid_worker', 'party_member') then c.handler_account_id end, 0), 0, 0, 0, 0, 0, (new.rating = 'satisfied'), (new.rating = 'basically'), (new.rating = 'unsatisfied')
  FROM cases AS c WHERE c.id = new.case_id AND new.rating IS NOT NULL
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(c.category_id, 0), c.source, 0, 0, 0, 0, 0, (new.rating = 'satisfied'), (new.rating = 'basically'), (new.rating = 'unsatisfied')
  FROM cases AS c, json_each('[' || replace(trim(substr(c.node_path, 1, coalesce(nullif(instr(c.node_path, '/' || c.grid_id || '/'), 0) + length(c.grid_id) + 1, length(c.node_path))), '/'), '/', ',') || ']') AS a WHERE c.id = new.case_id AND new.rating IS NOT NULL
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_case_supports_after_update` AFTER UPDATE OF `rating`, `case_id` ON `case_supports` WHEN old.rating IS NOT new.rating OR old.case_id IS NOT new.case_id BEGIN
  INSERT INTO stats_case_supports (case_id, satisfied, basically, unsatisfied)
  SELECT old.case_id, -(old.rating = 'satisfied'), -(old.rating = 'basically'), -(old.rating = 'unsatisfied') WHERE old.rating IS NOT NULL
  ON CONFLICT (case_id) DO UPDATE SET satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT c.grid_id, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when c.handler_kind in ('grid_worker', 'party_member') then c.handler_account_id end, 0), 0, 0, 0, 0, 0, -(old.rating = 'satisfied'), -(old.rating = 'basically'), -(old.rating = 'unsatisfied')
  FROM cases AS c WHERE c.id = old.case_id AND old.rating IS NOT NULL
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(c.category_id, 0), c.source, 0, 0, 0, 0, 0, -(old.rating = 'satisfied'), -(old.rating = 'basically'), -(old.rating = 'unsatisfied')
  FROM cases AS c, json_each('[' || replace(trim(substr(c.node_path, 1, coalesce(nullif(instr(c.node_path, '/' || c.grid_id || '/'), 0) + length(c.grid_id) + 1, length(c.node_path))), '/'), '/', ',') || ']') AS a WHERE c.id = old.case_id AND old.rating IS NOT NULL
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_case_supports (case_id, satisfied, basically, unsatisfied)
  SELECT new.case_id, (new.rating = 'satisfied'), (new.rating = 'basically'), (new.rating = 'unsatisfied') WHERE new.rating IS NOT NULL
  ON CONFLICT (case_id) DO UPDATE SET satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT c.grid_id, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when c.handler_kind in ('grid_worker', 'party_member') then c.handler_account_id end, 0), 0, 0, 0, 0, 0, (new.rating = 'satisfied'), (new.rating = 'basically'), (new.rating = 'unsatisfied')
  FROM cases AS c WHERE c.id = new.case_id AND new.rating IS NOT NULL
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(c.category_id, 0), c.source, 0, 0, 0, 0, 0, (new.rating = 'satisfied'), (new.rating = 'basically'), (new.rating = 'unsatisfied')
  FROM cases AS c, json_each('[' || replace(trim(substr(c.node_path, 1, coalesce(nullif(instr(c.node_path, '/' || c.grid_id || '/'), 0) + length(c.grid_id) + 1, length(c.node_path))), '/'), '/', ',') || ']') AS a WHERE c.id = new.case_id AND new.rating IS NOT NULL
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_case_supports_after_delete` AFTER DELETE ON `case_supports` WHEN old.rating IS NOT NULL BEGIN
  INSERT INTO stats_case_supports (case_id, satisfied, basically, unsatisfied)
  SELECT old.case_id, -(old.rating = 'satisfied'), -(old.rating = 'basically'), -(old.rating = 'unsatisfied') WHERE old.rating IS NOT NULL
  ON CONFLICT (case_id) DO UPDATE SET satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT c.grid_id, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when c.handler_kind in ('grid_worker', 'party_member') then c.handler_account_id end, 0), 0, 0, 0, 0, 0, -(old.rating = 'satisfied'), -(old.rating = 'basically'), -(old.rating = 'unsatisfied')
  FROM cases AS c WHERE c.id = old.case_id AND old.rating IS NOT NULL
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT a.value, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(c.category_id, 0), c.source, 0, 0, 0, 0, 0, -(old.rating = 'satisfied'), -(old.rating = 'basically'), -(old.rating = 'unsatisfied')
  FROM cases AS c, json_each('[' || replace(trim(substr(c.node_path, 1, coalesce(nullif(instr(c.node_path, '/' || c.grid_id || '/'), 0) + length(c.grid_id) + 1, length(c.node_path))), '/'), '/', ',') || ']') AS a WHERE c.id = old.case_id AND old.rating IS NOT NULL
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
-- Backfill from the cases already there (a community upgrading with its data).
INSERT INTO stats_grid_months (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
SELECT c.grid_id, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(case when c.handler_kind in ('grid_worker', 'party_member') then c.handler_account_id end, 0), sum(1), sum((c.status = 'rejected')), sum((c.status = 'duplicate')), sum(coalesce(coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) <= c.accept_due_at, 0)), sum((c.status in ('resolved', 'closed'))), sum((coalesce(c.rating = 'satisfied', 0) + coalesce(s.satisfied, 0))), sum((coalesce(c.rating = 'basically', 0) + coalesce(s.basically, 0))), sum((coalesce(c.rating = 'unsatisfied', 0) + coalesce(s.unsatisfied, 0)))
FROM cases AS c LEFT JOIN stats_case_supports AS s ON s.case_id = c.id GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO stats_node_months (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
SELECT a.value, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), coalesce(c.category_id, 0), c.source, sum(1), sum((c.status = 'rejected')), sum((c.status = 'duplicate')), sum(coalesce(coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) <= c.accept_due_at, 0)), sum((c.status in ('resolved', 'closed'))), sum((coalesce(c.rating = 'satisfied', 0) + coalesce(s.satisfied, 0))), sum((coalesce(c.rating = 'basically', 0) + coalesce(s.basically, 0))), sum((coalesce(c.rating = 'unsatisfied', 0) + coalesce(s.unsatisfied, 0)))
FROM cases AS c LEFT JOIN stats_case_supports AS s ON s.case_id = c.id, json_each('[' || replace(trim(substr(c.node_path, 1, coalesce(nullif(instr(c.node_path, '/' || c.grid_id || '/'), 0) + length(c.grid_id) + 1, length(c.node_path))), '/'), '/', ',') || ']') AS a GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
SELECT a.value, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), 0, case when (coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) - c.created_at) < 172800000 then ((coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) - c.created_at)) / 360000 else 480 + ((coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) - c.created_at) - 172800000) / 8640000 end, count(*)
FROM cases AS c, json_each('[' || replace(trim(substr(c.node_path, 1, coalesce(nullif(instr(c.node_path, '/' || c.grid_id || '/'), 0) + length(c.grid_id) + 1, length(c.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) - c.created_at) < 172800000 then ((coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) - c.created_at)) / 360000 else 480 + ((coalesce(c.accepted_at, case when c.status in ('rejected', 'duplicate') then c.closed_at end) - c.created_at) - 172800000) / 8640000 end IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO stats_node_hours (node_id, month, kind, bucket, n)
SELECT a.value, strftime('%Y-%m', c.created_at / 1000 + 28800, 'unixepoch'), 1, case when (c.status in ('resolved', 'closed')) then case when (c.resolved_at - c.created_at) < 172800000 then ((c.resolved_at - c.created_at)) / 360000 else 480 + ((c.resolved_at - c.created_at) - 172800000) / 8640000 end end, count(*)
FROM cases AS c, json_each('[' || replace(trim(substr(c.node_path, 1, coalesce(nullif(instr(c.node_path, '/' || c.grid_id || '/'), 0) + length(c.grid_id) + 1, length(c.node_path))), '/'), '/', ',') || ']') AS a WHERE case when (c.status in ('resolved', 'closed')) then case when (c.resolved_at - c.created_at) < 172800000 then ((c.resolved_at - c.created_at)) / 360000 else 480 + ((c.resolved_at - c.created_at) - 172800000) / 8640000 end end IS NOT NULL GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO stats_grid_claims (grid_id, month, account_id, claims, done)
SELECT c.grid_id, strftime('%Y-%m', e.at / 1000 + 28800, 'unixepoch'), e.actor_account_id, count(*), sum(c.status in ('resolved', 'closed') AND c.handler_account_id IS e.actor_account_id)
FROM case_events AS e JOIN cases AS c ON c.id = e.case_id WHERE e.action = 'claim' AND e.actor_account_id IS NOT NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE TABLE `stats_period_boundary` (
  `id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
  `month` text NOT NULL
);
--> statement-breakpoint
INSERT INTO stats_period_boundary (id, month) VALUES (1, strftime('%Y-%m', 'now', '+8 hours'));
--> statement-breakpoint
CREATE TABLE `stats_grid_periods` (
  `grid_id` integer NOT NULL,
  `period` text NOT NULL,
  `worker_id` integer NOT NULL,
  `received` integer NOT NULL DEFAULT 0,
  `rejected` integer NOT NULL DEFAULT 0,
  `duplicate` integer NOT NULL DEFAULT 0,
  `responded` integer NOT NULL DEFAULT 0,
  `resolved` integer NOT NULL DEFAULT 0,
  `satisfied` integer NOT NULL DEFAULT 0,
  `basically` integer NOT NULL DEFAULT 0,
  `unsatisfied` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`grid_id`, `period`, `worker_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stats_grid_claim_periods` (
  `grid_id` integer NOT NULL,
  `period` text NOT NULL,
  `account_id` integer NOT NULL,
  `claims` integer NOT NULL DEFAULT 0,
  `done` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`grid_id`, `period`, `account_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `stats_node_hour_periods` (
  `node_id` integer NOT NULL,
  `period` text NOT NULL,
  `kind` integer NOT NULL,
  `bucket` integer NOT NULL,
  `n` integer NOT NULL DEFAULT 0,
  PRIMARY KEY (`node_id`, `period`, `kind`, `bucket`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO stats_grid_periods (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
SELECT grid_id, substr(month, 1, 4), worker_id, sum(received), sum(rejected), sum(duplicate), sum(responded), sum(resolved), sum(satisfied), sum(basically), sum(unsatisfied) FROM stats_grid_months WHERE month < (SELECT month FROM stats_period_boundary) GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO stats_grid_periods (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
SELECT grid_id, substr(month, 1, 4) || '-Q' || ((cast(substr(month, 6, 2) as integer) + 2) / 3), worker_id, sum(received), sum(rejected), sum(duplicate), sum(responded), sum(resolved), sum(satisfied), sum(basically), sum(unsatisfied) FROM stats_grid_months WHERE month < (SELECT month FROM stats_period_boundary) GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO stats_grid_claim_periods (grid_id, period, account_id, claims, done)
SELECT grid_id, substr(month, 1, 4), account_id, sum(claims), sum(done) FROM stats_grid_claims WHERE month < (SELECT month FROM stats_period_boundary) GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO stats_grid_claim_periods (grid_id, period, account_id, claims, done)
SELECT grid_id, substr(month, 1, 4) || '-Q' || ((cast(substr(month, 6, 2) as integer) + 2) / 3), account_id, sum(claims), sum(done) FROM stats_grid_claims WHERE month < (SELECT month FROM stats_period_boundary) GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO stats_node_hour_periods (node_id, period, kind, bucket, n)
SELECT node_id, substr(month, 1, 4), kind, bucket, sum(n) FROM stats_node_hours WHERE month < (SELECT month FROM stats_period_boundary) GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO stats_node_hour_periods (node_id, period, kind, bucket, n)
SELECT node_id, substr(month, 1, 4) || '-Q' || ((cast(substr(month, 6, 2) as integer) + 2) / 3), kind, bucket, sum(n) FROM stats_node_hours WHERE month < (SELECT month FROM stats_period_boundary) GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_periods_after_insert` AFTER INSERT ON `stats_grid_months` WHEN new.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_grid_periods (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT new.grid_id, p.period, new.worker_id, new.received, new.rejected, new.duplicate, new.responded, new.resolved, new.satisfied, new.basically, new.unsatisfied
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_periods_after_update` AFTER UPDATE ON `stats_grid_months` WHEN old.grid_id = new.grid_id AND old.month = new.month AND old.worker_id = new.worker_id AND new.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_grid_periods (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT new.grid_id, p.period, new.worker_id, new.received - old.received, new.rejected - old.rejected, new.duplicate - old.duplicate, new.responded - old.responded, new.resolved - old.resolved, new.satisfied - old.satisfied, new.basically - old.basically, new.unsatisfied - old.unsatisfied
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_periods_after_update_moved` AFTER UPDATE ON `stats_grid_months` WHEN NOT (old.grid_id = new.grid_id AND old.month = new.month AND old.worker_id = new.worker_id) BEGIN
  INSERT INTO stats_grid_periods (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT old.grid_id, p.period, old.worker_id, -old.received, -old.rejected, -old.duplicate, -old.responded, -old.resolved, -old.satisfied, -old.basically, -old.unsatisfied
  FROM (SELECT substr(old.month, 1, 4) AS period UNION ALL SELECT substr(old.month, 1, 4) || '-Q' || ((cast(substr(old.month, 6, 2) as integer) + 2) / 3)) AS p WHERE old.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_grid_periods (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT new.grid_id, p.period, new.worker_id, new.received, new.rejected, new.duplicate, new.responded, new.resolved, new.satisfied, new.basically, new.unsatisfied
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_periods_after_delete` AFTER DELETE ON `stats_grid_months` WHEN old.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_grid_periods (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT old.grid_id, p.period, old.worker_id, -old.received, -old.rejected, -old.duplicate, -old.responded, -old.resolved, -old.satisfied, -old.basically, -old.unsatisfied
  FROM (SELECT substr(old.month, 1, 4) AS period UNION ALL SELECT substr(old.month, 1, 4) || '-Q' || ((cast(substr(old.month, 6, 2) as integer) + 2) / 3)) AS p WHERE old.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = received + excluded.received, rejected = rejected + excluded.rejected, duplicate = duplicate + excluded.duplicate, responded = responded + excluded.responded, resolved = resolved + excluded.resolved, satisfied = satisfied + excluded.satisfied, basically = basically + excluded.basically, unsatisfied = unsatisfied + excluded.unsatisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_claim_periods_after_insert` AFTER INSERT ON `stats_grid_claims` WHEN new.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_grid_claim_periods (grid_id, period, account_id, claims, done)
  SELECT new.grid_id, p.period, new.account_id, new.claims, new.done
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_claim_periods_after_update` AFTER UPDATE ON `stats_grid_claims` WHEN old.grid_id = new.grid_id AND old.month = new.month AND old.account_id = new.account_id AND new.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_grid_claim_periods (grid_id, period, account_id, claims, done)
  SELECT new.grid_id, p.period, new.account_id, new.claims - old.claims, new.done - old.done
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_claim_periods_after_update_moved` AFTER UPDATE ON `stats_grid_claims` WHEN NOT (old.grid_id = new.grid_id AND old.month = new.month AND old.account_id = new.account_id) BEGIN
  INSERT INTO stats_grid_claim_periods (grid_id, period, account_id, claims, done)
  SELECT old.grid_id, p.period, old.account_id, -old.claims, -old.done
  FROM (SELECT substr(old.month, 1, 4) AS period UNION ALL SELECT substr(old.month, 1, 4) || '-Q' || ((cast(substr(old.month, 6, 2) as integer) + 2) / 3)) AS p WHERE old.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
  INSERT INTO stats_grid_claim_periods (grid_id, period, account_id, claims, done)
  SELECT new.grid_id, p.period, new.account_id, new.claims, new.done
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_grid_claim_periods_after_delete` AFTER DELETE ON `stats_grid_claims` WHEN old.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_grid_claim_periods (grid_id, period, account_id, claims, done)
  SELECT old.grid_id, p.period, old.account_id, -old.claims, -old.done
  FROM (SELECT substr(old.month, 1, 4) AS period UNION ALL SELECT substr(old.month, 1, 4) || '-Q' || ((cast(substr(old.month, 6, 2) as integer) + 2) / 3)) AS p WHERE old.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = claims + excluded.claims, done = done + excluded.done;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_node_hour_periods_after_insert` AFTER INSERT ON `stats_node_hours` WHEN new.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_node_hour_periods (node_id, period, kind, bucket, n)
  SELECT new.node_id, p.period, new.kind, new.bucket, new.n
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_node_hour_periods_after_update` AFTER UPDATE ON `stats_node_hours` WHEN old.node_id = new.node_id AND old.month = new.month AND old.kind = new.kind AND old.bucket = new.bucket AND new.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_node_hour_periods (node_id, period, kind, bucket, n)
  SELECT new.node_id, p.period, new.kind, new.bucket, new.n - old.n
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_node_hour_periods_after_update_moved` AFTER UPDATE ON `stats_node_hours` WHEN NOT (old.node_id = new.node_id AND old.month = new.month AND old.kind = new.kind AND old.bucket = new.bucket) BEGIN
  INSERT INTO stats_node_hour_periods (node_id, period, kind, bucket, n)
  SELECT old.node_id, p.period, old.kind, old.bucket, -old.n
  FROM (SELECT substr(old.month, 1, 4) AS period UNION ALL SELECT substr(old.month, 1, 4) || '-Q' || ((cast(substr(old.month, 6, 2) as integer) + 2) / 3)) AS p WHERE old.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_node_hour_periods (node_id, period, kind, bucket, n)
  SELECT new.node_id, p.period, new.kind, new.bucket, new.n
  FROM (SELECT substr(new.month, 1, 4) AS period UNION ALL SELECT substr(new.month, 1, 4) || '-Q' || ((cast(substr(new.month, 6, 2) as integer) + 2) / 3)) AS p WHERE new.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `stats_node_hour_periods_after_delete` AFTER DELETE ON `stats_node_hours` WHEN old.month < (SELECT month FROM stats_period_boundary) BEGIN
  INSERT INTO stats_node_hour_periods (node_id, period, kind, bucket, n)
  SELECT old.node_id, p.period, old.kind, old.bucket, -old.n
  FROM (SELECT substr(old.month, 1, 4) AS period UNION ALL SELECT substr(old.month, 1, 4) || '-Q' || ((cast(substr(old.month, 6, 2) as integer) + 2) / 3)) AS p WHERE old.month < (SELECT month FROM stats_period_boundary)
  ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = n + excluded.n;
END;
