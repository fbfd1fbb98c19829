import type { DicomJson } from '../../../src/domain/dicom/dicom-json';
import { Tag } from '../../../src/domain/dicom/tags';
import { studyFromDicom } from '../../../src/domain/study/worklist-study';
import type { Study } from '../../../src/domain/study/study';

type Attributes = Partial<Record<keyof typeof Tag, unknown>>;

const VR: Partial<Record<keyof typeof Tag, string>> = { PatientName: 'PN', NumberOfStudyRelatedInstances: 'IS', NumberOfStudyRelatedSeries: 'IS' };

/** A QIDO study result from keyword → value (arrays for multi-valued attributes). */
export function qidoStudy(attributes: Attributes): DicomJson {
  const ds: DicomJson = {};
  for (const [keyword, value] of Object.entries(attributes) as [keyof typeof Tag, unknown][]) {
    const vr = VR[keyword] ?? 'LO';
    const values = Array.isArray(value) ? value : [vr === 'PN' && typeof value === 'string' ? { Alphabetic: value } : value];
    ds[Tag[keyword]] = { vr, Value: values };
  }
  return ds;
}

export function worklistStudy(attributes: Attributes): Study {
  const study = studyFromDicom(qidoStudy({ StudyInstanceUID: '1.2.3', ...attributes }));
  if (!study) throw new Error('fixture without StudyInstanceUID');
  return study;
}
