import type { AnalysisResult, ModelAnalysis } from '../analyze';
import type { ModelManifest } from '../manifest';
import { pixelSpacingWithSource } from '../pixels/attributes';
import { type DicomJson, getString } from '../../dicom/dicom-json';
import { Tag } from '../../dicom/tags';
import type { AiFinding, OodState } from './types';
import { displayMask } from './display-mask';
import { labelLungs, lungAreas, mediastinumColumn } from './lung-areas';
import { lungMaskProblem } from './lung-mask-gate';
import { algorithmsOf, modelKey } from './model-key';
import { paediatricReasonOf } from './age-gate';
import { qaFlags } from './qa-flags';
import type { StudyAiResult } from './types';

export const oodReason = (ood: OodState) => `image unlike the training data (OOD score ${ood.score.toFixed(0)} > ${ood.threshold.toFixed(0)})`;

const byTask = (result: AnalysisResult, task: ModelAnalysis['task']) => result.models.find((m) => m.task === task);

/** Findings with an operating point; labels without a threshold are not decisions and are left out. */
function findingsOf(model: ModelAnalysis | undefined): AiFinding[] {
  return (model?.heads ?? []).flatMap((head) =>
    head.kind === 'multilabel'
      ? head.findings.flatMap((f) =>
          f.threshold === undefined
            ? []
            : [
                {
                  label: f.label,
                  probability: f.probability,
                  threshold: f.threshold,
                  positive: f.positive === true,
                  ...(f.operatingPoint ? { operatingPoint: f.operatingPoint } : {}),
                },
              ],
        )
      : [],
  );
}

/** Every detection model's boxes as positive findings with their region (the SR stores it as SCOORD). */
function boxFindingsOf(result: AnalysisResult): AiFinding[] {
  return result.models.flatMap((m) =>
    (m.detections ?? []).map((d) => ({ label: d.label, probability: d.score, threshold: d.threshold, positive: true, region: d.region })),
  );
}

/** The worker's analysis of one instance as the study's AI result. */
export function resultFromAnalysis(analysis: AnalysisResult, manifests: readonly ModelManifest[], instance: DicomJson, computedAt = new Date()): StudyAiResult {
  const qa = byTask(analysis, 'qa');
  const triage = byTask(analysis, 'classification');
  const lungs = byTask(analysis, 'segmentation');
  const binary = lungs?.segmentation?.[0]?.mask;
  const split = binary && mediastinumColumn(binary);
  const mask = binary ? labelLungs(binary, split) : undefined;
  const spacing = pixelSpacingWithSource(instance);
  const skipped = analysis.skipped.map((s) => `${s.id}: ${s.reason}`).join('; ');
  const notApplicable = paediatricReasonOf(instance) ?? (triage?.ood?.outOfDistribution ? oodReason(triage.ood) : skipped || undefined);
  const flags = qa
    ? qaFlags(qa.heads, { viewPosition: getString(instance, Tag.ViewPosition), bodyPartExamined: getString(instance, Tag.BodyPartExamined) })
    : [];
  // Sides are named as on a film in standard display (patient's right on the image's left); a mirrored film swaps them.
  const maskProblem = flags.some((f) => f.kind === 'flipped')
    ? 'the image looks mirrored, so which lung is which is unknown'
    : binary && lungMaskProblem(binary, split);
  const result: StudyAiResult = {
    origin: 'computed',
    modelKey: modelKey(algorithmsOf(manifests)),
    studyInstanceUid: getString(instance, Tag.StudyInstanceUID),
    seriesInstanceUid: getString(instance, Tag.SeriesInstanceUID),
    sopInstanceUid: getString(instance, Tag.SOPInstanceUID),
    computedAt: computedAt.toISOString(),
    findings: notApplicable ? [] : [...findingsOf(triage), ...boxFindingsOf(analysis)],
    qaFlags: flags,
    lungAreas: mask && !notApplicable && !maskProblem ? lungAreas(mask, spacing?.mm) : [],
  };
  if (mask && !notApplicable && maskProblem) result.lungAreasWithheld = maskProblem;
  if (spacing) result.spacingSource = spacing.source;
  if (triage?.ood) result.ood = triage.ood;
  if (notApplicable) result.notApplicable = notApplicable;
  if (triage?.heatmaps && !notApplicable) result.heatmaps = triage.heatmaps;
  if (mask && !notApplicable) result.lungMask = displayMask(mask);
  return result;
}
