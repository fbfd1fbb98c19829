/** Server-side QIDO (with the PACS credentials): does a study exist, and for which patient? */
import { basicAuthHeader, type PacsConfig } from '../../tools/lib/pacs-config';

const STUDY_INSTANCE_UID = '0020000D';
const PATIENT_ID = '00100020';

/** PatientIDs the PACS holds the study under (trimmed; Orthanc can list one UID twice), [] when absent. */
export async function patientIdsOfStudy(pacs: PacsConfig, studyUID: string, timeoutMs = 15_000): Promise<string[]> {
  const url = `${pacs.url}/dicom-web/studies?${STUDY_INSTANCE_UID}=${encodeURIComponent(studyUID)}&includefield=${PATIENT_ID}`;
  const auth = basicAuthHeader(pacs);
  const response = await fetch(url, {
    headers: { Accept: 'application/dicom+json', ...(auth ? { Authorization: auth } : {}) },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`PACS answered ${response.status}`);
  const text = await response.text();
  const results = text.trim() === '' ? [] : (JSON.parse(text) as Array<Record<string, { Value?: unknown[] }>>);
  return results.filter((study) => study[STUDY_INSTANCE_UID]?.Value?.[0] === studyUID).map((study) => String(study[PATIENT_ID]?.Value?.[0] ?? '').trim());
}
