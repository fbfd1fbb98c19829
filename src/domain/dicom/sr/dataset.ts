/**
 * dcmjs boundary: the naturalized dataset type, Part 10 encoding/decoding, DICOM JSON → natural.
 * dcmjs ships no type declarations; the small surface used here is typed locally instead of a
 * global `declare module`, so it cannot clash with another part of the project.
 */
// @ts-expect-error dcmjs has no type declarations
import dcmjsUntyped from 'dcmjs';

/** A dcmjs naturalized dataset: DICOM keywords → values; sequences are arrays of datasets. */
export type NaturalDataset = { [keyword: string]: unknown };

type DicomJsonDataset = Record<string, { vr: string; Value?: unknown[] }>;

interface DicomDictInstance {
  dict: DicomJsonDataset;
  write(): ArrayBuffer;
}

/** The instance type of the global TextDecoder (a value in every runtime; a type name only with the DOM lib). */
type Decoder = InstanceType<typeof TextDecoder>;

interface ReadBufferStream {
  decoder: Decoder;
  setDecoder(decoder: Decoder): void;
  more(length: number): ReadBufferStream;
}

interface Dcmjs {
  data: {
    ReadBufferStream: { prototype: ReadBufferStream };
    DicomDict: new (meta: DicomJsonDataset) => DicomDictInstance;
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean }): DicomDictInstance & { meta: DicomJsonDataset } };
    DicomMetaDictionary: {
      naturalizeDataset(dataset: DicomJsonDataset): NaturalDataset;
      denaturalizeDataset(dataset: NaturalDataset): DicomJsonDataset;
    };
  };
}

const { DicomDict, DicomMessage, DicomMetaDictionary, ReadBufferStream } = (dcmjsUntyped as Dcmjs).data;

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
  const file = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return file.write();
}

/**
 * dcmjs reads each sequence item from a sub-stream created by `more()` with its default latin1
 * decoder, so text nested in SR content loses SpecificCharacterSet (UTF-8 becomes mojibake;
 * dcmjs issues #503, #508). During one synchronous read, sub-streams inherit the decoder.
 */
function withNestedCharacterSet<T>(read: () => T): T {
  const prototype = ReadBufferStream.prototype;
  const { more } = prototype;
  prototype.more = function (this: ReadBufferStream, length: number) {
    const nested = more.call(this, length);
    nested.setDecoder(this.decoder);
    return nested;
  };
  try {
    return read();
  } finally {
    prototype.more = more;
  }
}

/** Reads Part 10 bytes into a naturalized dataset (throws on bytes that are not DICOM). */
export function fromPart10(bytes: ArrayBuffer): NaturalDataset {
  return readPart10(bytes).dataset;
}

/** The naturalized dataset and the file meta's Transfer Syntax UID, from one parse of Part 10 bytes (throws on bytes that are not DICOM). */
export function readPart10(bytes: ArrayBuffer): { dataset: NaturalDataset; transferSyntaxUid: string | undefined } {
  return withNestedCharacterSet(() => {
    const file = DicomMessage.readFile(bytes);
    const syntax = file.meta['00020010']?.Value?.[0];
    return { dataset: DicomMetaDictionary.naturalizeDataset(file.dict), transferSyntaxUid: typeof syntax === 'string' ? syntax.trim() : undefined };
  });
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
