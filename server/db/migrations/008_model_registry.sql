-- The model registry (server/models/README.md): every version of every model a site runs or has run,
-- its manifest (as validated), the sha256 of its ONNX file in the file store, and its rollout state.
CREATE TABLE model_versions (
  id bigserial PRIMARY KEY,
  model_id text NOT NULL,
  version text NOT NULL,
  state text NOT NULL CHECK (state IN ('uploaded', 'validating', 'shadow', 'active', 'retired')),
  manifest jsonb NOT NULL,
  -- Pinned from the manifest at upload; the file store holds the file under this digest once it matched.
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bigint NOT NULL CHECK (bytes > 0),
  -- Why the last validation refused the file (the admin page shows them); empty when it passed.
  messages jsonb NOT NULL DEFAULT '[]',
  uploaded_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Set at each promotion: a rollback goes back to the version active before the current one.
  activated_at timestamptz,
  UNIQUE (model_id, version)
);
-- One active version per model id, whatever the servers do at once.
CREATE UNIQUE INDEX model_versions_one_active ON model_versions (model_id) WHERE state = 'active';
