/**
 * The site's confirmed cases for a local validation: the images the readers judged, each with the
 * labels.csv row the training export writes for it (selectFeedback → labelTable), so a validation
 * and an export label the same decisions the same way. Pure: parsed SRs in, rows out.
 */
import type { InstanceReference, ParsedDokueiSr } from '../../dicom/sr';
import { labelTable } from './rows';
import { type FeedbackFilter, selectFeedback } from './select';

export interface ConfirmedCase {
  image: InstanceReference;
  /** The export's labels.csv row; `file` is the SOP Instance UID (the image is read from the PACS). */
  row: Record<string, string>;
}

/** Export columns whose values come from the image's DICOM attributes, which a validation does not read. */
const UNREAD = ['patient_id', 'split', 'view_norm', 'modality', 'sex', 'age', 'study_date', 'offset_days', 'width', 'height'];

export function confirmedCases(documents: readonly ParsedDokueiSr[], filter: FeedbackFilter = {}): ConfirmedCase[] {
  const feedback = selectFeedback(documents, filter);
  const table = labelTable(
    feedback.map(({ image, labels }) => ({
      file: image.sopInstanceUid,
      patientId: '',
      split: '',
      studyDate: '',
      viewNorm: '',
      modality: '',
      sex: '',
      width: 0,
      height: 0,
      labels,
    })),
  );
  // Left out rather than empty: an empty modality would read as "not a radiograph".
  const row = (cells: Record<string, string>) => Object.fromEntries(Object.entries(cells).filter(([column]) => !UNREAD.includes(column)));
  return feedback.map(({ image }, i) => ({ image, row: row(table.rows[i]) }));
}
