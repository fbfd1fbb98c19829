/** Principals and Dokuei SRs (built by the project's own encoders) shared by the gateway tests. */
import { lungSeg } from '../../src/domain/dicom/seg/lung-seg';
import { aiResultSr, assessmentSr, type NaturalDataset, parseDokueiSr, reportSr, type SourceImage, toPart10 } from '../../src/domain/dicom/sr';
import { encodeMultipartRelated } from '../../src/domain/dicom/multipart';
import type { Principal } from '../../server/principal';
import { aiInput, assessmentInput, reportInput, source, srReference } from '../domain/dicom/sr/fixtures';

export const readerA: Principal = { id: 'hsuzuki', dicomName: 'Suzuki^Hanako', displayName: 'Hanako Suzuki', role: 'reader', via: 'session', sessionId: 's-a' };
export const readerB: Principal = { id: 'tsato', dicomName: 'Sato^Taro', displayName: 'Taro Sato', role: 'reader', via: 'session', sessionId: 's-b' };
export const aiWorker: Principal = { id: 'ai-worker', dicomName: 'Dokuei^AI worker', displayName: 'AI worker', role: 'service', via: 'token' };
export const admin: Principal = { id: 'admin', dicomName: 'Admin^Ada', displayName: 'Ada Admin', role: 'admin', via: 'session', sessionId: 's-admin' };

const withSource = <T extends { source: SourceImage }>(input: T, image: SourceImage): T => ({ ...input, source: image });

/** AI result, assessment of it, and a signed report by Suzuki^Hanako (reader A), about `image`. */
export function documentsAbout(image: SourceImage = source, reader = { Alphabetic: 'Suzuki^Hanako' }) {
  const aiResult = aiResultSr(withSource(aiInput, image));
  const parsed = parseDokueiSr(aiResult);
  if (parsed.kind !== 'ai-result') throw new Error(`AI result parsed as ${parsed.kind}`);
  const trackingUids = parsed.content.findings.map((finding) => finding.trackingUid);
  const assessment = assessmentSr({ ...assessmentInput(srReference(aiResult), trackingUids), source: image, reader });
  const report = reportSr({
    ...reportInput,
    source: image,
    author: reader,
    signOff: { ...reportInput.signOff!, verifier: reader },
  });
  return { aiResult, assessment, report };
}

/** The lung SEG the browser writes, about a natural image dataset. */
export function lungSegAbout(image: NaturalDataset): NaturalDataset {
  const labels = { width: 2, height: 2, data: Uint8Array.from([1, 0, 2, 1]) };
  return lungSeg({ source: { Rows: 4, Columns: 4, ...image }, labels, algorithm: { id: 'cxr-lungs', version: '1.0.0' } });
}

export const part10 = (ds: NaturalDataset) => new Uint8Array(toPart10(ds));

/** A STOW body as the app's client sends it. */
export const stowBody = (parts: Uint8Array[]) => encodeMultipartRelated(parts, 'application/dicom');
