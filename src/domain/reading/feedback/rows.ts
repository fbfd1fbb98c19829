/**
 * Exported images → labels.csv rows in the convention of ../shared/data (MANIFEST.md): `file`,
 * `patient_id`, `split`, `view_norm`, `abnormal`, one 0/1 column per finding named as in the NIH
 * sets (`Effusion`, `Pneumonia`: what models:eval and the training scripts read), boxes, then
 * provenance. A label the reader did not decide is empty (unknown), never 0.
 */
import type { ImageLabels, LabelOutcome } from './labels';

/** One image, already de-identified: pseudonym, shifted date, file name without UIDs. */
export interface ExportImage {
  file: string;
  patientId: string;
  split: string;
  /** Shifted study date, YYYYMMDD ('' when unknown). */
  studyDate: string;
  viewNorm: string;
  modality: string;
  sex: string;
  age?: number;
  width: number;
  height: number;
  labels: ImageLabels;
}

export interface LabelTable {
  columns: string[];
  /** The 0/1 finding columns: abnormal first. */
  labelColumns: string[];
  rows: Record<string, string>[];
}

/** The finding column: `abnormal` as is, the others capitalised as the NIH columns are. */
export const labelColumn = (label: string) => (label === 'abnormal' ? label : label.charAt(0).toUpperCase() + label.slice(1));

const LEADING = ['file', 'patient_id', 'split', 'view_norm', 'modality', 'sex', 'age', 'study_date', 'offset_days', 'width', 'height', 'abnormal'];
const TRAILING = ['bbox_px', 'qa_confirmed', 'model', 'reader_role'];
const perLabel = (label: string) => [`${label}_decision`, `${label}_ai_probability`];

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) / DAY_MS;

/** Days since the patient's first exported exam (dates are shifted per patient, intervals kept). */
function offsetDays(images: readonly ExportImage[]): Map<ExportImage, string> {
  const first = new Map<string, number>();
  for (const image of images) {
    if (!image.studyDate) continue;
    first.set(image.patientId, Math.min(first.get(image.patientId) ?? Infinity, dayNumber(image.studyDate)));
  }
  return new Map(images.map((image) => [image, image.studyDate ? String(dayNumber(image.studyDate) - (first.get(image.patientId) ?? 0)) : '']));
}

/** abnormal = 1 for any confirmed finding (the convention), else the reader's own abnormal decision. */
function abnormal(labels: readonly LabelOutcome[]): string {
  if (labels.some((l) => l.value === 1)) return '1';
  return labels.find((l) => l.label === 'abnormal') ? '0' : '';
}

const unique = (values: readonly (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort().join('|');
const px = (v: number) => String(Math.round(v * 10) / 10);

function row(image: ExportImage, offset: string, allLabels: readonly string[]): Record<string, string> {
  const { labels } = image.labels;
  const cells: Record<string, string> = {
    file: image.file,
    patient_id: image.patientId,
    split: image.split,
    view_norm: image.viewNorm,
    modality: image.modality,
    sex: image.sex,
    age: image.age === undefined ? '' : String(image.age),
    study_date: image.studyDate,
    offset_days: offset,
    width: String(image.width),
    height: String(image.height),
    abnormal: abnormal(labels),
    bbox_px: labels.flatMap((l) => (l.value === 1 && l.box ? [`${l.label}:${[l.box.x, l.box.y, l.box.width, l.box.height].map(px).join(',')}`] : [])).join('|'),
    qa_confirmed: image.labels.qaConfirmed.join('|'),
    model: unique(labels.map((l) => l.model)),
    reader_role: unique(labels.map((l) => l.role)),
  };
  for (const label of allLabels) {
    const outcome = labels.find((l) => l.label === label);
    if (label !== 'abnormal') cells[labelColumn(label)] = outcome ? String(outcome.value) : '';
    cells[`${label}_decision`] = outcome?.decision ?? '';
    cells[`${label}_ai_probability`] = outcome?.aiProbability === undefined ? '' : outcome.aiProbability.toFixed(4);
  }
  return cells;
}

export function labelTable(images: readonly ExportImage[]): LabelTable {
  const labels = [...new Set(images.flatMap((i) => i.labels.labels.map((l) => l.label)))].sort();
  const findingLabels = labels.filter((l) => l !== 'abnormal');
  const offsets = offsetDays(images);
  return {
    labelColumns: ['abnormal', ...findingLabels.map(labelColumn)],
    columns: [...LEADING, ...findingLabels.map(labelColumn), ...TRAILING, ...labels.flatMap(perLabel)],
    rows: images.map((image) => row(image, offsets.get(image) ?? '', labels)),
  };
}
