import type { PacsConfig } from '../lib/pacs-config';
import { buildDemoInstance } from './demo-instance';
import type { PlannedStudy, RequestPriority } from './demo-plan';
import { storeConcurrently, type NamedFile } from './stow';
import { deterministicUid, stableHash } from './uid';

const SIZE = 16;
const PRIORITIES: (RequestPriority | undefined)[] = ['STAT', 'HIGH', 'ROUTINE', 'ROUTINE', 'ROUTINE', undefined];
const ANCHOR_DATE = Date.UTC(2026, 10, 20);

/** A 16x16 gradient, different per study so decoded frames can be told apart. */
function tinyPixels(index: number): Uint8Array {
  const pixels = new Uint8Array(SIZE * SIZE);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + index) & 0xff;
  return pixels;
}

/** The plan of synthetic study number `index` (patients own 1–3 studies, dates over a year). */
export function syntheticStudy(index: number): PlannedStudy {
  const key = `dokuei-synthetic/${index}`;
  const hash = stableHash(key);
  const patient = Math.floor(index / 2);
  const accession = `SY${String(index).padStart(9, '0')}`;
  return {
    studyInstanceUid: deterministicUid(`${key}/study`),
    patientId: `SYN-${String(patient).padStart(6, '0')}`,
    patientName: `SYNTHETIC^${String(patient).padStart(6, '0')}`,
    patientSex: hash % 2 ? 'F' : 'M',
    patientAge: 20 + (hash % 70),
    studyDate: new Date(ANCHOR_DATE - (hash % 365) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''),
    studyTime: `${String(7 + (hash % 11)).padStart(2, '0')}${String(hash % 60).padStart(2, '0')}00`,
    accessionNumber: accession,
    studyDescription: 'XR CHEST PA',
    priority: PRIORITIES[hash % PRIORITIES.length],
    images: [
      {
        set: 'synthetic',
        file: `${index}`,
        sopInstanceUid: deterministicUid(`${key}/instance`),
        seriesInstanceUid: deterministicUid(`${key}/series`),
        seriesNumber: 1,
        seriesDescription: 'CHEST PA',
        modality: hash % 3 ? 'DX' : 'CR',
        viewPosition: 'PA',
        lossySource: false,
        abnormal: false,
      },
    ],
  };
}

/** Synthetic study number `index` as a Part 10 file. */
export function syntheticInstance(index: number): NamedFile & { study: PlannedStudy } {
  const study = syntheticStudy(index);
  const bytes = buildDemoInstance(study, study.images[0], { width: SIZE, height: SIZE, pixels: tinyPixels(index) });
  return { name: `synthetic/${index}`, bytes, study };
}

/** `n` tiny but valid single-instance CR/DX studies (deterministic UIDs: storing twice overwrites). */
export function* generateSyntheticStudies(n: number, first = 0): Generator<NamedFile & { study: PlannedStudy }> {
  for (let index = first; index < first + n; index++) yield syntheticInstance(index);
}

export interface SyntheticOptions {
  first?: number;
  batchSize?: number;
  /** STOW-RS requests in flight at once. */
  concurrency?: number;
  log?: (line: string) => void;
}

/** Stores `n` synthetic studies with concurrent STOW-RS batches; throws if the PACS refuses one. */
export async function seedSyntheticStudies(pacs: PacsConfig, n: number, options: SyntheticOptions = {}): Promise<{ instancesStored: number; seconds: number }> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid study count ${n}`);
  const started = Date.now();
  const first = options.first ?? 0;
  const builders = Array.from({ length: n }, (_, offset) => () => syntheticInstance(first + offset));
  let done = 0;
  const report = await storeConcurrently(pacs, builders, { batchSize: options.batchSize ?? 100, concurrency: options.concurrency ?? 4 }, (count) => {
    if (Math.floor((done + count) / 1000) > Math.floor(done / 1000)) options.log?.(`  synthetic studies: ${done + count}/${n}`);
    done += count;
  });
  const [refused] = report.rejected;
  if (refused) throw new Error(`PACS rejected ${refused.name}: ${refused.reason}`);
  return { instancesStored: report.stored, seconds: (Date.now() - started) / 1000 };
}
