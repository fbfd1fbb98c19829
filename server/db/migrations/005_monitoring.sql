-- 005: AI monitoring in SQL. The Dokuei SRs of every study, flattened into rows when the watcher (or the
-- reindex) sees the study stable: AI results, their findings, reader decisions from assessment SRs, and
-- one row per SR document (reports, unreadable SRs, assessments whose AI result is missing). Derived from
-- Orthanc and rebuildable from it like the worklist; a study's rows are replaced as a whole
-- (server/monitoring/index-study.ts). The figures are those of src/domain/reading/monitoring/metrics.ts,
-- computed by server/monitoring/report.ts. Weeks and days are UTC (ISO weeks start on Monday).

-- Every SR of an indexed study, Dokuei's or not (kind as parseDokueiSr says).
CREATE TABLE monitoring_documents (
  study_uid        text COLLATE "C" NOT NULL,
  sop_instance_uid text COLLATE "C" NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('ai-result', 'assessment', 'report', 'unknown')),
  -- unknown: why it was not read (counted by reason on the page).
  reason           text,
  -- assessment: the AI result SR it assesses (orphan when no ai_results row has it).
  ai_sr_uid        text COLLATE "C",
  PRIMARY KEY (study_uid, sop_instance_uid)
);
CREATE INDEX monitoring_documents_by_kind ON monitoring_documents (kind, reason);

-- One row per AI result SR, with the reader agreement it has now (kept by monitoring_refresh below).
CREATE TABLE ai_results (
  study_uid           text COLLATE "C" NOT NULL,
  sr_instance_uid     text COLLATE "C" NOT NULL,
  -- "id@version" of every algorithm in the SR, sorted, " + "-joined (metrics.ts modelName): the page's model.
  model               text             NOT NULL,
  algorithms          jsonb            NOT NULL,
  computed_at         timestamptz      NOT NULL,
  week                date             GENERATED ALWAYS AS (date_trunc('week', computed_at AT TIME ZONE 'UTC')::date) STORED,
  -- OOD state; all null when the SR has no OOD score.
  ood_score           double precision,
  ood_threshold       double precision,
  out_of_distribution boolean,
  qa_flags            text[]           NOT NULL DEFAULT '{}',
  -- At least one current decision (on a finding, a QA flag or an addition).
  assessed            boolean          NOT NULL DEFAULT false,
  -- Positive findings whose current decision is accept or edit / reject.
  accepted_positives  integer          NOT NULL DEFAULT 0,
  false_positives     integer          NOT NULL DEFAULT 0,
  -- Current 'add' decisions whose label is not a QA flag.
  false_negatives     integer          NOT NULL DEFAULT 0,
  PRIMARY KEY (study_uid, sr_instance_uid)
);
CREATE INDEX ai_results_by_model_week ON ai_results (model, week);
CREATE INDEX ai_results_by_time ON ai_results (computed_at);
CREATE INDEX ai_results_by_sr ON ai_results (sr_instance_uid);

-- One row per finding of an AI result (positive or not): probabilities for drift, calls for PPV.
CREATE TABLE ai_findings (
  study_uid       text COLLATE "C" NOT NULL,
  sr_instance_uid text COLLATE "C" NOT NULL,
  ordinal         integer          NOT NULL,
  model           text             NOT NULL,
  label           text             NOT NULL,
  probability     double precision NOT NULL,
  threshold       double precision NOT NULL,
  positive        boolean          NOT NULL,
  tracking_uid    text COLLATE "C" NOT NULL,
  -- The current reader decision on this finding (by tracking UID), null when none.
  decision        text             CHECK (decision IN ('accept', 'reject', 'edit', 'add')),
  computed_at     timestamptz      NOT NULL,
  week            date             GENERATED ALWAYS AS (date_trunc('week', computed_at AT TIME ZONE 'UTC')::date) STORED,
  day             date             GENERATED ALWAYS AS ((computed_at AT TIME ZONE 'UTC')::date) STORED,
  PRIMARY KEY (study_uid, sr_instance_uid, ordinal)
);
CREATE INDEX ai_findings_by_model_label ON ai_findings (model, label, week);
CREATE INDEX ai_findings_by_item ON ai_findings (sr_instance_uid, tracking_uid);

-- One row per decision of an assessment SR. The current decision on an item (a finding or an added one by
-- tracking UID, a QA flag by its "qa-flag:" label: review/decisions.ts itemKey) is its newest one.
CREATE TABLE reader_decisions (
  study_uid         text COLLATE "C" NOT NULL,
  assessment_sr_uid text COLLATE "C" NOT NULL,
  -- Position in the SR: of two decisions at the same instant the later one counts.
  ordinal           integer     NOT NULL,
  ai_sr_uid         text COLLATE "C" NOT NULL,
  tracking_uid      text COLLATE "C" NOT NULL,
  label             text        NOT NULL,
  item_key          text COLLATE "C" NOT NULL,
  qa                boolean     NOT NULL,
  decision          text        NOT NULL CHECK (decision IN ('accept', 'reject', 'edit', 'add')),
  reader            text        NOT NULL,
  decided_at        timestamptz NOT NULL,
  -- The newest decision on its item (monitoring_refresh): what the figures count.
  current           boolean     NOT NULL DEFAULT false,
  week              date        GENERATED ALWAYS AS (date_trunc('week', decided_at AT TIME ZONE 'UTC')::date) STORED,
  PRIMARY KEY (study_uid, assessment_sr_uid, ordinal)
);
-- DISTINCT ON (ai_sr_uid, item_key) … ORDER BY decided_at DESC, assessment_sr_uid DESC, ordinal DESC.
CREATE INDEX reader_decisions_latest ON reader_decisions (ai_sr_uid, item_key, decided_at DESC, assessment_sr_uid DESC, ordinal DESC);
CREATE INDEX reader_decisions_added ON reader_decisions (ai_sr_uid) WHERE current AND decision = 'add' AND NOT qa;
CREATE INDEX reader_decisions_by_week ON reader_decisions (week);

-- Recomputes the current decisions of the given AI result SRs and what follows from them (ai_findings.decision,
-- ai_results' agreement columns). Called after a study's rows are replaced, with every AI result SR the
-- change may touch: the study's own results, and those its assessments (before and after) are about.
-- The current decision on an item is its newest; at one instant the later one in the same SR; then the
-- greater SR UID (the browser keeps the one it read last).
CREATE FUNCTION monitoring_refresh(uids text[]) RETURNS void LANGUAGE sql AS $$
  WITH latest AS (
    SELECT DISTINCT ON (ai_sr_uid, item_key) study_uid, assessment_sr_uid, ordinal
    FROM reader_decisions WHERE ai_sr_uid = ANY(uids)
    ORDER BY ai_sr_uid, item_key, decided_at DESC, assessment_sr_uid DESC, ordinal DESC, study_uid DESC
  )
  UPDATE reader_decisions d SET current = EXISTS (
    SELECT 1 FROM latest l WHERE (l.study_uid, l.assessment_sr_uid, l.ordinal) = (d.study_uid, d.assessment_sr_uid, d.ordinal))
  WHERE d.ai_sr_uid = ANY(uids);

  UPDATE ai_findings f SET decision = (
    SELECT c.decision FROM reader_decisions c
    WHERE c.current AND c.ai_sr_uid = f.sr_instance_uid AND c.item_key = f.tracking_uid LIMIT 1)
  WHERE f.sr_instance_uid = ANY(uids);

  UPDATE ai_results r SET
    assessed = EXISTS (SELECT 1 FROM reader_decisions d WHERE d.current AND d.ai_sr_uid = r.sr_instance_uid),
    false_negatives = (SELECT count(*) FROM reader_decisions d
                       WHERE d.current AND d.ai_sr_uid = r.sr_instance_uid AND d.decision = 'add' AND NOT d.qa),
    accepted_positives = (SELECT count(*) FROM ai_findings f WHERE f.study_uid = r.study_uid AND f.sr_instance_uid = r.sr_instance_uid
                          AND f.positive AND f.decision IN ('accept', 'edit')),
    false_positives = (SELECT count(*) FROM ai_findings f WHERE f.study_uid = r.study_uid AND f.sr_instance_uid = r.sr_instance_uid
                       AND f.positive AND f.decision = 'reject')
  WHERE r.sr_instance_uid = ANY(uids);
$$;

-- A study leaving the worklist (Deleted change, reindex cleanup) takes its monitoring rows with it.
CREATE FUNCTION monitoring_forget_study() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text[];
BEGIN
  DELETE FROM monitoring_documents WHERE study_uid = OLD.study_uid;
  DELETE FROM ai_results WHERE study_uid = OLD.study_uid;
  DELETE FROM ai_findings WHERE study_uid = OLD.study_uid;
  WITH gone AS (DELETE FROM reader_decisions WHERE study_uid = OLD.study_uid RETURNING ai_sr_uid)
  SELECT array_agg(DISTINCT ai_sr_uid) INTO touched FROM gone;
  -- Results in other studies its assessments were about.
  IF touched IS NOT NULL THEN
    PERFORM monitoring_refresh(touched);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER worklist_forget_monitoring AFTER DELETE ON worklist
  FOR EACH ROW EXECUTE FUNCTION monitoring_forget_study();
