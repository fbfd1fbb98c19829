-- The wait counts from acquisition when it is plausible (src/domain/triage/waiting-since.ts), not from
-- when the watcher saw the study. The column every urgency/arrival index of 001–010 is built on becomes
-- waiting_since by a rename: PostgreSQL's indexes refer to the column, not its name, so they stay valid
-- and keep matching the keys sort-keys.ts writes with the new name. arrived_at is added back, with the
-- old values (rows indexed before this migration have waited since arrival), and the acquisition time.
ALTER TABLE worklist RENAME COLUMN arrived_at TO waiting_since;
ALTER TABLE worklist ADD COLUMN arrived_at timestamptz;
-- A copy changes no counted column and no row a reader sees: no per-row NOTIFY, no counter deltas.
ALTER TABLE worklist DISABLE TRIGGER worklist_changed, DISABLE TRIGGER worklist_counts_update;
UPDATE worklist SET arrived_at = waiting_since;
ALTER TABLE worklist ENABLE TRIGGER worklist_changed, ENABLE TRIGGER worklist_counts_update;
ALTER TABLE worklist ALTER COLUMN arrived_at SET NOT NULL, ALTER COLUMN arrived_at SET DEFAULT now();
ALTER TABLE worklist ADD COLUMN acquired_at timestamptz;
-- The "arrival" sort reads the real arrival.
CREATE INDEX worklist_by_arrived_at ON worklist (arrived_at, study_uid);
