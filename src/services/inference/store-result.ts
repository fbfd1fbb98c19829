import type { ModelManifest } from '../../domain/ai/manifest';
import type { DicomJson } from '../../domain/dicom/dicom-json';
import { PacsUnreachableError } from '../../domain/dicom/errors';
import { toNatural, toPart10, type NaturalDataset } from '../../domain/dicom/sr';
import type { StudyAiResult } from '../../domain/ai/result/types';
import type { PacsClient, StoreResult } from '../pacs/client';
import { studyCacheOf } from '../pacs/study-cache';
import { lungSegDataset } from './seg-results';
import { resultSrDataset } from './sr-results';
import { errorMessage } from './error-message';

async function stow(client: PacsClient, datasets: NaturalDataset[], studyInstanceUid: string): Promise<StoreResult> {
  try {
    return await client.storeInstances(datasets.map((ds) => new Uint8Array(toPart10(ds))));
  } finally {
    studyCacheOf(client).stored(studyInstanceUid);
  }
}

/** The reasons the PACS gave for refusing `dataset` (`others`: every refusal not about it, e.g. one that names no instance). */
const refusals = (stored: StoreResult, dataset: NaturalDataset | undefined, others = false) =>
  stored.failed.filter((f) => (f.sopInstanceUid === dataset?.SOPInstanceUID) !== others).map((f) => f.reason);

/** The SR alone (no lung SEG in the PACS): the SEG could not be built or its request failed. */
async function storeSrAlone(client: PacsClient, computed: StudyAiResult, manifests: readonly ModelManifest[], sop: NaturalDataset, segError: string) {
  const sr = resultSrDataset(computed, manifests, sop);
  const stored = await stow(client, [sr], computed.studyInstanceUid);
  if (stored.failed.length > 0) throw new Error(`the PACS refused the AI result SR: ${stored.failed.map((f) => f.reason).join(', ')}`);
  return { ...computed, segError, srInstanceUid: String(sr.SOPInstanceUID) };
}

/**
 * The lung SEG and the AI result SR that references it, into the PACS in one STOW request (one round trip
 * per study); their UIDs go into the result. A SEG that cannot be built, or a request that fails for
 * another reason than an unreachable PACS, leaves the SR to be stored alone: the SR holds the findings,
 * the result says why the mask is missing. A SEG the PACS refuses in that one request is reported the
 * same way, and the stored SR still names its UID (the PACS answers per instance, after storing both).
 */
export async function storeResultInPacs(
  client: PacsClient,
  computed: StudyAiResult,
  manifests: readonly ModelManifest[],
  metadata: DicomJson,
): Promise<StudyAiResult> {
  // Naturalized once for both documents (dcmjs, ~1 ms a time on the page).
  const sop = toNatural(metadata as NaturalDataset);
  let seg: NaturalDataset | undefined;
  try {
    seg = lungSegDataset(computed, manifests, sop);
  } catch (error) {
    return storeSrAlone(client, computed, manifests, sop, errorMessage(error));
  }
  const withSeg: StudyAiResult = seg ? { ...computed, segInstanceUid: String(seg.SOPInstanceUID) } : computed;
  const sr = resultSrDataset(withSeg, manifests, sop);
  let stored: StoreResult;
  try {
    stored = await stow(client, seg ? [seg, sr] : [sr], computed.studyInstanceUid);
  } catch (error) {
    if (!seg || error instanceof PacsUnreachableError) throw error;
    return storeSrAlone(client, computed, manifests, sop, `the PACS refused the lung SEG: ${errorMessage(error)}`);
  }
  const srRefused = refusals(stored, seg, true);
  if (srRefused.length > 0) throw new Error(`the PACS refused the AI result SR: ${srRefused.join(', ')}`);
  const segRefused = seg ? refusals(stored, seg) : [];
  if (segRefused.length === 0) return { ...withSeg, srInstanceUid: String(sr.SOPInstanceUID) };
  return {
    ...withSeg,
    segInstanceUid: undefined,
    segError: `the PACS refused the lung SEG: ${segRefused.join(', ')}`,
    srInstanceUid: String(sr.SOPInstanceUID),
  };
}
