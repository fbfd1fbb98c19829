/**
 * STOW of the worker's lung SEG and AI result SR, as src/services/inference/seg-results.ts and sr-results.ts
 * build them but with deterministic UIDs (those modules take fresh random UIDs, right for the
 * browser's one-off runs; a retried job must overwrite, never duplicate).
 */
import type { ModelManifest } from '../../src/domain/ai/manifest';
import type { DicomJson } from '../../src/domain/dicom/dicom-json';
import type { PacsClient } from '../../src/services/pacs/client';
import { algorithmsOf, modelKey } from '../../src/domain/ai/result/model-key';
import type { StudyAiResult } from '../../src/domain/ai/result/types';
import { lungSeg } from '../../src/domain/dicom/seg/lung-seg';
import { aiResultSr, type NaturalDataset, sourceImageFromDataset, toPart10 } from '../../src/domain/dicom/sr';
import { resultUids, uidSequence } from './deterministic-uids';

/** One STOW-RS request for all parts: each request through the gateway costs a round trip and a stow-guard pass. */
async function stow(client: PacsClient, datasets: NaturalDataset[]): Promise<void> {
  const stored = await client.storeInstances(datasets.map((dataset) => new Uint8Array(toPart10(dataset))));
  if (stored.failed.length > 0) throw new Error(`the PACS refused the AI results: ${stored.failed.map((f) => f.reason).join(', ')}`);
}

export interface StoredResults {
  srInstanceUid: string;
  segInstanceUid?: string;
}

export async function storeAiResults(
  client: PacsClient,
  result: StudyAiResult,
  manifests: readonly ModelManifest[],
  instance: DicomJson,
): Promise<StoredResults> {
  const key = modelKey(algorithmsOf(manifests));
  const uids = resultUids(result.studyInstanceUid, key);
  const segModel = manifests.find((m) => m.task === 'segmentation');
  const seg =
    result.lungMask && segModel
      ? lungSeg({
          source: instance,
          labels: result.lungMask,
          algorithm: { id: segModel.id, version: segModel.version },
          newUid: uidSequence(...uids.segSeed),
        })
      : null;
  const segInstanceUid = seg ? String(seg.SOPInstanceUID) : undefined;
  const dataset = aiResultSr({
    source: sourceImageFromDataset(instance as NaturalDataset),
    computedAt: new Date(result.computedAt),
    algorithms: algorithmsOf(manifests),
    findings: result.findings.map((f, i) => ({
      ...f,
      trackingUid: uids.trackingUid(f.label, result.findings.slice(0, i).filter((g) => g.label === f.label).length),
    })),
    ...(result.ood ? { ood: result.ood } : {}),
    qaFlags: result.qaFlags,
    lungAreas: result.lungAreas,
    ...(segInstanceUid ? { lungSegInstanceUid: segInstanceUid } : {}),
  });
  dataset.SOPInstanceUID = uids.srSop;
  dataset.SeriesInstanceUID = uids.srSeries;
  // SEG and SR in one request; the SR only references the SEG by UID, so their order within it does not matter.
  await stow(client, seg ? [seg, dataset] : [dataset]);
  return { srInstanceUid: uids.srSop, ...(segInstanceUid ? { segInstanceUid } : {}) };
}
