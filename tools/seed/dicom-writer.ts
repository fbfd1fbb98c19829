import { createRequire } from 'node:module';

/**
 * dcmjs ships no type declarations. It is loaded through require with the small typed surface
 * used here, so no global `declare module 'dcmjs'` competes with one elsewhere in the project.
 */
interface DcmjsData {
  DicomDict: new (meta: object) => { dict: object; write(): ArrayBuffer };
  DicomMetaDictionary: { denaturalizeDataset(dataset: object): object };
}
const dcmjs = createRequire(import.meta.url)('dcmjs') as { data: DcmjsData };

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const SOP_CLASS = {
  CR: '1.2.840.10008.5.1.4.1.1.1',
  DX: '1.2.840.10008.5.1.4.1.1.1.1', // Digital X-Ray Image Storage – For Presentation
} as const;
export type ProjectionModality = keyof typeof SOP_CLASS;

/** Identifies this writer in the file meta group (a UID of our own under 2.25). */
const IMPLEMENTATION_CLASS_UID = '2.25.199455186622185862813446376930516375102';

/** A naturalized dcmjs dataset: DICOM keywords to values; sequences are arrays of datasets. */
export type NaturalDataset = Record<string, unknown>;

export interface GrayImage {
  width: number;
  height: number;
  /** 8-bit samples, row-major, one per pixel. */
  pixels: Uint8Array;
}

/** The image pixel module for 8-bit MONOCHROME2 data, shown as stored (identity window). */
export function monochrome8PixelModule(image: GrayImage): NaturalDataset {
  if (image.pixels.length !== image.width * image.height) {
    throw new Error(`pixel count ${image.pixels.length} != ${image.width}x${image.height}`);
  }
  // Even length: DICOM values are padded to an even byte count.
  const padded = new Uint8Array(image.pixels.length + (image.pixels.length % 2));
  padded.set(image.pixels);
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: image.height,
    Columns: image.width,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    RescaleIntercept: 0,
    RescaleSlope: 1,
    RescaleType: 'US',
    WindowCenter: 128,
    WindowWidth: 256,
    PresentationLUTShape: 'IDENTITY',
    PixelData: [padded.buffer],
  };
}

/** Serializes a dataset as a DICOM Part 10 file in Explicit VR Little Endian. */
export function writePart10(dataset: NaturalDataset): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const sopClassUid = dataset.SOPClassUID;
  const sopInstanceUid = dataset.SOPInstanceUID;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') {
    throw new Error('SOPClassUID and SOPInstanceUID are required');
  }
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: 'DOKUEI_SEED_1',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    SpecificCharacterSet: 'ISO_IR 192',
    ...dataset,
    _vrMap: { PixelData: 'OB' },
  });
  return new Uint8Array(dict.write());
}
