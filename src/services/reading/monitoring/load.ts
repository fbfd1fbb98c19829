/** Every SR in the PACS: QIDO studies holding SRs → their SR series → WADO-RS metadata → parse. */
import { getString } from '../../../domain/dicom/dicom-json';
import type { PacsClient } from '../../pacs/client';
import { Tag } from '../../../domain/dicom/tags';
import { parseDokueiSr, type ParsedDokueiSr } from '../../../domain/dicom/sr';
import { fetchStudySrDatasets } from '../review/fetch-study-srs';

export async function loadAllSrs(client: PacsClient, onProgress?: (done: number, total: number) => void): Promise<ParsedDokueiSr[]> {
  const studies = await client.searchStudies({ match: { ModalitiesInStudy: 'SR' } });
  const uids = [...new Set(studies.map((s) => getString(s, Tag.StudyInstanceUID)).filter(Boolean))];
  const documents: ParsedDokueiSr[] = [];
  // One study at a time: the PACS serves the readers too.
  for (const [index, uid] of uids.entries()) {
    documents.push(...(await fetchStudySrDatasets(client, uid)).map(parseDokueiSr));
    onProgress?.(index + 1, uids.length);
  }
  return documents;
}
