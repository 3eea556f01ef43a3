-- SQLite's migration 0032_stats_supports for PostgreSQL: the ratings of the 附议 supporters (case_supports.rating)
-- summed into the statistics aggregates' satisfied / basically / unsatisfied, as the statistics count them (a
-- supporter's rating is one more rating of the case, in every group of the case), instead of computeStats reading
-- every rated support of the database on every page. stats_case_supports holds each case's supporters' ratings;
-- stats_case_flags adds them to the case's own rating, so every existing trigger (insert, update, move, delete of a
-- case) carries them along; a rating given, changed or withdrawn adds its difference to the case's current rows.
-- Custom SQL (functions and triggers).
CREATE TABLE "stats_case_supports" (
  "case_id" integer PRIMARY KEY NOT NULL,
  "satisfied" integer NOT NULL DEFAULT 0,
  "basically" integer NOT NULL DEFAULT 0,
  "unsatisfied" integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
INSERT INTO "stats_case_supports" (case_id, satisfied, basically, unsatisfied)
SELECT case_id, count(*) FILTER (WHERE rating = 'satisfied'), count(*) FILTER (WHERE rating = 'basically'), count(*) FILTER (WHERE rating = 'unsatisfied')
FROM "case_supports" WHERE rating IS NOT NULL GROUP BY case_id;
--> statement-breakpoint
-- received, rejected, duplicate, responded (triaged by the accept deadline), resolved, satisfied, basically, unsatisfied:
-- the three ratings are the case's own plus its supporters'.
CREATE OR REPLACE FUNCTION "stats_case_flags"(c "cases") RETURNS integer[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY[
    1,
    (c.status = 'rejected')::integer,
    (c.status = 'duplicate')::integer,
    coalesce((coalesce(c.accepted_at, CASE WHEN c.status IN ('rejected', 'duplicate') THEN c.closed_at END) <= c.accept_due_at)::integer, 0),
    (c.status IN ('resolved', 'closed'))::integer,
    coalesce((c.rating = 'satisfied')::integer, 0) + coalesce(s.satisfied, 0),
    coalesce((c.rating = 'basically')::integer, 0) + coalesce(s.basically, 0),
    coalesce((c.rating = 'unsatisfied')::integer, 0) + coalesce(s.unsatisfied, 0)]
  FROM (SELECT 1) AS one LEFT JOIN stats_case_supports AS s ON s.case_id = c.id
$$;
--> statement-breakpoint
-- Adds supporters' ratings (one difference per rating) to a case's current grid and node rows.
CREATE FUNCTION "stats_apply_support_ratings"(c "cases", ds integer, db integer, du integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_grid_months AS t (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  VALUES (c.grid_id, stats_month(c.created_at), stats_case_worker(c), 0, 0, 0, 0, 0, ds, db, du)
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET
    satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
  INSERT INTO stats_node_months AS t (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT node, stats_month(c.created_at), coalesce(c.category_id, 0), c.source, 0, 0, 0, 0, 0, ds, db, du
  FROM unnest(stats_case_nodes(c.node_path, c.grid_id)) AS node
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET
    satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
END $$;
--> statement-breakpoint
-- The supporters' ratings already given, into the aggregates of an upgraded database (the period rows follow by their triggers).
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c AS cs, s.satisfied, s.basically, s.unsatisfied FROM stats_case_supports AS s JOIN cases AS c ON c.id = s.case_id LOOP
    PERFORM stats_apply_support_ratings(r.cs, r.satisfied, r.basically, r.unsatisfied);
  END LOOP;
END $$;
--> statement-breakpoint
-- A rating given, changed, withdrawn or moved to another case. The case's row is locked first, so a lifecycle command
-- moving the case at the same time (its trigger subtracts the contribution it reads, supporters' ratings included)
-- runs wholly before or wholly after this difference is added.
CREATE FUNCTION "stats_case_supports_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE c "cases";
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.rating IS NOT DISTINCT FROM NEW.rating AND OLD.case_id = NEW.case_id THEN RETURN NULL; END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.rating IS NOT NULL THEN
    SELECT * INTO c FROM cases WHERE id = OLD.case_id FOR UPDATE;
    UPDATE stats_case_supports SET satisfied = satisfied - (OLD.rating = 'satisfied')::integer,
      basically = basically - (OLD.rating = 'basically')::integer, unsatisfied = unsatisfied - (OLD.rating = 'unsatisfied')::integer
    WHERE case_id = OLD.case_id;
    IF c.id IS NOT NULL THEN
      PERFORM stats_apply_support_ratings(c, -(OLD.rating = 'satisfied')::integer, -(OLD.rating = 'basically')::integer, -(OLD.rating = 'unsatisfied')::integer);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.rating IS NOT NULL THEN
    SELECT * INTO c FROM cases WHERE id = NEW.case_id FOR UPDATE;
    INSERT INTO stats_case_supports AS t (case_id, satisfied, basically, unsatisfied)
    VALUES (NEW.case_id, (NEW.rating = 'satisfied')::integer, (NEW.rating = 'basically')::integer, (NEW.rating = 'unsatisfied')::integer)
    ON CONFLICT (case_id) DO UPDATE SET satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
    PERFORM stats_apply_support_ratings(c, (NEW.rating = 'satisfied')::integer, (NEW.rating = 'basically')::integer, (NEW.rating = 'unsatisfied')::integer);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stats_case_supports_after_change" AFTER INSERT OR UPDATE OF "rating", "case_id" OR DELETE ON "case_supports"
  FOR EACH ROW EXECUTE FUNCTION "stats_case_supports_changed"();
