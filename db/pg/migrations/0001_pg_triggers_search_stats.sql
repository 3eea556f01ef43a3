-- Hand-written: what the SQLite migrations do with triggers, FTS5 and hand-written tables, for PostgreSQL.
-- Each block names the SQLite migration it mirrors; the semantics are the same (db/pg/migrations.test.ts).

-- 0003_case_search: FTS5 trigram search over number, description, place and resident name → pg_trgm.
-- One multi-column GIN index: `col like '%term%'` on any of the four columns (or'ed) uses it, for terms of
-- 3+ characters, as FTS5's trigram tokenizer does. No trigger: PostgreSQL maintains the index itself.
-- Chinese text yields trigrams only under a UTF-8 LC_CTYPE (e.g. C.UTF-8), not under the C locale.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX "cases_search_trgm_idx" ON "cases" USING gin ("number" gin_trgm_ops, "description" gin_trgm_ops, "place" gin_trgm_ops, "resident_name" gin_trgm_ops);
--> statement-breakpoint

-- 0005_data_audit_append_only: the audit log is append-only in the database itself.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "audit_log_no_delete" BEFORE DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
--> statement-breakpoint

-- 0007_sec_sessions_end_on_disable: disabling an account ends all its sessions, whichever code path disables it.
CREATE FUNCTION "accounts_disabled_end_sessions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "sessions" WHERE "account_id" = NEW."id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "accounts_disabled_end_sessions" AFTER UPDATE OF "active" ON "accounts" FOR EACH ROW
  WHEN (NEW."active" = false AND OLD."active" = true) EXECUTE FUNCTION "accounts_disabled_end_sessions"();
--> statement-breakpoint

-- 0009_case_events_append_only: an event is never deleted and never changed, except that the retention purge
-- (PIPL) may clear its free-text note.
CREATE FUNCTION "case_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
    OR (NEW."id", NEW."case_id", NEW."at", NEW."action", NEW."actor_kind", NEW."actor_account_id", NEW."actor_label",
        NEW."from_status", NEW."to_status", NEW."target_account_id", NEW."target_unit_id", NEW."data")
       IS DISTINCT FROM
       (OLD."id", OLD."case_id", OLD."at", OLD."action", OLD."actor_kind", OLD."actor_account_id", OLD."actor_label",
        OLD."from_status", OLD."to_status", OLD."target_account_id", OLD."target_unit_id", OLD."data")
    OR (NEW."note" IS NOT NULL AND NEW."note" IS DISTINCT FROM OLD."note") THEN
    RAISE EXCEPTION 'case_events is append-only';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "case_events_no_delete" BEFORE DELETE ON "case_events" FOR EACH ROW EXECUTE FUNCTION "case_events_append_only"();
--> statement-breakpoint
CREATE TRIGGER "case_events_no_update" BEFORE UPDATE ON "case_events" FOR EACH ROW EXECUTE FUNCTION "case_events_append_only"();
--> statement-breakpoint

-- 0012_people_computed_elderly: the 80岁以上 register is computed from dates of birth and never stored.
CREATE FUNCTION "household_care_tags_no_elderly_80"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'elderly_80 is computed from dates of birth and is never stored';
END $$;
--> statement-breakpoint
CREATE TRIGGER "household_care_tags_no_elderly_80" BEFORE INSERT ON "household_care_tags" FOR EACH ROW
  WHEN (NEW."tag" = 'elderly_80') EXECUTE FUNCTION "household_care_tags_no_elderly_80"();
--> statement-breakpoint

-- 0013_stats_aggregates: the statistics aggregates (see that migration for what each table holds), kept exact by
-- one row trigger on cases and one on claim events, inside the same transaction as the write. Months are Beijing
-- time (UTC+8, as strftime('%Y-%m', ms / 1000 + 28800, 'unixepoch') in SQLite); durations are whole milliseconds
-- divided with truncation, as SQLite's integer division.
CREATE TABLE "stats_grid_months" (
  "grid_id" integer NOT NULL,
  "month" text NOT NULL,
  "worker_id" integer NOT NULL,
  "received" integer NOT NULL DEFAULT 0,
  "rejected" integer NOT NULL DEFAULT 0,
  "duplicate" integer NOT NULL DEFAULT 0,
  "responded" integer NOT NULL DEFAULT 0,
  "resolved" integer NOT NULL DEFAULT 0,
  "satisfied" integer NOT NULL DEFAULT 0,
  "basically" integer NOT NULL DEFAULT 0,
  "unsatisfied" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("grid_id", "month", "worker_id")
);
--> statement-breakpoint
CREATE TABLE "stats_node_months" (
  "node_id" integer NOT NULL,
  "month" text NOT NULL,
  "category_id" integer NOT NULL,
  "source" text NOT NULL,
  "received" integer NOT NULL DEFAULT 0,
  "rejected" integer NOT NULL DEFAULT 0,
  "duplicate" integer NOT NULL DEFAULT 0,
  "responded" integer NOT NULL DEFAULT 0,
  "resolved" integer NOT NULL DEFAULT 0,
  "satisfied" integer NOT NULL DEFAULT 0,
  "basically" integer NOT NULL DEFAULT 0,
  "unsatisfied" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("node_id", "month", "category_id", "source")
);
--> statement-breakpoint
CREATE TABLE "stats_node_hours" (
  "node_id" integer NOT NULL,
  "month" text NOT NULL,
  "kind" integer NOT NULL,
  "bucket" integer NOT NULL,
  "n" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("node_id", "month", "kind", "bucket")
);
--> statement-breakpoint
CREATE TABLE "stats_grid_claims" (
  "grid_id" integer NOT NULL,
  "month" text NOT NULL,
  "account_id" integer NOT NULL,
  "claims" integer NOT NULL DEFAULT 0,
  "done" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("grid_id", "month", "account_id")
);
--> statement-breakpoint
CREATE FUNCTION "stats_month"(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char((t AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')
$$;
--> statement-breakpoint
CREATE FUNCTION "stats_ms"(a timestamptz, b timestamptz) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT ((extract(epoch FROM a) - extract(epoch FROM b)) * 1000)::bigint
$$;
--> statement-breakpoint
-- Buckets of 0.1 hour below 48 hours (0 … 479), of 0.1 day from there (480 …).
CREATE FUNCTION "stats_bucket"(ms bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN ms < 172800000 THEN (ms / 360000)::integer ELSE (480 + (ms - 172800000) / 8640000)::integer END
$$;
--> statement-breakpoint
CREATE FUNCTION "stats_path_nodes"(path text) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$
  SELECT string_to_array(trim(BOTH '/' FROM path), '/')::integer[]
$$;
--> statement-breakpoint
-- received, rejected, duplicate, responded (triaged by the accept deadline), resolved, satisfied, basically, unsatisfied.
CREATE FUNCTION "stats_case_flags"(c "cases") RETURNS integer[] LANGUAGE sql STABLE AS $$
  SELECT ARRAY[
    1,
    (c.status = 'rejected')::integer,
    (c.status = 'duplicate')::integer,
    coalesce((coalesce(c.accepted_at, CASE WHEN c.status IN ('rejected', 'duplicate') THEN c.closed_at END) <= c.accept_due_at)::integer, 0),
    (c.status IN ('resolved', 'closed'))::integer,
    coalesce((c.rating = 'satisfied')::integer, 0),
    coalesce((c.rating = 'basically')::integer, 0),
    coalesce((c.rating = 'unsatisfied')::integer, 0)]
$$;
--> statement-breakpoint
CREATE FUNCTION "stats_case_worker"(c "cases") RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT coalesce(CASE WHEN c.handler_kind IN ('grid_worker', 'party_member') THEN c.handler_account_id END, 0)
$$;
--> statement-breakpoint
-- kind 0: hours to first triage (accepted, or closed as rejected/duplicate); kind 1: hours to resolution.
CREATE FUNCTION "stats_case_bucket"(c "cases", kind integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN kind = 0
    THEN stats_bucket(stats_ms(coalesce(c.accepted_at, CASE WHEN c.status IN ('rejected', 'duplicate') THEN c.closed_at END), c.created_at))
    ELSE CASE WHEN c.status IN ('resolved', 'closed') THEN stats_bucket(stats_ms(c.resolved_at, c.created_at)) END
  END
$$;
--> statement-breakpoint
CREATE FUNCTION "stats_apply_grid_month"(c "cases", s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f integer[] := stats_case_flags(c);
BEGIN
  INSERT INTO stats_grid_months AS t (grid_id, month, worker_id, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  VALUES (c.grid_id, stats_month(c.created_at), stats_case_worker(c), s * f[1], s * f[2], s * f[3], s * f[4], s * f[5], s * f[6], s * f[7], s * f[8])
  ON CONFLICT (grid_id, month, worker_id) DO UPDATE SET received = t.received + excluded.received, rejected = t.rejected + excluded.rejected,
    duplicate = t.duplicate + excluded.duplicate, responded = t.responded + excluded.responded, resolved = t.resolved + excluded.resolved,
    satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
END $$;
--> statement-breakpoint
CREATE FUNCTION "stats_apply_node_months"(c "cases", s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f integer[] := stats_case_flags(c);
BEGIN
  INSERT INTO stats_node_months AS t (node_id, month, category_id, source, received, rejected, duplicate, responded, resolved, satisfied, basically, unsatisfied)
  SELECT node, stats_month(c.created_at), coalesce(c.category_id, 0), c.source, s * f[1], s * f[2], s * f[3], s * f[4], s * f[5], s * f[6], s * f[7], s * f[8]
  FROM unnest(stats_path_nodes(c.node_path)) AS node
  ON CONFLICT (node_id, month, category_id, source) DO UPDATE SET received = t.received + excluded.received, rejected = t.rejected + excluded.rejected,
    duplicate = t.duplicate + excluded.duplicate, responded = t.responded + excluded.responded, resolved = t.resolved + excluded.resolved,
    satisfied = t.satisfied + excluded.satisfied, basically = t.basically + excluded.basically, unsatisfied = t.unsatisfied + excluded.unsatisfied;
END $$;
--> statement-breakpoint
CREATE FUNCTION "stats_apply_hours"(c "cases", k integer, s integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE b integer := stats_case_bucket(c, k);
BEGIN
  IF b IS NULL THEN RETURN; END IF;
  INSERT INTO stats_node_hours AS t (node_id, month, kind, bucket, n)
  SELECT node, stats_month(c.created_at), k, b, s FROM unnest(stats_path_nodes(c.node_path)) AS node
  ON CONFLICT (node_id, month, kind, bucket) DO UPDATE SET n = t.n + excluded.n;
END $$;
--> statement-breakpoint
-- The claim events of a case count for its grid; "done" while the claimant still holds it and it is resolved or closed.
CREATE FUNCTION "stats_apply_claims"(c "cases", s integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_grid_claims AS t (grid_id, month, account_id, claims, done)
  SELECT c.grid_id, stats_month(e.at), e.actor_account_id, s * count(*),
    s * count(*) FILTER (WHERE c.status IN ('resolved', 'closed') AND c.handler_account_id IS NOT DISTINCT FROM e.actor_account_id)
  FROM case_events AS e WHERE e.case_id = c.id AND e.action = 'claim' AND e.actor_account_id IS NOT NULL
  GROUP BY stats_month(e.at), e.actor_account_id
  ON CONFLICT (grid_id, month, account_id) DO UPDATE SET claims = t.claims + excluded.claims, done = t.done + excluded.done;
END $$;
--> statement-breakpoint
-- Like SQLite's WHEN clauses, an update touches only the aggregates whose contribution changed.
CREATE FUNCTION "stats_cases_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
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
    IF (OLD.node_path, OLD.created_at, OLD.category_id, OLD.source, stats_case_flags(OLD))
       IS DISTINCT FROM (NEW.node_path, NEW.created_at, NEW.category_id, NEW.source, stats_case_flags(NEW)) THEN
      PERFORM stats_apply_node_months(OLD, -1);
      PERFORM stats_apply_node_months(NEW, 1);
    END IF;
    FOR k IN 0..1 LOOP
      IF (OLD.node_path, OLD.created_at, stats_case_bucket(OLD, k)) IS DISTINCT FROM (NEW.node_path, NEW.created_at, stats_case_bucket(NEW, k)) THEN
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
CREATE TRIGGER "stats_cases_after_change" AFTER INSERT OR UPDATE OR DELETE ON "cases" FOR EACH ROW EXECUTE FUNCTION "stats_cases_changed"();
--> statement-breakpoint
-- The timeline is append-only, so a claim is only ever added.
CREATE FUNCTION "stats_case_events_claim"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_grid_claims AS t (grid_id, month, account_id, claims, done)
  SELECT c.grid_id, stats_month(NEW.at), NEW.actor_account_id, 1,
    (c.status IN ('resolved', 'closed') AND c.handler_account_id IS NOT DISTINCT FROM NEW.actor_account_id)::integer
  FROM cases AS c WHERE c.id = NEW.case_id
  ON CONFLICT (grid_id, month, account_id) DO UPDATE SET claims = t.claims + excluded.claims, done = t.done + excluded.done;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "stats_grid_claims_after_claim" AFTER INSERT ON "case_events" FOR EACH ROW
  WHEN (NEW.action = 'claim' AND NEW.actor_account_id IS NOT NULL) EXECUTE FUNCTION "stats_case_events_claim"();
--> statement-breakpoint
-- The open cases by place and date (hand-written in SQLite's 0013 as well: a partial index).
CREATE INDEX "cases_open_path_idx" ON "cases" ("node_path", "created_at") WHERE "status" IN ('submitted', 'accepted', 'assigned', 'in_progress');
