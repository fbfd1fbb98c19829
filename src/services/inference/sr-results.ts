import type { ModelManifest } from '../../domain/ai/manifest';
import { pixelSpacingWithSource } from '../../domain/ai/pixels/attributes';
import { type DicomJson, getString } from '../../domain/dicom/dicom-json';
import type { PacsClient } from '../pacs/client';
import { studyCacheOf } from '../pacs/study-cache';
import { Tag } from '../../domain/dicom/tags';
import { aiResultSr, parseDokueiSr, sourceImageFromDataset, type NaturalDataset } from '../../domain/dicom/sr';
import { resultFromSr } from '../../domain/ai/result/from-sr';
import { algorithmsOf, modelKey } from '../../domain/ai/result/model-key';
import type { StudyAiResult } from '../../domain/ai/result/types';

/** The result as a Dokuei AI result SR referencing the analysed image (and its lung SEG). */
export function resultSrDataset(result: StudyAiResult, manifests: readonly ModelManifest[], instance: NaturalDataset): NaturalDataset {
  return aiResultSr({
    source: sourceImageFromDataset(instance),
    computedAt: new Date(result.computedAt),
    algorithms: algorithmsOf(manifests),
    findings: result.findings,
    ...(result.ood ? { ood: result.ood } : {}),
    qaFlags: result.qaFlags,
    lungAreas: result.lungAreas,
    ...(result.segInstanceUid ? { lungSegInstanceUid: result.segInstanceUid } : {}),
  });
}

/**
 * The newest AI result SR in the study about `sopInstanceUid` made by exactly these model builds,
 * read back instead of running the models again. Foreign or unreadable SRs are ignored.
 */
export async function readResultSr(client: PacsClient, instance: DicomJson, manifests: readonly ModelManifest[]): Promise<StudyAiResult | null> {
  const studyUid = getString(instance, Tag.StudyInstanceUID);
  const sopUid = getString(instance, Tag.SOPInstanceUID);
  const key = modelKey(algorithmsOf(manifests));
  const documents = await studyCacheOf(client).srDatasetsOf(studyUid);
  const matches = documents
    .flatMap((ds) => {
      const sr = parseDokueiSr(ds);
      const matching = sr.kind === 'ai-result' && sr.image.sopInstanceUid === sopUid && modelKey(sr.content.algorithms) === key;
      return matching ? [{ content: sr.content, srInstanceUid: getString(ds, Tag.SOPInstanceUID) }] : [];
    })
    .sort((a, b) => b.content.computedAt.getTime() - a.content.computedAt.getTime());
  if (!matches[0]) return null;
  const { content, srInstanceUid } = matches[0];
  const spacing = pixelSpacingWithSource(instance);
  const ids = { studyInstanceUid: studyUid, seriesInstanceUid: getString(instance, Tag.SeriesInstanceUID), sopInstanceUid: sopUid, srInstanceUid };
  return { ...resultFromSr(content, ids, instance), ...(spacing ? { spacingSource: spacing.source } : {}) };
}
