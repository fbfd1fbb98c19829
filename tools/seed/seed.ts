import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PacsConfig } from '../lib/pacs-config';
import { demoInstanceFromData } from './demo-instance';
import { DEMO_SIZES, DEMO_SETS, formatShift, HELD_OUT_NOTICE, localInstant, planDemo, shiftBuckets, type PlannedStudy, type SubsetSizes } from './demo-plan';
import { isInstanceStored, storedStudies, type StoredStudy } from './qido';
import { readRawDicomFiles, sopInstanceUidOf } from './raw-dicom';
import { storeConcurrently, type NamedFile, type StoreReport } from './stow';

const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../shared/data', import.meta.url));

/** The data folder: --data, else $DOKUEI_DATA (both from the working directory), else ../shared/data beside the repository. */
export function resolveDataDir(explicit?: string): string {
  const given = explicit ?? process.env.DOKUEI_DATA;
  return given ? resolve(given) : DEFAULT_DATA_DIR;
}

export class MissingDataError extends Error {}

/** Throws a message that says what is missing and how to point the seed elsewhere. */
export function assertDataDir(dataDir: string): void {
  const missing = [...DEMO_SETS, 'dicom'].filter((set) => !existsSync(join(dataDir, set)));
  if (missing.length > 0) {
    throw new MissingDataError(
      `Data folder ${dataDir} lacks ${missing.join(', ')}.\n` + 'Pass --data DIR or set DOKUEI_DATA to a folder laid out as shared/data (see its MANIFEST.md).',
    );
  }
}

export interface SeedOptions {
  dataDir: string;
  sizes?: SubsetSizes;
  /** Also store every file under <data>/dicom as it is (default true). */
  rawDicom?: boolean;
  /** Send studies again even when the PACS already holds them. */
  force?: boolean;
  /** Demo instances per STOW-RS request. */
  batchSize?: number;
  /** The clock the demo shift is placed against (default Date.now()). */
  now?: number;
  log?: (line: string) => void;
}

export interface SeedSummary {
  plannedStudies: PlannedStudy[];
  studiesSkipped: number;
  /** Stored studies sent again because their dates lay more than REDATE_AFTER_MS from today's plan. */
  studiesRedated: number;
  instancesStored: number;
  rawFilesSkipped: number;
  rejected: StoreReport['rejected'];
  seconds: number;
}

function progressLogger(log: (line: string) => void, label: string, total: number) {
  let done = 0;
  let lastShown = -1;
  return (count: number) => {
    done += count;
    const tenth = Math.floor((done / Math.max(total, 1)) * 10);
    if (tenth !== lastShown) {
      lastShown = tenth;
      log(`  ${label}: ${done}/${total}`);
    }
  };
}

/**
 * Files sharing a SOP Instance UID (one CT slice in 16 transfer syntaxes) overwrite each other in
 * the PACS. They go last, one at a time, the shortest name (the original, e.g. CTImage.dcm) at the
 * very end, so the PACS deterministically keeps the original.
 */
function splitSharedUids(files: { file: NamedFile; uid: string | null }[]): { unique: NamedFile[]; shared: NamedFile[] } {
  const count = new Map<string, number>();
  for (const { uid } of files) if (uid) count.set(uid, (count.get(uid) ?? 0) + 1);
  const isShared = (uid: string | null) => uid !== null && (count.get(uid) ?? 0) > 1;
  return {
    unique: files.filter(({ uid }) => !isShared(uid)).map(({ file }) => file),
    shared: files
      .filter(({ uid }) => isShared(uid))
      .map(({ file }) => file)
      .sort((a, b) => b.name.length - a.name.length || a.name.localeCompare(b.name)),
  };
}

/** A stored demo study dated further than this from the plan of now is stored again (re-dated). */
export const REDATE_AFTER_MS = 86_400_000;

/**
 * Why a planned study must be sent: absent, incomplete, or stored with dates that moved (it was
 * seeded on another day: the shift is placed relative to now, the UIDs are not, so sending again
 * overwrites it with today's dates); null when the PACS holds it as planned.
 */
export function sendReason(study: PlannedStudy, stored: StoredStudy | undefined): 'new' | 'incomplete' | 'redate' | null {
  if (!stored) return 'new';
  if (stored.instances < study.images.length) return 'incomplete';
  const moved = Math.abs(localInstant(stored.studyDate, stored.studyTime) - localInstant(study.studyDate, study.studyTime));
  return Number.isNaN(moved) || moved > REDATE_AFTER_MS ? 'redate' : null;
}

/**
 * Seeds the demo: planned CR/DX studies built from the chest PNG sets (val/test splits only), dated in
 * a shift ending now, plus the original DICOM files. Idempotent within a day: studies already complete
 * in the PACS with dates near the plan's and raw files already stored are skipped; studies seeded on an
 * earlier day are stored again with today's dates (same UIDs: the PACS overwrites them).
 */
export async function seedDemo(pacs: PacsConfig, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  assertDataDir(options.dataDir);
  const now = options.now ?? Date.now();
  const plan = planDemo(options.dataDir, options.sizes ?? DEMO_SIZES, { now });
  const stored = options.force ? new Map<string, StoredStudy>() : await storedStudies(pacs);
  const reasons = plan.map((study) => sendReason(study, stored.get(study.studyInstanceUid)));
  const pending = plan.filter((_, index) => reasons[index] !== null);
  const redated = reasons.filter((reason) => reason === 'redate').length;
  // Oldest first: the server's index ages a study from when its watcher saw it arrive, so the PACS
  // should receive the shift in the order it is dated.
  const byDate = [...pending].sort((a, b) => localInstant(a.studyDate, a.studyTime) - localInstant(b.studyDate, b.studyTime));
  const builders = byDate.flatMap((study) =>
    study.images.map((image) => () => ({
      name: `${image.set}/${image.file}`,
      bytes: demoInstanceFromData(options.dataDir, study, image),
    })),
  );
  log(`The ${HELD_OUT_NOTICE}.`);
  log(`Shift: ${formatShift(shiftBuckets(plan, now))}.`);
  log(
    `Demo studies: ${plan.length} planned, ${plan.length - pending.length} already stored, ${pending.length} to send` +
      (redated > 0 ? ` (${redated} seeded on an earlier day: re-dated to now)` : '') +
      '.',
  );
  const demo = await storeConcurrently(
    pacs,
    builders,
    { batchSize: options.batchSize ?? 8, concurrency: 2 },
    progressLogger(log, 'demo instances', builders.length),
  );

  let rawFilesSkipped = 0;
  let raw: StoreReport = { stored: 0, rejected: [] };
  if (options.rawDicom ?? true) {
    const files = readRawDicomFiles(join(options.dataDir, 'dicom'));
    const uids = files.map((file) => sopInstanceUidOf(file.bytes));
    const alreadyStored = await Promise.all(uids.map(async (uid) => !options.force && uid !== null && (await isInstanceStored(pacs, uid))));
    const toSend = files.map((file, index) => ({ file, uid: uids[index] })).filter((_, index) => !alreadyStored[index]);
    rawFilesSkipped = files.length - toSend.length;
    log(`Original DICOM files: ${files.length} found, ${rawFilesSkipped} already stored, ${toSend.length} to send.`);
    const { unique, shared } = splitSharedUids(toSend);
    const progress = progressLogger(log, 'DICOM files', toSend.length);
    // One file per request: a refused file then costs one extra request, not a whole batch again.
    raw = await storeConcurrently(
      pacs,
      unique.map((file) => () => file),
      { batchSize: 1, concurrency: 4 },
      progress,
    );
    const last = await storeConcurrently(
      pacs,
      shared.map((file) => () => file),
      { batchSize: 1, concurrency: 1 },
      progress,
    );
    raw = { stored: raw.stored + last.stored, rejected: [...raw.rejected, ...last.rejected] };
  }
  return {
    plannedStudies: plan,
    studiesSkipped: plan.length - pending.length,
    studiesRedated: redated,
    instancesStored: demo.stored + raw.stored,
    rawFilesSkipped,
    rejected: [...demo.rejected, ...raw.rejected],
    seconds: (Date.now() - started) / 1000,
  };
}
