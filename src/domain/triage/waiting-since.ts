/**
 * Where a study's wait counts from, the rule the server's index and the browser's QIDO fallback share:
 * a radiologist counts from acquisition, not from when the PACS happened to receive the study. The
 * acquisition time is used when it is known, not in the future and at most `windowHours` before
 * arrival; an older one means a prior or a migration import, whose wait starts at arrival.
 */
import type { DicomJson } from '../dicom/dicom-json';
import { getString } from '../dicom/dicom-json';
import { parseDicomDateTime, parseDicomDt } from '../dicom/date-time';
import { Tag } from '../dicom/tags';

export type WaitOrigin = 'acquisition' | 'arrival';

export interface WaitingSince {
  /** Epoch ms the wait counts from. */
  at: number;
  origin: WaitOrigin;
}

export function waitingSince(acquiredAt: number | null, arrivedAt: number, windowHours: number): WaitingSince {
  const plausible = acquiredAt !== null && acquiredAt <= arrivedAt && arrivedAt - acquiredAt <= windowHours * 3_600_000;
  return plausible ? { at: acquiredAt, origin: 'acquisition' } : { at: arrivedAt, origin: 'arrival' };
}

/**
 * The acquisition instant of a study: StudyDate + StudyTime, or when the study has no date the earliest
 * AcquisitionDateTime / SeriesDate + SeriesTime of its image series. TimezoneOffsetFromUTC is honoured.
 */
export function acquisitionTime(study: DicomJson, imageSeries: readonly DicomJson[] = []): number | null {
  const offsetOf = (item: DicomJson) => getString(item, Tag.TimezoneOffsetFromUTC) || getString(study, Tag.TimezoneOffsetFromUTC);
  const fromStudy = parseDicomDateTime(getString(study, Tag.StudyDate), getString(study, Tag.StudyTime), offsetOf(study));
  if (fromStudy !== null) return fromStudy;
  const times = imageSeries
    .map(
      (s) =>
        parseDicomDt(getString(s, Tag.AcquisitionDateTime), offsetOf(s)) ??
        parseDicomDateTime(getString(s, Tag.SeriesDate), getString(s, Tag.SeriesTime), offsetOf(s)),
    )
    .filter((t): t is number => t !== null);
  return times.length > 0 ? Math.min(...times) : null;
}

/** The reason text a row shows for its wait. */
export function waitReasonText(minutes: number, origin: WaitOrigin): string {
  return `waiting ${Math.floor(minutes)} min since ${origin === 'acquisition' ? 'acquisition' : 'arrival in the PACS'}`;
}
