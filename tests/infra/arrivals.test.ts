import { existsSync } from 'node:fs';
// @ts-expect-error dcmjs has no type declarations
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import {
  arrivalPool,
  arrivalPriority,
  arrivalStudy,
  buildArrival,
  FLAG_EVERY,
  flaggedClasses,
  flaggedFindings,
  isFlaggedArrival,
  parseInterval,
  pickArrival,
} from '../../tools/seed/arrivals';
import { buildDemoInstance } from '../../tools/seed/demo-instance';
import { localInstant } from '../../tools/seed/demo-plan';
import { resolveDataDir } from '../../tools/seed/seed';

type Natural = Record<string, unknown>;
const { DicomMessage, DicomMetaDictionary } = (
  dcmjs as {
    data: {
      DicomMessage: { readFile(buffer: ArrayBuffer): { dict: unknown; meta: unknown } };
      DicomMetaDictionary: { naturalizeDataset(ds: unknown): Natural };
    };
  }
).data;

function parse(bytes: Uint8Array): { dataset: Natural; meta: Natural } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = DicomMessage.readFile(buffer);
  return { dataset: DicomMetaDictionary.naturalizeDataset(file.dict), meta: DicomMetaDictionary.naturalizeDataset(file.meta) };
}

const NOW = new Date(2026, 11, 2, 9, 41, 27).getTime();
const ROW = {
  file: 'images/00012345_002.png',
  patient_id: 'nih-12345',
  age: '61',
  sex: 'F',
  view_norm: 'AP',
  split: 'test',
  abnormal: '1',
  Effusion: '1',
  Pneumonia: '0',
  Mass: '1',
};

describe('arrival studies', () => {
  const study = arrivalStudy(ROW, 'run1', 7, NOW, 'STAT');
  const pixels = { width: 4, height: 2, pixels: new Uint8Array([0, 1, 2, 3, 252, 253, 254, 255]) };
  const { dataset, meta } = parse(buildDemoInstance(study, study.images[0], pixels));

  it('are valid Part 10 DX files dcmjs can read', () => {
    expect(meta.TransferSyntaxUID).toBe('1.2.840.10008.1.2.1');
    expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.1.1');
    expect(dataset.Modality).toBe('DX');
    expect(dataset.SOPInstanceUID).toBe(study.images[0].sopInstanceUid);
    expect([dataset.Rows, dataset.Columns]).toEqual([2, 4]);
    for (const uid of [dataset.StudyInstanceUID, dataset.SeriesInstanceUID, dataset.SOPInstanceUID]) expect(uid).toMatch(/^2\.25\.\d{1,39}$/);
  });

  it('carry the priority, as a top-level tag and in the request sequence', () => {
    expect(dataset.RequestedProcedurePriority).toBe('STAT');
    const request = dataset.RequestAttributesSequence as Natural[] | Natural;
    expect((Array.isArray(request) ? request[0] : request).RequestedProcedurePriority).toBe('STAT');
    for (const priority of ['HIGH', 'ROUTINE'] as const) {
      const other = arrivalStudy(ROW, 'run1', 8, NOW, priority);
      expect(parse(buildDemoInstance(other, other.images[0], pixels)).dataset.RequestedProcedurePriority).toBe(priority);
    }
  });

  it('are dated now, in local time, with a new patient and accession, and no finding written', () => {
    expect(localInstant(String(dataset.StudyDate), String(dataset.StudyTime))).toBe(NOW);
    expect(dataset.AccessionNumber).toMatch(/^AR\d{9}$/);
    expect(dataset.PatientID).toBe(`LIVE-${dataset.AccessionNumber}`);
    expect(dataset.ViewPosition).toBe('AP');
    expect(JSON.stringify(dataset)).not.toMatch(/effusion|mass/i);
  });

  it('get new UIDs for every arrival and every run', () => {
    const uids = [arrivalStudy(ROW, 'run1', 7, NOW), arrivalStudy(ROW, 'run1', 8, NOW), arrivalStudy(ROW, 'run2', 7, NOW)].map((s) => s.studyInstanceUid);
    expect(new Set(uids).size).toBe(3);
    expect(arrivalStudy(ROW, 'run1', 7, NOW).studyInstanceUid).toBe(study.studyInstanceUid);
  });

  it('mix STAT, HIGH and ROUTINE requests', () => {
    const priorities = Array.from({ length: 60 }, (_, i) => arrivalPriority('run1', i));
    for (const priority of ['STAT', 'HIGH', 'ROUTINE']) expect(priorities.filter((p) => p === priority).length).toBeGreaterThan(3);
  });
});

describe('flagged findings', () => {
  it("are the triage model's classes above routine", () => {
    const classes = flaggedClasses();
    expect(classes).toEqual(expect.arrayContaining(['effusion', 'pneumonia']));
    expect(classes).not.toContain('abnormal');
    expect(flaggedFindings(ROW, classes)).toEqual(['Effusion']);
  });

  it('come one arrival in five', () => {
    const flagged = Array.from({ length: 10 * FLAG_EVERY }, (_, i) => i).filter(isFlaggedArrival);
    expect(flagged.length).toBe(10);
  });
});

describe('intervals', () => {
  it('read seconds, milliseconds and minutes', () => {
    expect(parseInterval('20s')).toBe(20_000);
    expect(parseInterval('10')).toBe(10_000);
    expect(parseInterval('500ms')).toBe(500);
    expect(parseInterval('1m')).toBe(60_000);
    expect(parseInterval('2 min')).toBe(120_000);
    expect(parseInterval('soon')).toBeNaN();
  });
});

const DATA = resolveDataDir();
describe.skipIf(!existsSync(`${DATA}/cxr_nih14_256/labels.csv`))('arrivals from the data folder', () => {
  const pool = arrivalPool(DATA);

  it('draw only val/test films, flagged ones labelled with a flagged finding', () => {
    for (const row of [...pool.flagged, ...pool.other]) expect(['val', 'test']).toContain(row.split);
    for (const row of pool.flagged) expect(flaggedFindings(row, pool.classes).length).toBeGreaterThan(0);
    for (const row of pool.other) expect(flaggedFindings(row, pool.classes)).toEqual([]);
  });

  it('send a flagged film one time in five, different films in a row', () => {
    const picks = Array.from({ length: 20 }, (_, i) => pickArrival(pool, 'run1', i));
    expect(picks.filter((p) => p.findings.length > 0).length).toBe(4);
    expect(new Set(picks.map((p) => p.row.file)).size).toBe(20);
  });

  it('build a valid DICOM file from the real film', () => {
    const arrival = buildArrival(DATA, pool, 'run1', 2, NOW);
    const { dataset } = parse(arrival.bytes);
    expect(arrival.findings.length).toBeGreaterThan(0);
    expect([dataset.Rows, dataset.Columns]).toEqual([256, 256]);
    expect(dataset.ImagerPixelSpacing).toHaveLength(2);
    expect(dataset.RequestedProcedurePriority).toBe(arrival.study.priority);
    expect(dataset.StudyInstanceUID).toBe(arrival.study.studyInstanceUid);
  });
});
