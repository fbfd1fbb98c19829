/**
 * The one model of a study: the worklist shows it, triage and priors reason on it, the viewer's header
 * picks from it. Built from QIDO (worklist-study.ts studyFromDicom) or from an index row
 * (src/services/worklist/index-row.ts); views that need less take `Pick<Study, ...>`.
 */
export interface Study {
  studyInstanceUid: string;
  patientName: string;
  patientID: string;
  /** IssuerOfPatientID, when the source gave one: the same ID from two issuers is two patients. */
  issuerOfPatientId?: string;
  patientSex: string;
  /** Display age, e.g. "45Y"; from PatientAge or, failing that, birth date at study date. */
  patientAge: string;
  /** Age in days for sorting; undefined when unknown. */
  patientAgeDays?: number;
  modalities: string[];
  bodyPart: string;
  description: string;
  /** YYYYMMDD or ''. */
  studyDate: string;
  /** HHMMSS (fraction dropped) or ''. */
  studyTime: string;
  accession: string;
  seriesCount?: number;
  instanceCount?: number;
  /** Upper-case priority as sent ('' when absent); rank via priorityRank. */
  priority: string;
  /** Lower-case haystack for the free-text filter: name, ID, accession, description. */
  searchText: string;
}
