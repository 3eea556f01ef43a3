-- SQLite's migration 0023_stats_periods for PostgreSQL: the grid and hour aggregates summed over whole years ('YYYY')
-- and quarters ('YYYY-Qn') beside their months, so twelve months of a county read a year's or a few quarters' rows
-- instead of twelve months' (lib/stats/aggregates.ts). Kept from the month tables by a row trigger on each, so they
-- stay the sums of the month rows whatever writes those; backfilled from the month rows before the triggers exist.
CREATE FUNCTION "stats_periods_of"(month text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[substr(month, 1, 4), substr(month, 1, 4) || '-Q' || ((substr(month, 6, 2)::integer + 2) / 3)]
$$;
--> statement-breakpoint
CREATE TABLE "stats_grid_periods" (
  "grid_id" integer NOT NULL,
  "period" text NOT NULL,
  "worker_id" integer NOT NULL,
  "received" integer NOT NULL DEFAULT 0,
  "rejected" integer NOT NULL DEFAULT 0,
  "duplicate" integer NOT NULL DEFAULT 0,
  "responded" integer NOT NULL DEFAULT 0,
  "resolved" integer NOT NULL DEFAULT 0,
  "satisfied" integer NOT NULL DEFAULT 0,
  "basically" integer NOT NULL DEFAULT 0,
  "unsatisfied" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("grid_id", "period", "worker_id")
);
--> statement-breakpoint
INSERT INTO "stats_grid_periods" (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
SELECT m.grid_id, p, m.worker_id, sum(received), sum(rejected), sum(duplicate), sum(responded), sum(resolved), sum(satisfied), sum(basically), sum(unsatisfied)
FROM "stats_grid_months" AS m, unnest(stats_periods_of(m.month)) AS p GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE FUNCTION "stats_grid_periods_from_months"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO stats_grid_periods AS t (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
    SELECT OLD.grid_id, p, OLD.worker_id, -OLD.received, -OLD.rejected, -OLD.duplicate, -OLD.responded, -OLD.resolved, -OLD.satisfied, -OLD.basically, -OLD.unsatisfied FROM unnest(stats_periods_of(OLD.month)) AS p
    ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = t.received + excluded.received, rejected = t.rejected + excluded.rejected, duplicate = t.duplicate + excluded.duplicate, responded = t.responded + excluded.responded, resolved = t.resolved + excluded.resolved, satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO stats_grid_periods AS t (grid_id, period, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
    SELECT NEW.grid_id, p, NEW.worker_id, NEW.received, NEW.rejected, NEW.duplicate, NEW.responded, NEW.resolved, NEW.satisfied, NEW.basically, NEW.unsatisfied FROM unnest(stats_periods_of(NEW.month)) AS p
    ON CONFLICT (grid_id, period, worker_id) DO UPDATE SET received = t.received + excluded.received, rejected = t.rejected + excluded.rejected, duplicate = t.duplicate + excluded.duplicate, responded = t.responded + excluded.responded, resolved = t.resolved + excluded.resolved, satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stats_grid_periods_after_change" AFTER INSERT OR UPDATE OR DELETE ON "stats_grid_months" FOR EACH ROW EXECUTE FUNCTION "stats_grid_periods_from_months"();
--> statement-breakpoint
CREATE TABLE "stats_grid_claim_periods" (
  "grid_id" integer NOT NULL,
  "period" text NOT NULL,
  "account_id" integer NOT NULL,
  "claims" integer NOT NULL DEFAULT 0,
  "done" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("grid_id", "period", "account_id")
);
--> statement-breakpoint
INSERT INTO "stats_grid_claim_periods" (grid_id, period, account_id, claims, done)
SELECT m.grid_id, p, m.account_id, sum(claims), sum(done)
FROM "stats_grid_claims" AS m, unnest(stats_periods_of(m.month)) AS p GROUP BY 1, 2, 3;
--> statement-breakpoint
CREATE FUNCTION "stats_grid_claim_periods_from_months"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO stats_grid_claim_periods AS t (grid_id, period, account_id, claims, done)
    SELECT OLD.grid_id, p, OLD.account_id, -OLD.claims, -OLD.done FROM unnest(stats_periods_of(OLD.month)) AS p
    ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = t.claims + excluded.claims, done = t.done + excluded.done;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO stats_grid_claim_periods AS t (grid_id, period, account_id, claims, done)
    SELECT NEW.grid_id, p, NEW.account_id, NEW.claims, NEW.done FROM unnest(stats_periods_of(NEW.month)) AS p
    ON CONFLICT (grid_id, period, account_id) DO UPDATE SET claims = t.claims + excluded.claims, done = t.done + excluded.done;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stats_grid_claim_periods_after_change" AFTER INSERT OR UPDATE OR DELETE ON "stats_grid_claims" FOR EACH ROW EXECUTE FUNCTION "stats_grid_claim_periods_from_months"();
--> statement-breakpoint
CREATE TABLE "stats_node_hour_periods" (
  "node_id" integer NOT NULL,
  "period" text NOT NULL,
  "kind" integer NOT NULL,
  "bucket" integer NOT NULL,
  "n" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("node_id", "period", "kind", "bucket")
);
--> statement-breakpoint
INSERT INTO "stats_node_hour_periods" (node_id, period, kind, bucket, n)
SELECT m.node_id, p, m.kind, m.bucket, sum(n)
FROM "stats_node_hours" AS m, unnest(stats_periods_of(m.month)) AS p GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
CREATE FUNCTION "stats_node_hour_periods_from_months"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO stats_node_hour_periods AS t (node_id, period, kind, bucket, n)
    SELECT OLD.node_id, p, OLD.kind, OLD.bucket, -OLD.n FROM unnest(stats_periods_of(OLD.month)) AS p
    ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO stats_node_hour_periods AS t (node_id, period, kind, bucket, n)
    SELECT NEW.node_id, p, NEW.kind, NEW.bucket, NEW.n FROM unnest(stats_periods_of(NEW.month)) AS p
    ON CONFLICT (node_id, period, kind, bucket) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stats_node_hour_periods_after_change" AFTER INSERT OR UPDATE OR DELETE ON "stats_node_hours" FOR EACH ROW EXECUTE FUNCTION "stats_node_hour_periods_from_months"();
