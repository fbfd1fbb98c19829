-- Local validation runs (server/validation/README.md): a candidate model version and the active version
-- of its model id evaluated on the site's confirmed cases and/or a labelled folder. One row per run,
-- kept as history; the report holds both versions' metric rows; the admin's decision is recorded on it.
CREATE TABLE model_validations (
  id bigserial PRIMARY KEY,
  version_id bigint NOT NULL REFERENCES model_versions (id),
  active_version_id bigint REFERENCES model_versions (id),
  confirmed_cases boolean NOT NULL,
  folder text,
  state text NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  done integer NOT NULL DEFAULT 0,
  total integer NOT NULL DEFAULT 0,
  error text,
  report jsonb,
  requested_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  decision text CHECK (decision IN ('promoted', 'rejected')),
  decided_by text,
  decided_at timestamptz,
  decision_reason text,
  CHECK (confirmed_cases OR folder IS NOT NULL)
);
CREATE INDEX model_validations_by_version ON model_validations (version_id, id DESC);
