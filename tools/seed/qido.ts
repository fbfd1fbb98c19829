import { basicAuthHeader, type PacsConfig } from '../lib/pacs-config';

type DicomJson = Record<string, { Value?: unknown[] } | undefined>;

async function qido(pacs: PacsConfig, path: string): Promise<DicomJson[]> {
  const auth = basicAuthHeader(pacs);
  const response = await fetch(`${pacs.url}/dicom-web/${path}`, {
    headers: { Accept: 'application/dicom+json', ...(auth ? { Authorization: auth } : {}) },
  });
  if (!response.ok) throw new Error(`QIDO ${path} answered HTTP ${response.status}`);
  const text = await response.text();
  return text.trim() ? (JSON.parse(text) as DicomJson[]) : [];
}

/** StudyInstanceUID → number of stored instances, for every study in the PACS. */
export async function storedStudyInstanceCounts(pacs: PacsConfig): Promise<Map<string, number>> {
  const studies = await qido(pacs, 'studies?includefield=00201208');
  return new Map(studies.map((study) => [String(study['0020000D']?.Value?.[0]), Number(study['00201208']?.Value?.[0] ?? 0)]));
}

export interface StoredStudy {
  instances: number;
  /** StudyDate / StudyTime as the PACS index answers them ('' when absent). */
  studyDate: string;
  studyTime: string;
}

/** StudyInstanceUID → instance count and the indexed StudyDate/StudyTime, for every study in the PACS. */
export async function storedStudies(pacs: PacsConfig): Promise<Map<string, StoredStudy>> {
  const studies = await qido(pacs, 'studies?includefield=00201208&includefield=00080020&includefield=00080030');
  const text = (study: DicomJson, tag: string) => String(study[tag]?.Value?.[0] ?? '');
  return new Map(
    studies.map((study) => [
      text(study, '0020000D'),
      { instances: Number(study['00201208']?.Value?.[0] ?? 0), studyDate: text(study, '00080020'), studyTime: text(study, '00080030') },
    ]),
  );
}

export async function isInstanceStored(pacs: PacsConfig, sopInstanceUid: string): Promise<boolean> {
  return (await qido(pacs, `instances?SOPInstanceUID=${encodeURIComponent(sopInstanceUid)}`)).length > 0;
}
