/** Server-side reads of the PACS (with its credentials): does a study exist, and for which patient; a study's DICOM JSON. */
import type { DicomJson } from '../../src/domain/dicom/dicom-json';
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';

const STUDY_INSTANCE_UID = '0020000D';
const PATIENT_ID = '00100020';

/** A DICOM JSON answer of the PACS at `path` (with its query); [] when it has none (or no such resource: 404). */
export async function pacsDicomJson(pacs: PacsConfig, path: string, timeoutMs = 15_000): Promise<DicomJson[]> {
  const auth = basicAuthHeader(pacs);
  const response = await fetch(`${pacs.url.replace(/\/+$/, '')}${path}`, {
    headers: { Accept: 'application/dicom+json', ...(auth ? { Authorization: auth } : {}) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`PACS answered ${response.status}`);
  const text = await response.text();
  return text.trim() === '' ? [] : (JSON.parse(text) as DicomJson[]);
}

/** PatientIDs the PACS holds the study under (trimmed; Orthanc can list one UID twice), [] when absent. */
export async function patientIdsOfStudy(pacs: PacsConfig, studyUID: string, timeoutMs = 15_000): Promise<string[]> {
  const results = await pacsDicomJson(pacs, `/dicom-web/studies?${STUDY_INSTANCE_UID}=${encodeURIComponent(studyUID)}&includefield=${PATIENT_ID}`, timeoutMs);
  return results.filter((study) => study[STUDY_INSTANCE_UID]?.Value?.[0] === studyUID).map((study) => String(study[PATIENT_ID]?.Value?.[0] ?? '').trim());
}
