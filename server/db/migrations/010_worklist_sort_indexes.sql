-- 010: every sort of GET /api/worklist reads its first page (and each next one) from an index at any size,
-- as urgency and patient name did since 004/007 (server/worklist/README.md "At scale"; e.g. sort=arrivedAt
-- was ~1.3 s at 1M studies). Each index is written exactly as server/worklist/sort-keys.ts writes the key
-- (the planner matches expressions by their text), and ends in study_uid, the keyset's last key.

-- Text columns (natural order, blank = null or ''): two ranges each, V > '' then V = '' (sort-keys.ts text()).
CREATE INDEX worklist_by_patient_sex ON worklist ((COALESCE(patient_sex, '') COLLATE dokuei_natural), study_uid);
CREATE INDEX worklist_by_patient_birth_date ON worklist ((COALESCE(patient_birth_date, '') COLLATE dokuei_natural), study_uid);
CREATE INDEX worklist_by_accession_natural ON worklist ((COALESCE(accession, '') COLLATE dokuei_natural), study_uid);
CREATE INDEX worklist_by_modality ON worklist ((COALESCE(modality, '') COLLATE dokuei_natural), study_uid);
CREATE INDEX worklist_by_body_part ON worklist ((COALESCE(body_part, '') COLLATE dokuei_natural), study_uid);
CREATE INDEX worklist_by_description ON worklist ((COALESCE(description, '') COLLATE dokuei_natural), study_uid);
CREATE INDEX worklist_by_claimed_by ON worklist ((COALESCE(claimed_by, '') COLLATE dokuei_natural), study_uid);
CREATE INDEX worklist_by_ai_positive ON worklist ((COALESCE((ai_summary->'positives'->>0), '') COLLATE dokuei_natural), study_uid);

-- Study date/time: blank = null, as '-infinity' (no parsed DICOM date is): > then = '-infinity'.
-- 001's (study_datetime DESC NULLS LAST, study_uid) served no query.
DROP INDEX worklist_by_study_datetime;
CREATE INDEX worklist_by_study_datetime ON worklist ((COALESCE(study_datetime, '-infinity'::timestamptz)), study_uid);

-- Request priority by rank, blank (none of the five) = -1.
CREATE INDEX worklist_by_priority ON worklist ((COALESCE(CASE upper(priority) WHEN 'STAT' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2
  WHEN 'ROUTINE' THEN 3 WHEN 'LOW' THEN 4 END, -1)::numeric), study_uid);

-- Columns of a few values: one equality range per value, in study_uid order (sort-keys.ts ranked()).
CREATE INDEX worklist_by_level ON worklist (urgency_level, study_uid);
CREATE INDEX worklist_by_reading_state ON worklist (reading_state, study_uid);
CREATE INDEX worklist_by_ai_status ON worklist (ai_status, study_uid);
CREATE INDEX worklist_by_flagged ON worklist (flagged, study_uid);
-- The flagged-only filter reads the range above.
DROP INDEX worklist_flagged;

-- Score (evidence + aging at query time) as its time-invariant key for k = 5 (sort-keys.ts score, as 004).
CREATE INDEX worklist_by_score ON worklist
  ((60 * urgency_score::numeric - 5 * extract(epoch FROM (arrived_at - '1970-01-01 00:00:00+00'::timestamptz))), study_uid);

-- Last change (arrival has worklist_by_arrival since 002).
CREATE INDEX worklist_by_updated ON worklist (updated_at, study_uid);
