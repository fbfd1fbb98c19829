/**
 * `npm run demo:arrivals [-- --every 20s] [--count N] [--data DIR]`: streams new chest studies into the
 * PACS at a steady rate so the worklist can be watched reordering live. Each arrival is a real film from
 * the val/test splits of cxr_nih14_256 (never a training image) with new UIDs, dated now, requested STAT,
 * HIGH or ROUTINE; about one in five is a film labelled with a finding the triage model flags (its
 * non-routine classes in models/cxr-triage.json: effusion, pneumonia). Same PACS as the seed
 * (DOKUEI_PACS_URL/USER/PASSWORD, else the local Orthanc). Ctrl-C stops after the arrival in flight.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPacsConfig, type PacsConfig } from '../lib/pacs-config';
import { buildDemoInstance, readGrayPng } from './demo-instance';
import { isHeldOut, localDicomDateTime, nihSpacing, readLabels, type PlannedStudy, type RequestPriority } from './demo-plan';
import { resolveDataDir } from './seed';
import { storeFiles } from './stow';
import { deterministicUid, stableHash } from './uid';

export const ARRIVAL_SET = 'cxr_nih14_256';
const TRIAGE_MANIFEST = fileURLToPath(new URL('../../models/cxr-triage.json', import.meta.url));
/** Used when the manifest cannot be read: the triage model's urgent classes as of this writing. */
const FALLBACK_FLAGGED = ['effusion', 'pneumonia'];
/** One arrival in FLAG_EVERY is a film labelled with a flagged finding. */
export const FLAG_EVERY = 5;

type Row = Record<string, string>;

/** The triage model's classes above routine (urgent or critical), lower-case, e.g. effusion. */
export function flaggedClasses(manifestPath = TRIAGE_MANIFEST): string[] {
  if (!existsSync(manifestPath)) return FALLBACK_FLAGGED;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { heads?: { clinicalClass?: Record<string, string> }[] };
  const classes = (manifest.heads ?? []).flatMap((head) =>
    Object.entries(head.clinicalClass ?? {})
      .filter(([, level]) => level !== 'routine')
      .map(([name]) => name.toLowerCase()),
  );
  return classes.length > 0 ? [...new Set(classes)] : FALLBACK_FLAGGED;
}

/** The NIH findings of a row that the triage model flags ("Effusion", …), from the per-class 0/1 columns. */
export function flaggedFindings(row: Row, classes: string[]): string[] {
  return Object.keys(row).filter((column) => classes.includes(column.toLowerCase()) && row[column] === '1');
}

export interface ArrivalPool {
  /** Films labelled with a flagged finding. */
  flagged: Row[];
  /** Every other film (normal or a finding the model does not flag). */
  other: Row[];
  classes: string[];
}

/** The val/test films arrivals draw from, in a fixed pseudo-random order. Throws on a training row. */
export function arrivalPool(dataDir: string, classes = flaggedClasses()): ArrivalPool {
  const rows = readLabels(dataDir, ARRIVAL_SET)
    .filter(isHeldOut)
    .filter((row) => row.view_norm === 'PA' || row.view_norm === 'AP')
    .sort((a, b) => stableHash(`arrivals/${a.file}`) - stableHash(`arrivals/${b.file}`));
  if (rows.some((row) => !isHeldOut(row))) throw new Error('arrivals: a training image slipped into the pool');
  const flagged = rows.filter((row) => flaggedFindings(row, classes).length > 0);
  const other = rows.filter((row) => flaggedFindings(row, classes).length === 0);
  if (flagged.length === 0 || other.length === 0) throw new Error(`${ARRIVAL_SET}: no val/test films to stream`);
  return { flagged, other, classes };
}

/** Arrival `index` of a run: STAT about 1 in 5, HIGH 3 in 10, ROUTINE the rest. */
export function arrivalPriority(run: string, index: number): RequestPriority {
  const bucket = stableHash(`${run}/${index}/priority`) % 10;
  return bucket < 2 ? 'STAT' : bucket < 5 ? 'HIGH' : 'ROUTINE';
}

/** Whether arrival `index` is a film with a flagged finding: the 3rd, 8th, 13th, … */
export const isFlaggedArrival = (index: number) => index % FLAG_EVERY === 2;

export interface Arrival {
  study: PlannedStudy;
  row: Row;
  /** Flagged findings of the film's labels (empty for the others); never written into the DICOM. */
  findings: string[];
}

/** The film of arrival `index`: cycles through the pool (a long run reuses films, with new UIDs). */
export function pickArrival(pool: ArrivalPool, run: string, index: number): { row: Row; findings: string[] } {
  const flagged = isFlaggedArrival(index);
  const list = flagged ? pool.flagged : pool.other;
  const offset = stableHash(`${run}/offset/${flagged}`) % list.length;
  const nth = flagged ? Math.floor(index / FLAG_EVERY) : index - Math.floor((index + FLAG_EVERY - 3) / FLAG_EVERY);
  const row = list[(offset + nth) % list.length];
  return { row, findings: flaggedFindings(row, pool.classes) };
}

/** The study of arrival `index` of run `run`, dated `now` (local time, as the app reads it). */
export function arrivalStudy(row: Row, run: string, index: number, now: number, priority = arrivalPriority(run, index)): PlannedStudy {
  const key = `dokuei-arrival/${run}/${index}`;
  const accession = `AR${String(stableHash(`${key}/accession`) % 1e9).padStart(9, '0')}`;
  const { date, time } = localDicomDateTime(now);
  const view = row.view_norm === 'AP' ? 'AP' : 'PA';
  const age = Number(row.age);
  return {
    studyInstanceUid: deterministicUid(`${key}/study`),
    patientId: `LIVE-${accession}`,
    patientName: `LIVE^${accession}`,
    patientSex: row.sex === 'M' || row.sex === 'F' ? (row.sex as 'M' | 'F') : undefined,
    patientAge: Number.isFinite(age) && row.age !== '' ? Math.round(age) : undefined,
    studyDate: date,
    studyTime: time,
    accessionNumber: accession,
    studyDescription: `XR CHEST ${view}`,
    priority,
    images: [
      {
        set: ARRIVAL_SET,
        file: row.file,
        sopInstanceUid: deterministicUid(`${key}/instance`),
        seriesInstanceUid: deterministicUid(`${key}/series`),
        seriesNumber: 1,
        seriesDescription: `CHEST ${view}`,
        modality: 'DX',
        viewPosition: view,
        imagerPixelSpacing: nihSpacing(row),
        lossySource: false,
        abnormal: row.abnormal === '1',
      },
    ],
  };
}

/** Arrival `index` as a Part 10 file built from its PNG. */
export function buildArrival(dataDir: string, pool: ArrivalPool, run: string, index: number, now: number): Arrival & { bytes: Uint8Array } {
  const { row, findings } = pickArrival(pool, run, index);
  const study = arrivalStudy(row, run, index, now);
  const bytes = buildDemoInstance(study, study.images[0], readGrayPng(join(dataDir, ARRIVAL_SET, row.file)));
  return { study, row, findings, bytes };
}

/** "20s", "10 s", "500ms", "1m", "2min", or plain seconds → milliseconds; NaN when unreadable. */
export function parseInterval(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min)?\s*$/i.exec(text);
  if (!match) return NaN;
  const value = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  return value * (unit === 'ms' ? 1 : unit === 'm' || unit === 'min' ? 60_000 : 1000);
}

const USAGE = `usage: npm run demo:arrivals [-- --every 20s] [--count N] [--data DIR]
  --every T   time between arrivals (20s default; e.g. 10s, 500ms, 1m)
  --count N   stop after N arrivals (default: until Ctrl-C)
  --data DIR  data folder (default $DOKUEI_DATA or ../shared/data)`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

async function streamArrivals(pacs: PacsConfig, dataDir: string, everyMs: number, count: number): Promise<number> {
  const pool = arrivalPool(dataDir);
  const run = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  let stopping = false;
  let wake: (() => void) | null = null;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping (Ctrl-C) …');
    wake?.();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(
    `Streaming val/test chest films from ${ARRIVAL_SET} into ${pacs.url} every ${everyMs / 1000} s` +
      `${Number.isFinite(count) ? `, ${count} in all` : ''}; 1 in ${FLAG_EVERY} labelled ${pool.classes.join(' or ')}. Ctrl-C stops.`,
  );
  let sent = 0;
  let next = Date.now();
  for (let index = 0; index < count && !stopping; index++) {
    const now = Date.now();
    const arrival = buildArrival(dataDir, pool, run, index, now);
    const report = await storeFiles(pacs, [{ name: `${arrival.study.accessionNumber} (${arrival.row.file})`, bytes: arrival.bytes }]);
    const label = arrival.findings.length > 0 ? `  film labelled ${arrival.findings.join(', ')}` : '';
    if (report.stored === 1) {
      sent++;
      console.log(`${clock(now)}  ${arrival.study.accessionNumber}  ${arrival.study.priority!.padEnd(7)}  ${arrival.study.studyDescription}${label}`);
    } else {
      console.log(`${clock(now)}  ${arrival.study.accessionNumber}  rejected by the PACS: ${report.rejected[0]?.reason ?? 'unknown'}`);
    }
    if (index + 1 >= count) break;
    next += everyMs;
    const wait = Math.max(0, next - Date.now());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = null;
  }
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  console.log(`${sent} arrival${sent === 1 ? '' : 's'} stored.`);
  return 0;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const everyMs = parseInterval(option(args, '--every') ?? '20s');
  const countText = option(args, '--count');
  const count = countText === undefined ? Infinity : Number(countText);
  if (!(everyMs > 0) || !(count > 0) || (Number.isFinite(count) && !Number.isInteger(count))) {
    console.error(USAGE);
    return 2;
  }
  const pacs = loadPacsConfig();
  if (!pacs) {
    console.error('No PACS configured: run `npm start` (or `npm run orthanc:start`) first, or set DOKUEI_PACS_URL/USER/PASSWORD.');
    return 1;
  }
  return streamArrivals(pacs, resolveDataDir(option(args, '--data')), everyMs, count);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
