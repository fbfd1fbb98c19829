-- 001: the tables the server moves into PostgreSQL first: audit trail, sessions, the change-feed
-- watcher's cursor and the worklist index (one row per study, derived from Orthanc, rebuildable).

-- Audit trail in IHE ATNA / DICOM PS3.15 vocabulary (server/audit/audit-event.ts). Append-only.
CREATE TABLE audit_events (
  seq        bigserial   PRIMARY KEY,
  time       timestamptz NOT NULL DEFAULT now(),
  event      text        NOT NULL,
  action     text        NOT NULL CHECK (action IN ('C', 'R', 'U', 'D', 'E')),
  outcome    smallint    NOT NULL CHECK (outcome IN (0, 4, 8, 12)),
  user_id    text,
  role       text,
  address    text        NOT NULL,
  study_uid  text,
  patient_id text,
  detail     text
);
CREATE INDEX audit_events_by_time ON audit_events (time);
CREATE INDEX audit_events_by_user ON audit_events (user_id, seq);
CREATE INDEX audit_events_by_study ON audit_events (study_uid, seq) WHERE study_uid IS NOT NULL;
CREATE INDEX audit_events_by_patient ON audit_events (patient_id, seq) WHERE patient_id IS NOT NULL;

-- A trigger rather than REVOKE alone: privileges do not bind the table's owner, which is the role
-- the server connects as. Removing records then takes a deliberate, visible schema change.
CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Sign-in sessions. Only a hash of the cookie's id is stored: a database dump cannot be replayed.
CREATE TABLE sessions (
  id_hash      text        PRIMARY KEY,
  user_id      text        NOT NULL,
  role         text        NOT NULL,
  csrf_token   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- Cursors of background loops, e.g. the last Orthanc /changes sequence the watcher handled.
CREATE TABLE watcher_state (
  name       text        PRIMARY KEY,
  last_seq   bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The worklist index: one row per study. DICOM dates/times are kept as sent (they may be partial);
-- study_datetime is their parsed form for sorting. Sort keys are NOT NULL so keyset comparisons hold.
CREATE TABLE worklist (
  study_uid          text        PRIMARY KEY,
  orthanc_id         text        NOT NULL UNIQUE,
  patient_id         text        NOT NULL DEFAULT '',
  patient_name       text        NOT NULL DEFAULT '',
  patient_sex        text,
  patient_birth_date text,
  accession          text,
  study_date         text,
  study_time         text,
  study_datetime     timestamptz,
  modality           text,
  body_part          text,
  description        text,
  priority           text,
  ai_summary         jsonb,
  -- src/triage UrgencyLevel: 0 low, 1 routine, 2 urgent, 3 critical (routine until triaged).
  urgency_level      smallint    NOT NULL DEFAULT 1 CHECK (urgency_level BETWEEN 0 AND 3),
  urgency_score      real        NOT NULL DEFAULT 0,
  urgency_reasons    jsonb       NOT NULL DEFAULT '[]',
  reading_state      text        NOT NULL DEFAULT 'unread' CHECK (reading_state IN ('unread', 'in-progress', 'read')),
  claimed_by         text,
  arrived_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
-- Keyset pages in triage order; the last column makes every key unique. The partial twin serves
-- the default view (what is still to be read) without walking past read studies.
CREATE INDEX worklist_by_urgency ON worklist (urgency_level DESC, urgency_score DESC, arrived_at, study_uid);
CREATE INDEX worklist_open_by_urgency ON worklist (urgency_level DESC, urgency_score DESC, arrived_at, study_uid)
  WHERE reading_state <> 'read';
CREATE INDEX worklist_by_patient_name ON worklist (patient_name, study_uid);
CREATE INDEX worklist_by_study_datetime ON worklist (study_datetime DESC NULLS LAST, study_uid);
-- Priors (same patient) and look-ups by accession number.
CREATE INDEX worklist_by_patient_id ON worklist (patient_id, study_datetime);
CREATE INDEX worklist_by_accession ON worklist (accession) WHERE accession IS NOT NULL;
