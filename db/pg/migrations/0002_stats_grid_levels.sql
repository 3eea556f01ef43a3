-- SQLite's migration 0018_stats_grid_levels for PostgreSQL: the node aggregates (stats_node_months, stats_node_hours)
-- hold rows for the nodes from the top of the tree down to the case's grid, none for its building (never read);
-- a change of grid_id alone (a building moved to another grid updates path and grid in two statements) moves
-- the case's rows too. The node tables are then recomputed from the cases, so an upgraded database equals a new one.
CREATE OR REPLACE FUNCTION "stats_case_nodes"(path text, grid integer) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN array_position(p, grid) IS NULL THEN p ELSE p[1:array_position(p, grid)] END
  FROM (SELECT stats_path_nodes(path) AS p) AS x
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stats_apply_node_months"(c "cases", s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f integer[] := stats_case_flags(c);
BEGIN
  INSERT INTO stats_node_months AS t (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT node, stats_month(c.created_at), coalesce(c.category_id, 0), c.source, s * f[1], s * f[2], s * f[3], s * f[4], s * f[5], s * f[6], s * f[7], s * f[8]
  FROM unnest(stats_case_nodes(c.node_path, c.grid_id)) AS node
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = t.received + excluded.received, rejected = t.rejected + excluded.rejected,
    duplicate = t.duplicate + excluded.duplicate, responded = t.responded + excluded.responded, resolved = t.resolved + excluded.resolved,
    satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stats_apply_hours"(c "cases", k integer, s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE b integer := stats_case_bucket(c, k);
BEGIN
  IF b IS NULL THEN RETURN; END IF;
  INSERT INTO stats_node_hours AS t (node_id, month, kind, bucket, n)
  SELECT node, stats_month(c.created_at), k, b, s FROM unnest(stats_case_nodes(c.node_path, c.grid_id)) AS node
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = t.n + excluded.n;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "stats_cases_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_apply_grid_month(NEW, 1);
    PERFORM stats_apply_node_months(NEW, 1);
    PERFORM stats_apply_hours(NEW, 0, 1);
    PERFORM stats_apply_hours(NEW, 1, 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_apply_grid_month(OLD, -1);
    PERFORM stats_apply_node_months(OLD, -1);
    PERFORM stats_apply_hours(OLD, 0, -1);
    PERFORM stats_apply_hours(OLD, 1, -1);
    PERFORM stats_apply_claims(OLD, -1);
  ELSE
    IF (OLD.grid_id, OLD.created_at, stats_case_worker(OLD), stats_case_flags(OLD))
       IS DISTINCT FROM (NEW.grid_id, NEW.created_at, stats_case_worker(NEW), stats_case_flags(NEW)) THEN
      PERFORM stats_apply_grid_month(OLD, -1);
      PERFORM stats_apply_grid_month(NEW, 1);
    END IF;
    IF (OLD.node_path, OLD.grid_id, OLD.created_at, OLD.category_id, OLD.source, stats_case_flags(OLD))
       IS DISTINCT FROM (NEW.node_path, NEW.grid_id, NEW.created_at, NEW.category_id, NEW.source, stats_case_flags(NEW)) THEN
      PERFORM stats_apply_node_months(OLD, -1);
      PERFORM stats_apply_node_months(NEW, 1);
    END IF;
    FOR k IN 0..1 LOOP
      IF (OLD.node_path, OLD.grid_id, OLD.created_at, stats_case_bucket(OLD, k)) IS DISTINCT FROM (NEW.node_path, NEW.grid_id, NEW.created_at, stats_case_bucket(NEW, k)) THEN
        PERFORM stats_apply_hours(OLD, k, -1);
        PERFORM stats_apply_hours(NEW, k, 1);
      END IF;
    END LOOP;
    IF (OLD.grid_id, OLD.status IN ('resolved', 'closed'), OLD.handler_account_id)
       IS DISTINCT FROM (NEW.grid_id, NEW.status IN ('resolved', 'closed'), NEW.handler_account_id) THEN
      PERFORM stats_apply_claims(OLD, -1);
      PERFORM stats_apply_claims(NEW, 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DELETE FROM "stats_node_months";
--> statement-breakpoint
INSERT INTO "stats_node_months" (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
SELECT node, m, cat, src, sum(f[1]), sum(f[2]), sum(f[3]), sum(f[4]), sum(f[5]), sum(f[6]), sum(f[7]), sum(f[8])
FROM (
  SELECT stats_case_flags(c) AS f, stats_month(c.created_at) AS m, coalesce(c.category_id, 0) AS cat, c.source AS src,
    stats_case_nodes(c.node_path, c.grid_id) AS nodes
  FROM "cases" AS c
) AS x, unnest(x.nodes) AS node
GROUP BY node, m, cat, src;
--> statement-breakpoint
DELETE FROM "stats_node_hours";
--> statement-breakpoint
INSERT INTO "stats_node_hours" (node_id, month, kind, bucket, n)
SELECT node, m, k, b, count(*)
FROM (
  SELECT stats_month(c.created_at) AS m, kk.k, stats_case_bucket(c, kk.k) AS b, stats_case_nodes(c.node_path, c.grid_id) AS nodes
  FROM "cases" AS c CROSS JOIN (VALUES (0), (1)) AS kk(k)
) AS x, unnest(x.nodes) AS node
WHERE b IS NOT NULL
GROUP BY node, m, k, b;
