import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateManifest } from '../../../src/domain/ai/manifest';
import type { StudyAiResult } from '../../../src/domain/ai/result/types';
import { PacsResponseError, PacsUnreachableError } from '../../../src/domain/dicom/errors';
import { fromPart10 } from '../../../src/domain/dicom/sr';
import type { PacsClient, StoreResult } from '../../../src/services/pacs/client';
import { storeResultInPacs } from '../../../src/services/inference/store-result';
import { MODELS_DIR } from '../../support/data-dir';

const manifests = ['cxr-qa', 'cxr-lungs', 'cxr-triage'].map((id) =>
  validateManifest(JSON.parse(readFileSync(join(MODELS_DIR, `${id}.json`), 'utf8')), `${id}.json`),
);
const ui = (value: string) => ({ vr: 'UI', Value: [value] });
/** A 6 × 4 chest DX as WADO-RS metadata. */
const instance = {
  '0020000D': ui('1.2.826.0.1.3680043.8.498.1001'),
  '0020000E': ui('1.2.826.0.1.3680043.8.498.1002'),
  '00080016': ui('1.2.840.10008.5.1.4.1.1.1.1'),
  '00080018': ui('1.2.826.0.1.3680043.8.498.1003'),
  '00080060': { vr: 'CS', Value: ['DX'] },
  '00280010': { vr: 'US', Value: [4] },
  '00280011': { vr: 'US', Value: [6] },
};
const computed: StudyAiResult = {
  origin: 'computed',
  modelKey: 'k',
  studyInstanceUid: '1.2.826.0.1.3680043.8.498.1001',
  seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1002',
  sopInstanceUid: '1.2.826.0.1.3680043.8.498.1003',
  computedAt: '2026-12-03T08:00:00.000Z',
  findings: [],
  qaFlags: [],
  lungAreas: [],
  lungMask: { width: 3, height: 2, data: Uint8Array.from([1, 0, 2, 1, 0, 0]) },
};

/** A PACS that answers every STOW with `answer(the datasets sent)` and records the requests. */
function fakePacs(answer: (datasets: Record<string, unknown>[]) => StoreResult | Error) {
  const requests: Record<string, unknown>[][] = [];
  const client = {
    storeInstances: async (parts: readonly Uint8Array[]) => {
      const datasets = parts.map((p) => fromPart10(p.slice().buffer));
      requests.push(datasets);
      const reply = answer(datasets);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  } as unknown as PacsClient;
  return { client, requests };
}
const accepted = (): StoreResult => ({ stored: [], failed: [] });

describe('storeResultInPacs', () => {
  it('stores the lung SEG and the SR that references it in one request', async () => {
    const { client, requests } = fakePacs(accepted);
    const result = await storeResultInPacs(client, computed, manifests, instance);
    expect(requests).toHaveLength(1);
    const [seg, sr] = requests[0];
    expect([seg.Modality, sr.Modality]).toEqual(['SEG', 'SR']);
    expect([result.segInstanceUid, result.srInstanceUid, result.segError]).toEqual([seg.SOPInstanceUID, sr.SOPInstanceUID, undefined]);
    expect(JSON.stringify(sr)).toContain(String(seg.SOPInstanceUID));
  });

  it('reports a SEG the PACS refuses in that request, and keeps the stored SR', async () => {
    const { client, requests } = fakePacs(([seg]) => ({ stored: [], failed: [{ sopInstanceUid: String(seg.SOPInstanceUID), reason: '0xA700' }] }));
    const result = await storeResultInPacs(client, computed, manifests, instance);
    expect(requests).toHaveLength(1);
    expect(result.segError).toBe('the PACS refused the lung SEG: 0xA700');
    expect(result.segInstanceUid).toBeUndefined();
    expect(result.srInstanceUid).toBe(requests[0][1].SOPInstanceUID);
  });

  it('stores the SR alone when the request with the SEG fails, and says why the mask is missing', async () => {
    const { client, requests } = fakePacs((datasets) => (datasets.length > 1 ? new PacsResponseError('HTTP 413', 413) : accepted()));
    const result = await storeResultInPacs(client, computed, manifests, instance);
    expect(requests.map((r) => r.map((ds) => ds.Modality))).toEqual([['SEG', 'SR'], ['SR']]);
    expect(result.segError).toBe('the PACS refused the lung SEG: HTTP 413');
    expect(result.srInstanceUid).toBe(requests[1][0].SOPInstanceUID);
    expect(JSON.stringify(requests[1][0])).not.toContain(String(requests[0][0].SOPInstanceUID));
  });

  it('fails the study when the SR is refused, or when the PACS does not answer (it is tried again later)', async () => {
    const refused = fakePacs(() => ({ stored: [], failed: [{ sopInstanceUid: '', reason: '0xC000' }] }));
    await expect(storeResultInPacs(refused.client, computed, manifests, instance)).rejects.toThrow('the PACS refused the AI result SR: 0xC000');
    const down = fakePacs(() => new PacsUnreachableError('PACS unreachable'));
    await expect(storeResultInPacs(down.client, computed, manifests, instance)).rejects.toBeInstanceOf(PacsUnreachableError);
    expect(down.requests).toHaveLength(1);
  });
});
