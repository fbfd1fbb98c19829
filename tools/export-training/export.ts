/**
 * Reader feedback in the PACS → a de-identified training set: every Dokuei SR is read and parsed,
 * the decisions are mapped to labels per image (src/domain/reading/feedback), and each image's first
 * frame is fetched, decoded and written as a PNG under a keyed name. Nothing but the pixels and
 * the mapped attributes leaves the PACS.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type DicomJson, getString } from '../../src/domain/dicom/dicom-json';
import type { PacsClient } from '../../src/services/pacs/client';
import { Tag } from '../../src/domain/dicom/tags';
import { ageYears, sexCode, viewNorm } from '../../src/domain/reading/feedback/image-attributes';
import { type ExportImage, labelTable } from '../../src/domain/reading/feedback/rows';
import { type FeedbackFilter, type ImageFeedback, selectFeedback } from '../../src/domain/reading/feedback/select';
import { exportSummary, type ExportSummary } from '../../src/domain/reading/feedback/summary';
import { loadAllSrs } from '../../src/services/reading/monitoring/load';
import { errorGist, fetchFeedbackImage } from '../../src/services/reading/feedback/feedback-image';
import { dateShiftDays, imageFileName, pseudonym, shiftDate, splitOf } from './deidentify';
import { pngOf } from './png';
import { datasetReadme } from './readme';
import { csvText } from './csv-write';

export interface ExportOptions extends FeedbackFilter {
  out: string;
  salt: string;
  /** Recorded in manifest.json as given (e.g. "--since 20260101"). */
  parameters: Record<string, string>;
  /** fetch with the PACS credentials, for the frame requests. */
  fetch: typeof fetch;
  progress?: (message: string) => void;
}

export interface ExportReport {
  summary: ExportSummary;
  /** Images that could not be exported, with the reason (no UIDs). */
  skipped: { reason: string; count: number }[];
  unknownSrs: number;
}

export class OutputNotEmptyError extends Error {}

const tag = (ds: DicomJson, keyword: keyof typeof Tag) => getString(ds, Tag[keyword]);

async function exportImage(client: PacsClient, feedback: ImageFeedback, options: ExportOptions): Promise<ExportImage> {
  const { metadata, image } = await fetchFeedbackImage(client, feedback.image, options.fetch);
  const patientId = tag(metadata, 'PatientID');
  const file = imageFileName(options.salt, feedback.image.sopInstanceUid);
  mkdirSync(dirname(join(options.out, file)), { recursive: true });
  writeFileSync(join(options.out, file), pngOf(image).bytes);
  const anonymous = pseudonym(options.salt, patientId);
  const studyDate = tag(metadata, 'StudyDate');
  const age = ageYears(tag(metadata, 'PatientAge'), tag(metadata, 'PatientBirthDate'), studyDate);
  return {
    file,
    patientId: anonymous,
    split: splitOf(anonymous),
    studyDate: shiftDate(studyDate, dateShiftDays(options.salt, patientId)),
    viewNorm: viewNorm(tag(metadata, 'ViewPosition')),
    modality: tag(metadata, 'Modality'),
    sex: sexCode(tag(metadata, 'PatientSex')),
    ...(age === undefined ? {} : { age }),
    width: image.width,
    height: image.height,
    labels: feedback.labels,
  };
}

/** Refuses a folder that already holds files: an export is never mixed with older data. */
function prepareOut(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) throw new OutputNotEmptyError(`${out} is not empty: give a new or empty folder`);
  mkdirSync(out, { recursive: true });
}

export async function exportTrainingSet(client: PacsClient, options: ExportOptions): Promise<ExportReport> {
  const out = resolve(options.out);
  prepareOut(out);
  const progress = options.progress ?? (() => {});
  const documents = await loadAllSrs(client, (done, total) => progress(`SRs: study ${done}/${total}`));
  const feedback = selectFeedback(documents, options);
  const images: ExportImage[] = [];
  const skipped = new Map<string, number>();
  for (const [index, item] of feedback.entries()) {
    try {
      images.push(await exportImage(client, item, { ...options, out }));
    } catch (error) {
      // Error texts can hold request URLs and UIDs: the manifest keeps only their gist.
      const reason = errorGist(error instanceof Error ? error.message : String(error));
      skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    }
    progress(`images: ${index + 1}/${feedback.length}`);
  }
  const table = labelTable(images);
  const summary = exportSummary(images, table);
  writeFileSync(join(out, 'labels.csv'), csvText(table.columns, table.rows));
  const report: ExportReport = {
    summary,
    skipped: [...skipped].map(([reason, count]) => ({ reason, count })),
    unknownSrs: documents.filter((d) => d.kind === 'unknown').length,
  };
  const manifest = { dataset: 'dokuei-reader-feedback', createdAt: new Date().toISOString(), parameters: options.parameters, ...report };
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(out, 'README.md'), datasetReadme(table.labelColumns));
  return report;
}
