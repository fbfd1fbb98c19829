/**
 * A study's series (the `Series` model beside `Study`), built from QIDO series results and WADO-RS series metadata.
 * Pure: decides what is an image, how instances are ordered and which imageIds a series shows.
 */
import { type DicomJson, getNumber, getPersonName, getString } from '../dicom/dicom-json';
import { Tag } from '../dicom/tags';
import { frameImageIds } from '../dicom/imageIds';
import { needsPaletteInlining } from '../dicom/palette';
import { ViewerTag } from '../dicom/viewer-tags';
import type { Study } from './study';

export interface SeriesInstance {
  sopInstanceUid: string;
  instanceNumber: number | undefined;
  frameCount: number;
  /** Why it is not shown as an image; undefined for images. */
  nonImageKind?: string;
  imageIds: string[];
  metadata: DicomJson;
}

export interface Series {
  seriesInstanceUid: string;
  seriesNumber: number | undefined;
  modality: string;
  description: string;
  images: SeriesInstance[];
  nonImages: SeriesInstance[];
  /** Every frame of every image instance, in display order. */
  imageIds: string[];
}

/** The study fields the viewer's overlay shows, read from any instance of the study. */
export type StudyHeader = Pick<Study, 'patientName' | 'patientID' | 'studyDate' | 'description'>;

const NON_IMAGE_SOP_CLASSES: Record<string, string> = {
  '1.2.840.10008.5.1.4.1.1.88.59': 'Key object selection',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
  '1.2.840.10008.5.1.4.1.1.104.2': 'Encapsulated CDA',
  '1.2.840.10008.5.1.4.1.1.66': 'Raw data',
  '1.2.840.10008.5.1.4.1.1.66.4': 'Segmentation',
  '1.2.840.10008.5.1.4.1.1.11.1': 'Presentation state',
};

/**
 * The copy of an instance's metadata the image loader sees. Zero or malformed Pixel Spacing
 * (seen as "0.000\\0.000" on real CR) would give Cornerstone a degenerate camera, so it is dropped;
 * the measurement rules still read the original and call the image uncalibrated.
 */
export function metadataForLoader(instance: DicomJson): DicomJson {
  const spacing = instance[ViewerTag.PixelSpacing]?.Value;
  const valid = Array.isArray(spacing) && spacing.length >= 2 && spacing.slice(0, 2).every((v) => Number(v) > 0);
  if (valid || !instance[ViewerTag.PixelSpacing]) return instance;
  const { [ViewerTag.PixelSpacing]: _dropped, ...rest } = instance;
  return rest;
}

/** Null for displayable images, else a short human description of the object. */
export function nonImageKind(instance: DicomJson): string | null {
  const sopClass = getString(instance, Tag.SOPClassUID);
  if (NON_IMAGE_SOP_CLASSES[sopClass]) return NON_IMAGE_SOP_CLASSES[sopClass];
  if (sopClass.startsWith('1.2.840.10008.5.1.4.1.1.88.')) return 'Structured report';
  if (needsPaletteInlining(instance)) return 'Palette colour image whose lookup tables could not be read';
  // Rows/Columns, not Pixel Data: Orthanc's metadata omits the pixel BulkDataURI for some instances.
  if (!getNumber(instance, Tag.Rows) || !getNumber(instance, Tag.Columns)) return 'No pixel data';
  return null;
}

function byInstanceNumber(a: SeriesInstance, b: SeriesInstance): number {
  const an = a.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  const bn = b.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  return an - bn || a.sopInstanceUid.localeCompare(b.sopInstanceUid);
}

export function buildSeries(dicomWebRoot: string, studyInstanceUid: string, seriesResult: DicomJson, instancesMetadata: readonly DicomJson[]): Series {
  const seriesInstanceUid = getString(seriesResult, Tag.SeriesInstanceUID);
  const instances = instancesMetadata.map((metadata): SeriesInstance => {
    const sopInstanceUid = getString(metadata, Tag.SOPInstanceUID);
    const kind = nonImageKind(metadata);
    const frameCount = Math.max(1, getNumber(metadata, Tag.NumberOfFrames) ?? 1);
    return {
      sopInstanceUid,
      instanceNumber: getNumber(metadata, Tag.InstanceNumber),
      frameCount,
      nonImageKind: kind ?? undefined,
      imageIds: kind ? [] : frameImageIds(dicomWebRoot, { studyInstanceUid, seriesInstanceUid, sopInstanceUid }, frameCount),
      metadata,
    };
  });
  const images = instances.filter((i) => !i.nonImageKind).sort(byInstanceNumber);
  const first = instancesMetadata[0];
  return {
    seriesInstanceUid,
    seriesNumber: getNumber(seriesResult, Tag.SeriesNumber) ?? getNumber(first, Tag.SeriesNumber),
    modality: getString(seriesResult, Tag.Modality) || getString(first, Tag.Modality),
    description: getString(seriesResult, Tag.SeriesDescription) || getString(first, Tag.SeriesDescription),
    images,
    nonImages: instances.filter((i) => i.nonImageKind).sort(byInstanceNumber),
    imageIds: images.flatMap((i) => i.imageIds),
  };
}

/**
 * Pairs each series (QIDO result) with its instances' metadata from a whole-study WADO-RS request.
 * A series with instances but no QIDO result (stored between the two requests) stands on its first instance.
 */
export function groupBySeries(seriesResults: readonly DicomJson[], studyMetadata: readonly DicomJson[]): { result: DicomJson; instances: DicomJson[] }[] {
  const groups = new Map<string, { result: DicomJson; instances: DicomJson[] }>();
  for (const result of seriesResults) groups.set(getString(result, Tag.SeriesInstanceUID), { result, instances: [] });
  for (const instance of studyMetadata) {
    const uid = getString(instance, Tag.SeriesInstanceUID);
    const group = groups.get(uid) ?? { result: instance, instances: [] };
    group.instances.push(instance);
    groups.set(uid, group);
  }
  return [...groups.values()];
}

export function sortSeries(series: readonly Series[]): Series[] {
  return [...series].sort(
    (a, b) =>
      Number(a.images.length === 0) - Number(b.images.length === 0) ||
      (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER) ||
      a.seriesInstanceUid.localeCompare(b.seriesInstanceUid),
  );
}

/** A study's series as the viewer hangs them: grouped, built and in sortSeries order. */
export function studySeries(
  dicomWebRoot: string,
  studyInstanceUid: string,
  seriesResults: readonly DicomJson[],
  studyMetadata: readonly DicomJson[],
): Series[] {
  return sortSeries(groupBySeries(seriesResults, studyMetadata).map((g) => buildSeries(dicomWebRoot, studyInstanceUid, g.result, g.instances)));
}

export function studyHeader(anyInstance: DicomJson | undefined): StudyHeader {
  return {
    patientName: getPersonName(anyInstance, Tag.PatientName),
    patientID: getString(anyInstance, Tag.PatientID),
    studyDate: getString(anyInstance, Tag.StudyDate),
    description: getString(anyInstance, Tag.StudyDescription),
  };
}

/** The series the viewer opens on: the first one, in sortSeries order, that has an image. */
export function firstImageSeries(series: readonly Series[]): Series | undefined {
  return series.find((s) => s.imageIds.length > 0);
}

/** The thumbnail shows the middle image: the first slice of a CT is often just the table. */
export function middleImageId(series: Series): string | undefined {
  const ids = series.imageIds;
  return ids.length ? ids[Math.floor((ids.length - 1) / 2)] : undefined;
}

/** The instance owning an imageId, for error tiles and calibration. */
export function instanceOfImageId(series: Series, imageId: string): SeriesInstance | undefined {
  return series.images.find((i) => i.imageIds.includes(imageId));
}
