-- SQLite's migration 0036_stats_closed_months for PostgreSQL: the year and quarter rollups (stats_grid_periods,
-- stats_grid_claim_periods, stats_node_hour_periods) hold the closed months only, those before stats_period_boundary's
-- month; lib/stats/periods.ts closes the months before the current one (the scheduler's close-stats-months job) and
-- lib/stats/aggregates.ts reads a year's or quarter's open months from the month tables. No row means no month is
-- closed, so this empties the rollups: the first run of the job fills them (and db:copy copies SQLite's boundary and
-- rollups as they are). Closing months reads the month rows, so no writer of month rows may be in flight meanwhile:
-- each change of a month row takes a shared advisory lock (stats_closed_before) and the closing takes it exclusively.
CREATE TABLE "stats_period_boundary" (
  "id" integer PRIMARY KEY NOT NULL CHECK ("id" = 1),
  "month" text NOT NULL
);
--> statement-breakpoint
DELETE FROM "stats_grid_periods";
--> statement-breakpoint
DELETE FROM "stats_grid_claim_periods";
--> statement-breakpoint
DELETE FROM "stats_node_hour_periods";
--> statement-breakpoint
-- The first month not in the rollups ('' when none is), read under the shared advisory lock that lib/stats/periods.ts
-- takes exclusively (STATS_PERIODS_LOCK there) while it closes months.
CREATE FUNCTION "stats_closed_before"() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7036001);
  RETURN coalesce((SELECT month FROM stats_period_boundary WHERE id = 1), '');
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stats_grid_periods_from_months"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed_before text := stats_closed_before();
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.month < closed_before THEN
    INSERT INTO stats_grid_periods AS t (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
    SELECT OLD.grid_id, p, OLD.worker_id, -OLD.received, -OLD.rejected, -OLD.duplicate, -OLD.responded, -OLD.resolved, -OLD.satisfied, -OLD.basically, -OLD.unsatisfied FROM unnest(stats_periods_of(OLD.month)) AS p
    ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = t.received + excluded.received, rejected = t.rejected + excluded.rejected, duplicate = t.duplicate + excluded.duplicate, responded = t.responded + excluded.responded, resolved = t.resolved + excluded.resolved, satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.month < closed_before THEN
    INSERT INTO stats_grid_periods AS t (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
    SELECT NEW.grid_id, p, NEW.worker_id, NEW.received, NEW.rejected, NEW.duplicate, NEW.responded, NEW.resolved, NEW.satisfied, NEW.basically, NEW.unsatisfied FROM unnest(stats_periods_of(NEW.month)) AS p
    ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = t.received + excluded.received, rejected = t.rejected + excluded.rejected, duplicate = t.duplicate + excluded.duplicate, responded = t.responded + excluded.responded, resolved = t.resolved + excluded.resolved, satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stats_grid_claim_periods_from_months"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed_before text := stats_closed_before();
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.month < closed_before THEN
    INSERT INTO stats_grid_claim_periods AS t (grid_id, period, account_id, claims, done)
    SELECT OLD.grid_id, p, OLD.account_id, -OLD.claims, -OLD.done FROM unnest(stats_periods_of(OLD.month)) AS p
    ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = t.claims + excluded.claims, done = t.done + excluded.done;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.month < closed_before THEN
    INSERT INTO stats_grid_claim_periods AS t (grid_id, period, account_id, claims, done)
    SELECT NEW.grid_id, p, NEW.account_id, NEW.claims, NEW.done FROM unnest(stats_periods_of(NEW.month)) AS p
    ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = t.claims + excluded.claims, done = t.done + excluded.done;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stats_node_hour_periods_from_months"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed_before text := stats_closed_before();
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.month < closed_before THEN
    INSERT INTO stats_node_hour_periods AS t (node_id, period, kind, bucket, n)
    SELECT OLD.node_id, p, OLD.kind, OLD.bucket, -OLD.n FROM unnest(stats_periods_of(OLD.month)) AS p
    ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.month < closed_before THEN
    INSERT INTO stats_node_hour_periods AS t (node_id, period, kind, bucket, n)
    SELECT NEW.node_id, p, NEW.kind, NEW.bucket, NEW.n FROM unnest(stats_periods_of(NEW.month)) AS p
    ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
