-- 015: the study's first image as the viewer will show it (src/domain/viewer/first-image-hint.ts), computed by
-- the triage worker once the study has arrived; the server writes it into the study's page so the first preview
-- is asked for at once (server/worklist/first-image.ts). Null: not computed yet, or no preview for this study.
ALTER TABLE worklist ADD COLUMN first_image jsonb;
