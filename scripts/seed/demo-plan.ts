import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvTable } from '../lib/csv';
import type { ProjectionModality } from './dicom-writer';
import { deterministicUid, stableHash } from './uid';

export type RequestPriority = 'STAT' | 'HIGH' | 'ROUTINE';
export type ViewPosition = 'PA' | 'AP' | 'LL';

/** One PNG to become one DICOM instance (its own series, as CR/DX exams usually are). */
export interface PlannedImage {
  set: string;
  /** Path relative to the set folder, as in labels.csv. */
  file: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  modality: ProjectionModality;
  viewPosition?: ViewPosition;
  /** [row spacing, column spacing] in mm at the detector, when the source records it. */
  imagerPixelSpacing?: [number, number];
  /** The source image went through lossy (JPEG) compression. */
  lossySource: boolean;
  /** Ground truth from labels.csv, for tests only: never written into the DICOM. */
  abnormal: boolean;
}

export interface PlannedStudy {
  studyInstanceUid: string;
  patientId: string;
  /** DICOM PN, synthetic: DEMO^<PATIENT ID>. */
  patientName: string;
  patientSex?: 'M' | 'F';
  /** Years. */
  patientAge?: number;
  studyDate: string;
  studyTime: string;
  accessionNumber: string;
  studyDescription: string;
  priority?: RequestPriority;
  images: PlannedImage[];
}

/** The newest exam of each patient lies a few days before this date; priors go back from it. */
const ANCHOR_DATE = Date.UTC(2026, 10, 20);
const DAY_MS = 86_400_000;
/** NIH gives the order of follow-ups and the age at each, not dates: years from the age, then 2 weeks apart. */
const NIH_DAYS_PER_FOLLOW_UP = 14;
const DAYS_PER_YEAR = 365;

type Row = Record<string, string>;

interface SetRule {
  modality: ProjectionModality;
  /** Exam day on a per-patient scale (only differences matter); rows on the same day form one study. */
  day(row: Row): number;
  pixelSpacing(row: Row): [number, number] | undefined;
  lossySource(row: Row): boolean;
  urgent(row: Row): boolean;
}

const isJpeg = (row: Row) => /\.jpe?g$/i.test(row.source_path ?? '');
const number = (text: string | undefined) => (text && text.trim() !== '' ? Number(text) : NaN);

/** NIH states the acquisition spacing before resizing to the stored size (rows/cols scaled independently). */
function nihSpacing(row: Row): [number, number] | undefined {
  const spacing = number(row.orig_pixel_spacing_mm);
  const [origW, origH, w, h] = [row.orig_width, row.orig_height, row.width, row.height].map(number);
  if (![spacing, origW, origH, w, h].every(Number.isFinite)) return undefined;
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  return [round((spacing * origH) / h), round((spacing * origW) / w)];
}

const NIH_RULE: SetRule = {
  modality: 'DX',
  day: (row) => (number(row.age) || 0) * DAYS_PER_YEAR + (number(row.follow_up) || 0) * NIH_DAYS_PER_FOLLOW_UP,
  pixelSpacing: nihSpacing,
  lossySource: () => false,
  urgent: () => false,
};

const RULES: Record<string, SetRule> = {
  cxr_nih14_sample: NIH_RULE,
  cxr_nih14_256: NIH_RULE,
  cxr_covid_ieee8023: {
    modality: 'CR',
    day: (row) => {
      const offset = number(row.offset_days);
      if (Number.isFinite(offset)) return offset;
      const order = number(row.study_order);
      return Number.isFinite(order) ? order - 1 : 0;
    },
    pixelSpacing: () => undefined,
    lossySource: isJpeg,
    urgent: (row) => row.intubated === 'Y' || row.went_icu === 'Y',
  },
  cxr_pediatric_pneumonia_kermany: {
    modality: 'CR',
    day: () => 0,
    pixelSpacing: () => undefined,
    lossySource: isJpeg,
    urgent: () => false,
  },
};

export const DEMO_SETS = Object.keys(RULES);

export function readLabels(dataDir: string, set: string): Row[] {
  const path = join(dataDir, set, 'labels.csv');
  if (!existsSync(path)) throw new Error(`missing ${path}`);
  return csvTable(readFileSync(path, 'utf8')).rows;
}

function viewOf(row: Row): ViewPosition | undefined {
  // Chest laterals are conventionally left lateral; the sources do not record the side.
  return ({ PA: 'PA', AP: 'AP', LATERAL: 'LL' } as const)[row.view_norm as 'PA' | 'AP' | 'LATERAL'];
}

/** The view as acquired, e.g. AP SUPINE; the normalized name where the raw one is terse ("L"). */
function seriesView(row: Row): string {
  if (row.view_norm === 'UNKNOWN') return '';
  if (row.view_norm === 'LATERAL') return 'LATERAL';
  return row.view.split(' (')[0].toUpperCase();
}

function priorityOf(key: string, urgent: boolean): RequestPriority | undefined {
  if (urgent) return 'STAT';
  const bucket = stableHash(`priority/${key}`) % 20;
  if (bucket < 1) return 'STAT';
  if (bucket < 5) return 'HIGH';
  if (bucket < 17) return 'ROUTINE';
  return undefined; // some requests carry no priority at all
}

function dicomDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

function dicomTime(key: string): string {
  const minutes = 7 * 60 + (stableHash(`time/${key}`) % (11 * 60));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}00`;
}

/** Groups rows of one set into studies (patient + exam day), with dates that put priors first. */
export function planStudies(set: string, rows: Row[]): PlannedStudy[] {
  const rule = RULES[set];
  if (!rule) throw new Error(`no seed rule for ${set}`);
  const byPatient = new Map<string, Row[]>();
  for (const row of rows) byPatient.set(row.patient_id, [...(byPatient.get(row.patient_id) ?? []), row]);

  const studies: PlannedStudy[] = [];
  for (const [patientId, patientRows] of byPatient) {
    const lastDay = Math.max(...patientRows.map(rule.day));
    const shiftDays = stableHash(`shift/${set}/${patientId}`) % 5;
    const byDay = new Map<number, Row[]>();
    for (const row of patientRows) byDay.set(rule.day(row), [...(byDay.get(rule.day(row)) ?? []), row]);
    for (const [day, dayRows] of [...byDay].sort(([a], [b]) => a - b)) {
      const key = `dokuei-demo/${set}/${patientId}/${day}`;
      const sorted = [...dayRows].sort((a, b) => a.file.localeCompare(b.file));
      const first = sorted[0];
      const images = sorted.map((row, index): PlannedImage => {
        const view = viewOf(row);
        return {
          set,
          file: row.file,
          sopInstanceUid: deterministicUid(`${key}/instance/${row.file}`),
          seriesInstanceUid: deterministicUid(`${key}/series/${row.file}`),
          seriesNumber: index + 1,
          seriesDescription: `CHEST ${seriesView(row)}`.trim(),
          modality: rule.modality,
          viewPosition: view,
          imagerPixelSpacing: rule.pixelSpacing(row),
          lossySource: rule.lossySource(row),
          abnormal: row.abnormal === '1',
        };
      });
      const views = [...new Set(sorted.map((row) => (row.view_norm === 'LATERAL' ? 'LATERAL' : viewOf(row))))].filter(Boolean);
      const age = number(first.age);
      const sex = first.sex === 'M' || first.sex === 'F' ? first.sex : undefined;
      studies.push({
        studyInstanceUid: deterministicUid(`${key}/study`),
        patientId,
        patientName: `DEMO^${patientId.toUpperCase()}`,
        patientSex: sex,
        patientAge: Number.isFinite(age) ? Math.round(age) : undefined,
        studyDate: dicomDate(ANCHOR_DATE - (shiftDays + lastDay - day) * DAY_MS),
        studyTime: dicomTime(key),
        accessionNumber: `DK${String(stableHash(`accession/${key}`) % 1e9).padStart(9, '0')}`,
        studyDescription: `XR CHEST ${views.join(' + ')}`.trim(),
        // ICU/intubated patients: their newest exam is the urgent request.
        priority: priorityOf(key, day === lastDay && sorted.some(rule.urgent)),
        images,
      });
    }
  }
  return studies;
}

export interface SubsetSizes {
  covidImages: number;
  nih256Images: number;
  kermanyImages: number;
  /** cxr_nih14_sample is always taken whole: it holds the serial exams at full size. */
}

export const DEMO_SIZES: SubsetSizes = { covidImages: 60, nih256Images: 40, kermanyImages: 20 };
/** Small enough that the e2e harness seeds in seconds, still with priors and every set. */
export const E2E_SIZES: SubsetSizes = { covidImages: 12, nih256Images: 6, kermanyImages: 4 };

const heldOut = (row: Row) => row.split === 'test' || row.split === 'val';
const byHash = (salt: string) => (a: Row, b: Row) => stableHash(salt + a.file) - stableHash(salt + b.file);

/**
 * Covid: whole patients from the val/test splits (so the demo AI is shown images it did not train
 * on), patients with several exams first so the viewer has priors.
 */
function pickCovid(rows: Row[], count: number): Row[] {
  const patients = new Map<string, Row[]>();
  for (const row of rows.filter(heldOut)) patients.set(row.patient_id, [...(patients.get(row.patient_id) ?? []), row]);
  const ordered = [...patients.values()].sort(
    (a, b) => b.length - a.length || stableHash(a[0].patient_id) - stableHash(b[0].patient_id),
  );
  const picked: Row[] = [];
  for (const patientRows of ordered) {
    if (picked.length >= count) break;
    if (picked.length + patientRows.length <= count + 2) picked.push(...patientRows);
  }
  return picked;
}

/** Half abnormal, half normal, held-out splits, in a fixed pseudo-random order. */
function pickBalanced(rows: Row[], count: number, salt: string): Row[] {
  const pool = rows.filter(heldOut).sort(byHash(salt));
  const abnormal = pool.filter((row) => row.abnormal === '1').slice(0, Math.ceil(count / 2));
  const normal = pool.filter((row) => row.abnormal !== '1').slice(0, count - abnormal.length);
  return [...abnormal, ...normal];
}

/** The demo studies from the chest PNG sets of a data folder. */
export function planDemo(dataDir: string, sizes: SubsetSizes = DEMO_SIZES): PlannedStudy[] {
  const sample = readLabels(dataDir, 'cxr_nih14_sample');
  // The same NIH patients appear in several NIH folders: keep each patient in one only.
  const samplePatients = new Set(sample.map((row) => row.patient_id));
  const nih256 = readLabels(dataDir, 'cxr_nih14_256').filter((row) => !samplePatients.has(row.patient_id));
  return [
    ...planStudies('cxr_nih14_sample', sample),
    ...planStudies('cxr_covid_ieee8023', pickCovid(readLabels(dataDir, 'cxr_covid_ieee8023'), sizes.covidImages)),
    ...planStudies('cxr_nih14_256', pickBalanced(nih256, sizes.nih256Images, 'nih256/')),
    ...planStudies(
      'cxr_pediatric_pneumonia_kermany',
      pickBalanced(readLabels(dataDir, 'cxr_pediatric_pneumonia_kermany'), sizes.kermanyImages, 'kermany/'),
    ),
  ];
}
