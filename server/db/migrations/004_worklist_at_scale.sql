-- 004: the worklist API at a department's scale (1,000,000 studies): indexes the first page can be
-- read from in index order, whatever the time, and exact totals without counting rows.
-- See server/worklist/README.md ("At scale").

-- Urgency order without aging at query time in the index: evidence + k·wait = evidence + k·(now − arrived)
-- (k = aging.pointsPerMinute, wait in minutes), so within a level the order of
--   k·epoch(arrived_at) − 60·evidence        (ascending = most urgent first)
-- is the order at ANY `now`. The expression must be written exactly like
-- server/worklist/sort-keys.ts urgencyIndexKeySql() for the planner to use it; it is built for the
-- default k = 5 (src/triage/default-rules.json). A site with another k gets the same order, only without
-- these two indexes (see README). extract(epoch FROM timestamptz) is not IMMUTABLE, the interval form is.
-- Critical studies are never overdue, so they are one index range in this order:
CREATE INDEX worklist_critical_by_urgency ON worklist
  ((5 * extract(epoch FROM (arrived_at - '1970-01-01 00:00:00+00'::timestamptz)) - 60 * urgency_score::numeric), arrived_at, study_uid)
  WHERE urgency_level = 3;
CREATE INDEX worklist_open_critical_by_urgency ON worklist
  ((5 * extract(epoch FROM (arrived_at - '1970-01-01 00:00:00+00'::timestamptz)) - 60 * urgency_score::numeric), arrived_at, study_uid)
  WHERE urgency_level = 3 AND reading_state <> 'read';
-- Overdue studies (not critical, arrived ≤ now − cap) are ordered by arrival alone: one range of these.
CREATE INDEX worklist_waiting_by_arrival ON worklist (arrived_at, study_uid) WHERE urgency_level < 3;
CREATE INDEX worklist_open_waiting_by_arrival ON worklist (arrived_at, study_uid) WHERE urgency_level < 3 AND reading_state <> 'read';
-- (The rest — arrived within the last cap minutes — is a short range of worklist_by_arrival.)

-- 001's urgency indexes serve no query any more (the order is not a column order).
DROP INDEX worklist_by_urgency;
DROP INDEX worklist_open_by_urgency;

-- Free-text filter (patient name, patient ID, accession: ILIKE '%…%'). pg_trgm is a trusted extension
-- (PostgreSQL ≥ 13): the database owner may create it, no superuser needed.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX worklist_patient_name_trgm ON worklist USING gin (patient_name gin_trgm_ops);
CREATE INDEX worklist_patient_id_trgm ON worklist USING gin (patient_id gin_trgm_ops);
CREATE INDEX worklist_accession_trgm ON worklist USING gin (accession gin_trgm_ops);

-- Exact totals for the filters a reader combines most (reading state, level, AI status, flagged):
-- statement triggers append signed deltas per key (no row locks shared between writers, so no waits
-- and no deadlocks); a total is the sum of the matching rows. Now and then a writer folds the deltas
-- into one row per key (concurrent folds are safe under READ COMMITTED: each deletes what it sees).
CREATE TABLE worklist_counts (
  reading_state text     NOT NULL,
  urgency_level smallint NOT NULL,
  ai_status     text     NOT NULL,
  flagged       boolean  NOT NULL,
  n             bigint   NOT NULL
);

CREATE FUNCTION worklist_counts_fold() RETURNS void LANGUAGE sql AS $$
  WITH gone AS (DELETE FROM worklist_counts RETURNING *)
  INSERT INTO worklist_counts
    SELECT reading_state, urgency_level, ai_status, flagged, sum(n) FROM gone
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0;
$$;

CREATE FUNCTION worklist_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO worklist_counts
      SELECT reading_state, urgency_level, ai_status, flagged, count(*) FROM new_rows GROUP BY 1, 2, 3, 4;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO worklist_counts
      SELECT reading_state, urgency_level, ai_status, flagged, -count(*) FROM old_rows GROUP BY 1, 2, 3, 4;
  ELSE
    INSERT INTO worklist_counts
      SELECT reading_state, urgency_level, ai_status, flagged, sum(d) FROM (
        SELECT reading_state, urgency_level, ai_status, flagged, -1 AS d FROM old_rows
        UNION ALL
        SELECT reading_state, urgency_level, ai_status, flagged, 1 FROM new_rows
      ) AS changes GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0;
  END IF;
  -- About one statement in 200 folds: the table stays a few hundred rows at most.
  IF random() < 0.005 THEN
    PERFORM worklist_counts_fold();
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER worklist_counts_insert AFTER INSERT ON worklist REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_counts_change();
CREATE TRIGGER worklist_counts_update AFTER UPDATE ON worklist REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_counts_change();
CREATE TRIGGER worklist_counts_delete AFTER DELETE ON worklist REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_counts_change();

CREATE FUNCTION worklist_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM worklist_counts;
  RETURN NULL;
END
$$;
CREATE TRIGGER worklist_counts_truncated AFTER TRUNCATE ON worklist
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_counts_truncate();

INSERT INTO worklist_counts
  SELECT reading_state, urgency_level, ai_status, flagged, count(*) FROM worklist GROUP BY 1, 2, 3, 4;
