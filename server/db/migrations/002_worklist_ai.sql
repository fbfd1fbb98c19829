-- 002: what the worklist index needs beyond 001 for the server-side AI path: which model build produced
-- the AI summary, its status, a "has a positive finding" flag for the flagged-only filter, and a NOTIFY
-- on every row change so that live views (SSE) need no polling.

ALTER TABLE worklist
  -- modelKey (src/inference/model-key.ts) of the builds that produced ai_summary; null until analysed.
  ADD COLUMN ai_model_key text,
  -- pending: not analysed yet; done; not-applicable (QA/OOD); no-model (no CR/DX chest image); failed.
  ADD COLUMN ai_status    text    NOT NULL DEFAULT 'pending'
    CHECK (ai_status IN ('pending', 'done', 'not-applicable', 'no-model', 'failed')),
  ADD COLUMN flagged      boolean NOT NULL DEFAULT false;

CREATE INDEX worklist_flagged ON worklist (study_uid) WHERE flagged;
CREATE INDEX worklist_by_arrival ON worklist (arrived_at, study_uid);

-- One notification per changed row, payload = StudyInstanceUID (or '*' for a bulk change such as a
-- truncate). Sent at commit only, so a listener never sees a row that was rolled back.
CREATE FUNCTION worklist_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('worklist_changed', OLD.study_uid);
  ELSE
    PERFORM pg_notify('worklist_changed', NEW.study_uid);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER worklist_changed AFTER INSERT OR UPDATE OR DELETE ON worklist
  FOR EACH ROW EXECUTE FUNCTION worklist_notify_change();

CREATE FUNCTION worklist_notify_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('worklist_changed', '*');
  RETURN NULL;
END
$$;
CREATE TRIGGER worklist_truncated AFTER TRUNCATE ON worklist
  FOR EACH STATEMENT EXECUTE FUNCTION worklist_notify_truncate();
