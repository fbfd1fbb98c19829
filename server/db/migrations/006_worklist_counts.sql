-- 006: Orthanc's series / instance counts of a study on its row (the worklist's "Ser. / img." column):
-- NumberOfStudyRelatedSeries / NumberOfStudyRelatedInstances as QIDO-RS answers them when the watcher
-- reads the study, every series included (the AI's SR and SEG too, as Orthanc counts them).
-- NULL for rows indexed before this migration, until the study is read again (reindex or change).
ALTER TABLE worklist ADD COLUMN series_count integer, ADD COLUMN instance_count integer;
