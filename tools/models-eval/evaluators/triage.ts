import type { Head } from '../../../src/domain/ai/manifest';
import type { LoadedModel } from '../../../src/domain/ai/runtime/load-model';
import type { EvalRow } from '../../../src/domain/ai/eval/rows';
import { preprocessXr } from '../../../src/domain/ai/preprocess';
import { runModel, outputTensor } from '../../../src/domain/ai/analyze';
import { headProbabilities } from '../../../src/domain/ai/postprocess/activation';
import { auc } from '../../../src/domain/ai/eval/metrics';
import { aucCI } from '../../../src/domain/ai/eval/confidence';
import { binaryLabel, isChest, isChestRadiograph, type LabelRow } from '../dataset';
import { binaryRows, groupBy, rowBuilder, type Evaluator, type RowBase, type Sample } from '../evaluator';

interface Observation {
  dataset: string;
  row: LabelRow;
  logits: number[];
  probs: number[];
  ood?: number;
}

/** The labels.csv column of a head label: the same name, case-insensitively (abnormal, Effusion, …). */
function labelValue(row: LabelRow, label: string): 0 | 1 | null {
  const column = Object.keys(row).find((c) => c.toLowerCase() === label.toLowerCase());
  return column === undefined ? null : binaryLabel(row, column);
}

/** Chest rows labelled for this label: their probabilities, truths and logits. */
function labelScores(label: string, labelIndex: number, observations: Observation[]): { probs: number[]; positives: boolean[]; logits: number[] } {
  const used = observations.filter((o) => isChest(o.row) && labelValue(o.row, label) !== null);
  return {
    probs: used.map((o) => o.probs[labelIndex]),
    positives: used.map((o) => labelValue(o.row, label) === 1),
    logits: used.map((o) => o.logits[labelIndex]),
  };
}

function labelRows(head: Head, labelIndex: number, observations: Observation[], base: RowBase): EvalRow[] {
  const label = head.labels[labelIndex];
  const threshold = head.thresholds?.[label]?.value;
  if (threshold === undefined) throw new Error(`${base.model}: no threshold for label ${label}`);
  const { probs, positives } = labelScores(label, labelIndex, observations);
  if (probs.length === 0) return [];
  return binaryRows(base, probs, positives, threshold, true);
}

/** Classification models (cxr-triage): per-label AUC/accuracy/sens/spec/ECE per data set, OOD AUROC pooled. */
export function triageEvaluator(model: LoadedModel): Evaluator {
  const m = model.manifest;
  const head = m.heads[0];
  const observations: Observation[] = [];
  return {
    model,
    wants: (row) => (m.ood ? true : isChest(row)),
    async observe({ dataset, row, image }: Sample) {
      const outputs = await runModel(model, preprocessXr(image, m.preprocessing));
      const logits = Array.from(outputTensor(outputs, head.output, m.id).data);
      const probs = headProbabilities(head, logits);
      const ood = m.ood ? outputTensor(outputs, m.ood.output, m.id).data[0] : undefined;
      observations.push({ dataset, row, logits, probs, ood });
    },
    rows(split) {
      const out: EvalRow[] = [];
      for (const [dataset, obs] of groupBy(observations, (o) => o.dataset)) {
        head.labels.forEach((task, k) => out.push(...labelRows(head, k, obs, { model: m.id, task, dataset, split })));
      }
      if (m.ood && observations.length > 0) {
        const dataset = [...new Set(observations.map((o) => o.dataset))].join('+');
        const outside = observations.map((o) => !isChestRadiograph(o.row));
        const scores = observations.map((o) => o.ood as number);
        const area = auc(scores, outside);
        const nOutside = outside.filter(Boolean).length;
        const ci = area === null ? null : aucCI(area, nOutside, observations.length - nOutside);
        out.push(...rowBuilder({ model: m.id, task: 'ood', dataset, split })('auroc', area, observations.length, nOutside, ci));
      }
      return out;
    },
    binaryScores() {
      return [...groupBy(observations, (o) => o.dataset)].flatMap(([dataset, obs]) =>
        head.labels
          .map((label, k) => ({ model: m.id, task: label, label, dataset, ...labelScores(label, k, obs) }))
          .filter((s) => s.probs.length > 0 && head.thresholds?.[s.label] !== undefined),
      );
    },
  };
}
