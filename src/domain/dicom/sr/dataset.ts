/**
 * Part 10 encoding/decoding with Dokuei's own codec (../part10: dcmjs took 11–45 ms per 14 KB SR and
 * cut decimals it could not fit); dcmjs for DICOM JSON → natural (small metadata) and for the rare
 * syntaxes the codec does not read (big endian, deflated: admin imports through the STOW guard).
 * dcmjs ships no type declarations; the small surface used here is typed locally.
 */
// @ts-expect-error dcmjs has no type declarations
import dcmjsUntyped from 'dcmjs';
import { type NaturalDataset, readPart10 as readFile, UnreadSyntaxError, writePart10 } from '../part10';

export type { NaturalDataset };

type DicomJsonDataset = Record<string, { vr: string; Value?: unknown[] }>;

interface Dcmjs {
  data: {
    DicomMessage: { readFile(buffer: ArrayBuffer): { dict: DicomJsonDataset } };
    DicomMetaDictionary: { naturalizeDataset(dataset: DicomJsonDataset): NaturalDataset };
  };
}

const { DicomMessage, DicomMetaDictionary } = (dcmjsUntyped as Dcmjs).data;

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Dokuei's implementation class UID (2.25 form of a fixed UUID) and name, written in every file meta header. */
const IMPLEMENTATION_CLASS_UID = '2.25.157880416587219848771569337497236431361';
const IMPLEMENTATION_VERSION_NAME = 'DOKUEI_SR_1';

/** DICOM Part 10 file bytes (preamble, file meta, explicit VR little endian) for a naturalized dataset. */
export function toPart10(dataset: NaturalDataset): ArrayBuffer {
  const meta: NaturalDataset = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
  return writePart10(meta, dataset);
}

/** Reads Part 10 bytes into a naturalized dataset (throws on bytes that are not DICOM). */
export function fromPart10(bytes: ArrayBuffer): NaturalDataset {
  return readPart10(bytes).dataset;
}

/** The naturalized dataset and the file meta's Transfer Syntax UID, from one parse of Part 10 bytes (throws on bytes that are not DICOM). */
export function readPart10(bytes: ArrayBuffer): { dataset: NaturalDataset; transferSyntaxUid: string | undefined } {
  try {
    const { dataset, transferSyntaxUid } = readFile(bytes);
    return { dataset, transferSyntaxUid };
  } catch (error) {
    if (!(error instanceof UnreadSyntaxError)) throw error;
    return { dataset: DicomMetaDictionary.naturalizeDataset(DicomMessage.readFile(bytes).dict), transferSyntaxUid: error.syntax };
  }
}

const DICOM_JSON_TAG = /^[0-9A-Fa-f]{8}$/;

/** True for a DICOM JSON dataset (PS3.18 F.2): hex tag keys whose values carry a `vr`. */
function isDicomJson(value: NaturalDataset): boolean {
  const keys = Object.keys(value);
  return (
    keys.length > 0 && keys.every((key) => DICOM_JSON_TAG.test(key)) && keys.every((key) => typeof (value[key] as { vr?: unknown } | null)?.vr === 'string')
  );
}

/** A naturalized dataset from either DICOM JSON (WADO-RS metadata, QIDO) or an already natural one. */
export function toNatural(input: NaturalDataset): NaturalDataset {
  return isDicomJson(input) ? DicomMetaDictionary.naturalizeDataset(input as DicomJsonDataset) : input;
}
