/** The README.md written next to an exported dataset: what the columns mean and what de-identification did. */

/** What leaves the PACS, attribute by attribute, in the spirit of the PS3.15 E.1 Basic Application Level Confidentiality Profile. */
export const DEIDENTIFICATION = [
  ["Patient's Name, Other Patient Names/IDs, Birth Name, Mother's Birth Name, Address, Telephone", 'removed'],
  ['Patient ID, Issuer of Patient ID', 'replaced by `patient_id` = "anon-" + HMAC-SHA-256(salt, PatientID), 16 hex digits'],
  ["Patient's Birth Date", 'removed; only `age` in whole years at the study, 90 and over written as 90'],
  ["Patient's Sex", 'kept as `sex` (M/F/O) — Retain Patient Characteristics Option'],
  [
    'Study, Series, Acquisition, Content, Instance Creation dates',
    "removed; only `study_date`, shifted back by 1–1095 days, the same shift for every exam of a patient (intervals kept), and `offset_days` since the patient's first exported exam",
  ],
  ['All times', 'removed'],
  ['Accession Number, Study ID, Requested Procedure ID, Admission/Visit IDs', 'removed'],
  [
    'Study/Series/SOP Instance UIDs, Frame of Reference UID, referenced UIDs (SR evidence, tracking UIDs)',
    'removed; image files are named by an HMAC of the SOP Instance UID',
  ],
  ['Institution Name/Address/Department, Station Name, Device Serial Number, Manufacturer details', 'removed'],
  ["Referring/Performing/Reading physicians, Operators, the reader's and verifier's names", 'removed; the reader appears only as `reader_role`'],
  ['Study/Series descriptions, comments, free-text rejection reasons, report text', 'removed'],
  ['Private attributes, curves, overlays, icon images', 'removed (no DICOM header is written at all)'],
  ['Pixel Data', 'kept: first frame, as stored (MONOCHROME1 inverted), 8-bit PNG when the values fit, else 16-bit'],
] as const;

const LIMITATIONS = [
  'Burned-in text in the pixels (names, dates, institution markers) is **not** detected or masked: review the images, or restrict the export to sources known to be clean.',
  'Pseudonyms, date shifts and file names are keyed by the salt file: whoever holds it can link them back to PatientIDs and SOP Instance UIDs. Keep it private (mode 0600) and out of the dataset.',
  "Labels are one reader's decisions on AI results: findings the AI did not list and the reader did not add are unknown (empty), not negative.",
];

export function datasetReadme(labelColumns: readonly string[]): string {
  return `# Dokuei reader-feedback training set

Research use only. Reader decisions on Dokuei AI results (assessment SRs in the PACS), one row per image,
in the \`labels.csv\` convention of \`../shared/data\` (see its MANIFEST.md): usable with
\`npm run models:eval -- --data <this folder> --split all\`.

## Columns

- \`file\`: de-identified PNG of the image (pixels only), relative to this folder.
- \`patient_id\`, \`split\`: keyed pseudonym; \`split\` (train/val/test ≈ 70/15/15) is derived from it, so patient-disjoint.
- \`view_norm\` (PA/AP/LATERAL/UNKNOWN), \`modality\`, \`sex\`, \`age\`, \`study_date\` (shifted), \`offset_days\`, \`width\`, \`height\`.
- Labels (${labelColumns.map((c) => `\`${c}\``).join(', ')}): 1 = the reader accepted the AI finding, edited its region or
  added it; 0 = the reader rejected it; empty = not decided. \`abnormal\` is 1 whenever any finding is 1.
  Only the newest decision per finding counts, then the newest per label.
- \`bbox_px\`: \`label:x,y,w,h\` boxes of confirmed findings in source pixels (top-left origin), \`|\`-separated.
- \`qa_confirmed\`: image QA flags the reader accepted (e.g. \`rotated\`).
- Provenance: \`model\` (id@version of the AI judged), \`<label>_decision\` (accept/reject/edit/add),
  \`<label>_ai_probability\` (calibrated AI probability; empty for reader-added findings), \`reader_role\`
  (\`reader\`, or \`signing-radiologist\` when the reader also signed the study's report).

\`manifest.json\` holds the counts and the export parameters.

## De-identification

| DICOM attributes | in this dataset |
|---|---|
${DEIDENTIFICATION.map(([what, how]) => `| ${what} | ${how} |`).join('\n')}

## Limitations

${LIMITATIONS.map((l) => `- ${l}`).join('\n')}
`;
}
