/**
 * Shadow versions on one decoded image, after the active analysis: each alone (its own preprocessing,
 * timed apart), gated by the active QA model's body part exactly as analyzeImage gates the active chest
 * models. The results go to shadow_results only (server/monitoring/shadow-results.ts).
 */
import { type AnalysisResult, analyzeImage, bodyPart, notChestReason } from '../../src/domain/ai/analyze';
import type { GrayImage, PixelSpacingMm } from '../../src/domain/ai/image';
import type { LoadedModel } from '../../src/domain/ai/runtime/load-model';
import type { DicomJson } from '../../src/domain/dicom/dicom-json';
import { getString } from '../../src/domain/dicom/dicom-json';
import { Tag } from '../../src/domain/dicom/tags';
import { resultFromAnalysis } from '../../src/domain/ai/result/from-analysis';
import { algorithmsOf } from '../../src/domain/ai/result/model-key';
import type { ShadowResult } from '../monitoring/shadow-results';

export interface ShadowInput {
  studyUid: string;
  image: GrayImage;
  instance: DicomJson;
  pixelSpacingMm?: PixelSpacingMm;
  /** The active analysis of this image when the job ran it; else the active QA models run again for the gate. */
  active: AnalysisResult | null;
  activeModels: readonly LoadedModel[];
}

/** A study without an applicable image: one row per version, so the job is not repeated for it. */
export function shadowsNotApplicable(studyUid: string, shadows: readonly LoadedModel[], reason: string): ShadowResult[] {
  return shadows.map((s) => ({
    studyUid,
    algorithm: algorithmsOf([s.manifest])[0],
    imageUid: null,
    computedAt: new Date(),
    notApplicable: reason,
    qaFlags: [],
    inferMs: 0,
    findings: [],
  }));
}

export async function runShadows(shadows: readonly LoadedModel[], input: ShadowInput): Promise<ShadowResult[]> {
  const options = { explain: false, ...(input.pixelSpacingMm ? { pixelSpacingMm: input.pixelSpacingMm } : {}) };
  const gate =
    input.active ??
    (await analyzeImage(
      input.activeModels.filter((m) => m.manifest.task === 'qa'),
      input.image,
      options,
    ));
  const qa = gate.models.find((m) => m.task === 'qa');
  const part = qa && bodyPart(qa);
  const results: ShadowResult[] = [];
  for (const shadow of shadows) {
    const m = shadow.manifest;
    const base = { studyUid: input.studyUid, algorithm: algorithmsOf([m])[0], imageUid: getString(input.instance, Tag.SOPInstanceUID) };
    if (m.task !== 'qa' && part !== undefined && part !== 'CHEST') {
      results.push({ ...base, computedAt: new Date(), notApplicable: notChestReason(part), qaFlags: [], inferMs: 0, findings: [] });
      continue;
    }
    const started = performance.now();
    const analysis = await analyzeImage([shadow], input.image, options);
    const inferMs = Math.round((performance.now() - started) * 10) / 10;
    const result = resultFromAnalysis(analysis, [m], input.instance);
    results.push({
      ...base,
      computedAt: new Date(result.computedAt),
      ...(result.notApplicable ? { notApplicable: result.notApplicable } : {}),
      ...(result.ood ? { ood: result.ood } : {}),
      qaFlags: result.qaFlags.map((f) => f.kind),
      inferMs,
      findings: result.findings.map(({ label, probability, threshold, positive }) => ({ label, probability, threshold, positive })),
    });
  }
  return results;
}
