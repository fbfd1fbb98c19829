/**
 * The codec against dcmjs, on the SRs and the SEG the app writes and on the shared DICOM files: both
 * readers see the same dataset in the same bytes, whichever library wrote them, and the SR content a
 * reader gets back is the one that was written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error dcmjs has no type declarations
import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { readPart10, writePart10, type NaturalDataset } from '../../../../src/domain/dicom/part10';
import { lungSeg } from '../../../../src/domain/dicom/seg/lung-seg';
import { parseDokueiSr, toPart10 } from '../../../../src/domain/dicom/sr';
import { requireDataDir } from '../../../support/data-dir';
import { threeDocuments } from '../sr/documents';

interface DicomDict {
  dict: unknown;
  write(): ArrayBuffer;
}
interface Stream {
  decoder: unknown;
  setDecoder(decoder: unknown): void;
  more(length: number): Stream;
}
const { DicomDict, DicomMessage, DicomMetaDictionary, ReadBufferStream } = (
  dcmjs as {
    data: {
      ReadBufferStream: { prototype: Stream };
      DicomDict: new (meta: unknown) => DicomDict;
      DicomMessage: { readFile(buffer: ArrayBuffer): DicomDict };
      DicomMetaDictionary: { naturalizeDataset(ds: unknown): NaturalDataset; denaturalizeDataset(ds: NaturalDataset): unknown };
    };
  }
).data;
(dcmjs as { log: { setLevel(level: string): void } }).log.setLevel('silent');

// dcmjs reads sequence items with a latin1 decoder whatever SpecificCharacterSet says (its issues #503, #508):
// its sub-streams are made to inherit the decoder, as the app did while it read with dcmjs.
const { more } = ReadBufferStream.prototype;
ReadBufferStream.prototype.more = function (this: Stream, length: number) {
  const nested = more.call(this, length);
  nested.setDecoder(this.decoder);
  return nested;
};
const dcmjsRead = (bytes: ArrayBuffer) => DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(bytes).dict);
function dcmjsWrite(dataset: NaturalDataset): ArrayBuffer {
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset({ TransferSyntaxUID: '1.2.840.10008.1.2.1' }));
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return file.write();
}

/** Comparable form: bytes by length and checksum, strings without the trailing space dcmjs keeps, no group lengths or `_vrMap`. */
function comparable(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return `${value.byteLength} bytes, sum ${new Uint8Array(value).reduce((sum, b) => (sum + b) % 65521, 0)}`;
  if (typeof value === 'string') return value.trimEnd();
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([key]) => key !== '_vrMap' && !/^[0-9A-F]{4}0000$/.test(key));
  return Object.fromEntries(entries.map(([key, v]) => [key, comparable(v)]));
}

const seg = lungSeg({
  source: {
    StudyInstanceUID: '1.2.826.0.1.3680043.8.498.1001',
    SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.1002',
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1',
    SOPInstanceUID: '1.2.826.0.1.3680043.8.498.1003',
    PatientID: 'DOKUEI-0001',
    PatientName: [{ Alphabetic: 'Müller^Jörg', Ideographic: '山田^太郎' }],
    Modality: 'DX',
    Rows: 64,
    Columns: 48,
    ImagerPixelSpacing: [0.1234567890123456, 0.4],
  },
  labels: { width: 4, height: 4, data: Uint8Array.from({ length: 16 }, (_, i) => i % 3) },
  algorithm: { id: 'cxr-lungs', version: '1.0.0' },
});
const written = { ...threeDocuments(), seg };

describe('Part 10 codec and dcmjs', () => {
  it.each(Object.keys(written))('read the same %s from the bytes either of them wrote', (name) => {
    const dataset = written[name as keyof typeof written];
    for (const bytes of [toPart10(dataset), dcmjsWrite(dataset)]) expect(comparable(readPart10(bytes).dataset)).toEqual(comparable(dcmjsRead(bytes)));
  });

  it.each(['ai-result', 'assessment', 'report'] as const)('give the reader the %s SR content that was written', (name) => {
    const dataset = written[name];
    expect(parseDokueiSr(readPart10(toPart10(dataset)).dataset)).toEqual(parseDokueiSr(dataset));
  });

  it('write decimals that do not fit 16 characters rounded, where dcmjs cut them', () => {
    const dataset = { SliceThickness: 0.1234567890123456, PixelSpacing: [-1.2345678901234567e-20, 2] };
    expect(readPart10(writePart10({}, dataset)).dataset).toEqual({ SliceThickness: 0.12345678901235, PixelSpacing: [-1.23456789e-20, 2] });
  });

  const dataDir = requireDataDir();
  it.each([
    'chest_cr/RG1_J2KI.dcm',
    'chest_cr/RG1_JLSN.dcm',
    'transfer_syntaxes/CTImage.dcm_LittleEndianExplicitTransferSyntax_1.2.840.10008.1.2.1.dcm',
    'transfer_syntaxes/D_CLUNIE_CT1_RLE_FRAGS.dcm',
    'multiframe/emri_small.dcm',
    'edge_cases/no-pixel-spacing.dcm',
    'edge_cases/explicit_VR-UN.dcm',
    'mr_series_QIN_PROSTATE_ADC/000000.dcm',
    'ct_chest_series_LungPETCTDx_A0002/1-01.dcm',
  ])('read the same dataset from %s', (file) => {
    const bytes = readFileSync(join(dataDir, 'dicom', file));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const theirs = comparable(dcmjsRead(buffer)) as Record<string, unknown>;
    const ours = comparable(readPart10(buffer).dataset) as Record<string, unknown>;
    // dcmjs keeps the padding of an empty person name (" "), the codec does not.
    for (const key of Object.keys(theirs)) if (JSON.stringify(theirs[key]) === '[{"Alphabetic":""}]' && ours[key] !== undefined) theirs[key] = ours[key];
    expect(ours).toEqual(theirs);
  });
});
