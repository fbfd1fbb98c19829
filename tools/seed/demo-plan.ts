import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TRIAGE_CONFIG } from '../../src/domain/triage/config';
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

const MINUTE_MS = 60_000;
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
  /** Years at the exam, when known. */
  age(row: Row): number;
}

const isJpeg = (row: Row) => /\.jpe?g$/i.test(row.source_path ?? '');
const number = (text: string | undefined) => (text && text.trim() !== '' ? Number(text) : NaN);
const statedAge = (row: Row) => number(row.age);

/** NIH states the acquisition spacing before resizing to the stored size (rows/cols scaled independently). */
export function nihSpacing(row: Row): [number, number] | undefined {
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
  age: statedAge,
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
    age: statedAge,
  },
  cxr_pediatric_pneumonia_kermany: {
    modality: 'CR',
    day: () => 0,
    pixelSpacing: () => undefined,
    lossySource: isJpeg,
    urgent: () => false,
    // The source gives "1-5 y" for the whole set, not per image: one age in that range per patient, so the
    // demo's children carry a PatientAge and show the AI's adult-only gate.
    age: (row) => 1 + (stableHash(`age/${row.patient_id}`) % 5),
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

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * DICOM DA and TM of an instant in the machine's local time zone: the app reads StudyDate/StudyTime
 * as local time (src/domain/dicom/date-time.ts; the index ages from it), so a study placed "12 minutes ago"
 * must say the local wall-clock time of 12 minutes ago.
 */
export function localDicomDateTime(ms: number): { date: string; time: string } {
  const at = new Date(ms);
  return {
    date: `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`,
    time: `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`,
  };
}

/** The instant a local DICOM DA/TM pair names (as the app reads it); NaN when the date is not YYYYMMDD. */
export function localInstant(date: string, time: string): number {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
  if (!d) return NaN;
  const t = (time.split('.')[0].replace(/:/g, '').trim() + '000000').slice(0, 6);
  return new Date(+d[1], +d[2] - 1, +d[3], +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6)).getTime();
}

/** Local midnight `days` calendar days before the local date of `ms` (DST-safe). */
function localDayBefore(ms: number, days: number): number {
  const at = new Date(ms);
  return new Date(at.getFullYear(), at.getMonth(), at.getDate() - days).getTime();
}

/** Time of day of a prior exam: office hours, 07:00–17:59, fixed per exam. */
function priorTimeOfDayMs(key: string): number {
  return (7 * 60 + (stableHash(`time/${key}`) % (11 * 60))) * MINUTE_MS;
}

/**
 * The shift the demo shows, relative to `now`: each patient's newest exam waits a few minutes to a few
 * hours, OVERDUE_SHARE of them longer than the aging cap of the default triage rules (overdue as soon
 * as the seed is done); priors keep their intervals before it, on earlier calendar days.
 */
export const DEMO_SHIFT = {
  /** aging.capMinutes of src/domain/triage/default-rules.json. */
  capMinutes: DEFAULT_TRIAGE_CONFIG.aging.capMinutes,
  /** Share of newest exams placed beyond the cap. */
  overdueShare: 0.1,
  /** Fresh exams wait between 1 minute and this many minutes before the cap. */
  freshMarginMinutes: 2,
  /** Overdue exams wait between cap + 5 min and cap + 5 min + this. */
  overdueSpreadMinutes: 3 * 60,
} as const;

/** How long before `now` a patient's newest exam arrived, in ms. */
function newestWaitMs(key: string, overdue: boolean): number {
  const { capMinutes, freshMarginMinutes, overdueSpreadMinutes } = DEMO_SHIFT;
  const hash = stableHash(`wait/${key}`);
  if (overdue) return (capMinutes + 5) * MINUTE_MS + (hash % (overdueSpreadMinutes * 60)) * 1000;
  const freshSeconds = Math.max(1, (capMinutes - 1 - freshMarginMinutes) * 60);
  return MINUTE_MS + (hash % freshSeconds) * 1000;
}

/** A study before its placement in time: how many calendar days before its patient's newest exam. */
interface DraftStudy {
  study: Omit<PlannedStudy, 'studyDate' | 'studyTime'>;
  key: string;
  daysBeforeNewest: number;
}

interface DraftPatient {
  key: string;
  exams: DraftStudy[];
}

/** Dates the drafts relative to `now` (see DEMO_SHIFT); the same `now` and drafts give the same plan. */
function placeInShift(patients: DraftPatient[], now: number): PlannedStudy[] {
  const order = [...patients].sort((a, b) => stableHash(`overdue/${a.key}`) - stableHash(`overdue/${b.key}`) || a.key.localeCompare(b.key));
  const overdueCount = Math.round(patients.length * DEMO_SHIFT.overdueShare);
  const overdue = new Set(order.slice(0, overdueCount).map((patient) => patient.key));
  const placed = new Map<DraftStudy, { date: string; time: string }>();
  for (const patient of patients) {
    const newestAt = now - newestWaitMs(patient.key, overdue.has(patient.key));
    for (const exam of patient.exams) {
      placed.set(
        exam,
        exam.daysBeforeNewest === 0
          ? localDicomDateTime(newestAt)
          : localDicomDateTime(localDayBefore(newestAt, exam.daysBeforeNewest) + priorTimeOfDayMs(exam.key)),
      );
    }
  }
  return patients.flatMap((patient) =>
    patient.exams.map((exam) => {
      const { date, time } = placed.get(exam)!;
      const { priority, images, ...rest } = exam.study;
      return { ...rest, studyDate: date, studyTime: time, priority, images };
    }),
  );
}

/** Groups rows of one set into studies (patient + exam day), priors keeping their day intervals. */
function draftStudies(set: string, rows: Row[]): DraftPatient[] {
  const rule = RULES[set];
  if (!rule) throw new Error(`no seed rule for ${set}`);
  const byPatient = new Map<string, Row[]>();
  for (const row of rows) byPatient.set(row.patient_id, [...(byPatient.get(row.patient_id) ?? []), row]);

  const patients: DraftPatient[] = [];
  for (const [patientId, patientRows] of byPatient) {
    const lastDay = Math.max(...patientRows.map(rule.day));
    const exams: DraftStudy[] = [];
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
      const age = rule.age(first);
      const sex = first.sex === 'M' || first.sex === 'F' ? (first.sex as 'M' | 'F') : undefined;
      const study: DraftStudy['study'] = {
        studyInstanceUid: deterministicUid(`${key}/study`),
        patientId,
        patientName: `DEMO^${patientId.toUpperCase()}`,
        patientSex: sex,
        patientAge: Number.isFinite(age) ? Math.round(age) : undefined,
        accessionNumber: `DK${String(stableHash(`accession/${key}`) % 1e9).padStart(9, '0')}`,
        studyDescription: `XR CHEST ${views.join(' + ')}`.trim(),
        // ICU/intubated patients: their newest exam is the urgent request.
        priority: priorityOf(key, day === lastDay && sorted.some(rule.urgent)),
        images,
      };
      exams.push({ study, key, daysBeforeNewest: day === lastDay ? 0 : Math.max(1, Math.round(lastDay - day)) });
    }
    patients.push({ key: `${set}/${patientId}`, exams });
  }
  return patients;
}

/**
 * Groups rows of one set into studies (patient + exam day) and dates them in the shift before `now`:
 * each patient's newest exam minutes to hours before `now`, priors on earlier days by their intervals.
 */
export function planStudies(set: string, rows: Row[], now: number = Date.now()): PlannedStudy[] {
  return placeInShift(draftStudies(set, rows), now);
}

export interface SubsetSizes {
  covidImages: number;
  nih256Images: number;
  kermanyImages: number;
  /**
   * Of nih256Images, up to this many come as whole patients with several exams (NIH serial exams for
   * the priors; the serial patients of cxr_nih14_sample are all in the training split). Default 0.
   */
  nih256SerialImages?: number;
  /** cxr_nih14_sample is taken whole minus its training rows (4 full-size single exams). */
}

export const DEMO_SIZES: SubsetSizes = { covidImages: 60, nih256Images: 60, kermanyImages: 20, nih256SerialImages: 24 };
/** Small enough that the e2e harness seeds in seconds, still with priors and every set. */
export const E2E_SIZES: SubsetSizes = { covidImages: 12, nih256Images: 6, kermanyImages: 4 };

/** The splits the demo may show: the models never trained on them. */
export const DEMO_SPLITS: readonly string[] = ['val', 'test'];
/** Printed by the seed and stated in the README. */
export const HELD_OUT_NOTICE = 'demo uses only val/test images (never a training image)';

export const isHeldOut = (row: Row) => DEMO_SPLITS.includes(row.split);
const heldOut = isHeldOut;
const byHash = (salt: string) => (a: Row, b: Row) => stableHash(salt + a.file) - stableHash(salt + b.file);

/** Throws when a row outside the val/test splits was about to be planned. */
export function assertHeldOut(set: string, rows: Row[]): Row[] {
  const leaked = rows.filter((row) => !isHeldOut(row));
  if (leaked.length > 0) {
    throw new Error(
      `${set}: ${leaked.length} row(s) outside the val/test splits planned for the demo, e.g. ${leaked[0].file} (${leaked[0].split || 'no split'})`,
    );
  }
  return rows;
}

function groupByPatient(rows: Row[]): Row[][] {
  const patients = new Map<string, Row[]>();
  for (const row of rows) patients.set(row.patient_id, [...(patients.get(row.patient_id) ?? []), row]);
  return [...patients.values()];
}

/**
 * Whole patients from the val/test splits (so the demo AI is shown images it did not train on),
 * patients with the most images first so the viewer has priors; at most `count` + 2 images.
 */
function pickWholePatients(rows: Row[], count: number, minImages = 1): Row[] {
  const ordered = groupByPatient(rows.filter(heldOut))
    .filter((patientRows) => patientRows.length >= minImages)
    .sort((a, b) => b.length - a.length || stableHash(a[0].patient_id) - stableHash(b[0].patient_id));
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

/** NIH-256: serial patients (3+ exams) up to the serial budget, then single images, balanced. */
function pickNih256(rows: Row[], sizes: SubsetSizes): Row[] {
  const serial = pickWholePatients(rows, Math.min(sizes.nih256SerialImages ?? 0, sizes.nih256Images), 3);
  const taken = new Set(serial.map((row) => row.patient_id));
  const rest = rows.filter((row) => !taken.has(row.patient_id));
  return [...serial, ...pickBalanced(rest, Math.max(0, sizes.nih256Images - serial.length), 'nih256/')];
}

/** The rows of each chest PNG set the demo shows: val/test splits only (checked). */
export function pickDemoRows(dataDir: string, sizes: SubsetSizes = DEMO_SIZES): { set: string; rows: Row[] }[] {
  const sample = readLabels(dataDir, 'cxr_nih14_sample');
  // The same NIH patients appear in several NIH folders: keep each patient in one only.
  const samplePatients = new Set(sample.map((row) => row.patient_id));
  const nih256 = readLabels(dataDir, 'cxr_nih14_256').filter((row) => !samplePatients.has(row.patient_id));
  const picked = [
    { set: 'cxr_nih14_sample', rows: sample.filter(heldOut) },
    { set: 'cxr_covid_ieee8023', rows: pickWholePatients(readLabels(dataDir, 'cxr_covid_ieee8023'), sizes.covidImages) },
    { set: 'cxr_nih14_256', rows: pickNih256(nih256, sizes) },
    {
      set: 'cxr_pediatric_pneumonia_kermany',
      rows: pickBalanced(readLabels(dataDir, 'cxr_pediatric_pneumonia_kermany'), sizes.kermanyImages, 'kermany/'),
    },
  ];
  for (const { set, rows } of picked) assertHeldOut(set, rows);
  return picked;
}

export interface ShiftBuckets {
  /** Newest exams waiting less than the aging cap. */
  fresh: number;
  /** Newest exams waiting the cap or longer (overdue for every study not critical). */
  overdue: number;
  /** Earlier exams of the same patients (on earlier days). */
  priors: number;
  /** Dated after `now`: always 0. */
  future: number;
  /** Longest wait of a newest exam, minutes. */
  maxWaitMinutes: number;
  capMinutes: number;
}

/** Where the plan's studies lie relative to `now` (the seed prints it; tests check it). */
export function shiftBuckets(plan: PlannedStudy[], now: number): ShiftBuckets {
  const newest = new Map<string, number>();
  for (const study of plan) {
    const at = localInstant(study.studyDate, study.studyTime);
    newest.set(study.patientId, Math.max(newest.get(study.patientId) ?? -Infinity, at));
  }
  const buckets: ShiftBuckets = { fresh: 0, overdue: 0, priors: 0, future: 0, maxWaitMinutes: 0, capMinutes: DEMO_SHIFT.capMinutes };
  for (const study of plan) {
    const at = localInstant(study.studyDate, study.studyTime);
    const waitMinutes = (now - at) / MINUTE_MS;
    if (at > now) buckets.future++;
    if (at < newest.get(study.patientId)!) buckets.priors++;
    else {
      if (waitMinutes >= DEMO_SHIFT.capMinutes) buckets.overdue++;
      else if (at <= now) buckets.fresh++;
      buckets.maxWaitMinutes = Math.max(buckets.maxWaitMinutes, Math.round(waitMinutes));
    }
  }
  return buckets;
}

export function formatShift(b: ShiftBuckets): string {
  return (
    `${b.fresh} newest exams arrived in the last ${b.capMinutes} min, ${b.overdue} waited longer (overdue, up to ` +
    `${Math.round(b.maxWaitMinutes / 6) / 10} h), ${b.priors} priors on earlier days, ${b.future} in the future`
  );
}

export interface PlanOptions {
  /** The clock the shift is placed against (ms since the epoch); default Date.now(). */
  now?: number;
}

/**
 * The demo studies from the chest PNG sets of a data folder, dated in a shift ending at `now`
 * (deterministic for a given `now`): see DEMO_SHIFT.
 */
export function planDemo(dataDir: string, sizes: SubsetSizes = DEMO_SIZES, options: PlanOptions = {}): PlannedStudy[] {
  const patients = pickDemoRows(dataDir, sizes).flatMap(({ set, rows }) => draftStudies(set, rows));
  return placeInShift(patients, options.now ?? Date.now());
}
