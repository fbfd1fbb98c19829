-- 007: text columns sort in natural order (numbers inside text compare as numbers: P2 before P10), as
-- the worklist did in the browser (Intl.Collator numeric). An ICU collation with numeric ordering
-- (und-u-kn-true, deterministic: equality stays byte equality, LIKE and pg_trgm unaffected); a cluster
-- built without ICU gets a copy of "C" (plain order, the same plan). server/worklist/sort-keys.ts
-- writes `COLLATE dokuei_natural` in every text sort key; the patient name / ID orders are read in
-- index order from the two indexes below (server/worklist/README.md "At scale").
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i') THEN
    CREATE COLLATION dokuei_natural (provider = icu, locale = 'und-u-kn-true');
  ELSE
    CREATE COLLATION dokuei_natural FROM "C";
  END IF;
END
$$;

DROP INDEX worklist_by_patient_name;
CREATE INDEX worklist_by_patient_name ON worklist ((patient_name COLLATE dokuei_natural), study_uid);
-- worklist_by_patient_id (patient_id, study_datetime) stays for equality look-ups (priors).
CREATE INDEX worklist_by_patient_id_natural ON worklist ((patient_id COLLATE dokuei_natural), study_uid);
