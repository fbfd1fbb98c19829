-- 013: shadow mode (server/models/README.md). A validated (`shadow`) version runs on arrivals only when an
-- admin says so (`shadow_run`); its results live here, never in the worklist row, an SR or the urgency.
ALTER TABLE model_versions ADD COLUMN shadow_run boolean NOT NULL DEFAULT false;
-- Only a shadow version can run in shadow: leaving that state (promotion, retirement) stops it.
ALTER TABLE model_versions ADD CONSTRAINT model_versions_shadow_run CHECK (NOT shadow_run OR state = 'shadow');

-- One row per study × shadow version, written by the worker after the active analysis (idempotent: a rerun
-- replaces it). image_uid null: the study had no chest image to run on (not counted as analysed).
CREATE TABLE shadow_results (
  study_uid           text COLLATE "C" NOT NULL,
  model_id            text             NOT NULL,
  version             text             NOT NULL,
  sha256              text             NOT NULL,
  image_uid           text COLLATE "C",
  computed_at         timestamptz      NOT NULL,
  week                date             GENERATED ALWAYS AS (date_trunc('week', computed_at AT TIME ZONE 'UTC')::date) STORED,
  -- Why the findings do not apply (QA body part, OOD), as the active path says it; null when they do.
  not_applicable      text,
  ood_score           double precision,
  ood_threshold       double precision,
  out_of_distribution boolean,
  qa_flags            text[]           NOT NULL DEFAULT '{}',
  -- The shadow model's own preprocessing + inference, milliseconds.
  infer_ms            double precision NOT NULL,
  PRIMARY KEY (study_uid, model_id, version)
);
CREATE INDEX shadow_results_by_version_week ON shadow_results (model_id, version, week);

-- Findings at the shadow version's operating points (positive or not).
CREATE TABLE shadow_findings (
  study_uid   text COLLATE "C" NOT NULL,
  model_id    text             NOT NULL,
  version     text             NOT NULL,
  label       text             NOT NULL,
  probability double precision NOT NULL,
  threshold   double precision NOT NULL,
  positive    boolean          NOT NULL,
  PRIMARY KEY (study_uid, model_id, version, label),
  FOREIGN KEY (study_uid, model_id, version) REFERENCES shadow_results ON DELETE CASCADE
);

-- The active result a shadow row is compared with: a study's AI results by model id.
CREATE INDEX ai_results_by_study_time ON ai_results (study_uid, computed_at DESC);

-- A study leaving the worklist takes its shadow rows with it (as its monitoring rows).
CREATE FUNCTION shadow_forget_study() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM shadow_results WHERE study_uid = OLD.study_uid;
  RETURN NULL;
END
$$;
CREATE TRIGGER worklist_forget_shadow AFTER DELETE ON worklist
  FOR EACH ROW EXECUTE FUNCTION shadow_forget_study();
