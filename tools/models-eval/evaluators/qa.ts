import { headName, type Head } from '../../../src/domain/ai/manifest';
import type { LoadedModel } from '../../../src/domain/ai/runtime/load-model';
import type { EvalRow } from '../../../src/domain/ai/eval/rows';
import type { GrayImage } from '../../../src/domain/ai/image';
import { mirrorImage, rotateImageClockwise } from '../../../src/domain/ai/image';
import { preprocessXr } from '../../../src/domain/ai/preprocess';
import { runModel, outputTensor } from '../../../src/domain/ai/analyze';
import { headProbabilities } from '../../../src/domain/ai/postprocess/activation';
import { accuracy, macroAuc } from '../../../src/domain/ai/eval/metrics';
import { isChest, isChestRadiograph, isRadiograph, type LabelRow } from '../dataset';
import { binaryRows, groupBy, rowBuilder, type Evaluator, type RowBase, type Sample } from '../evaluator';

const QA_TASKS = ['projection', 'rotation', 'flip', 'body_part'] as const;
type QaTask = (typeof QA_TASKS)[number];
const ROTATIONS = [0, 90, 180, 270] as const;
const FLIP_THRESHOLD = 0.5;

interface Observation {
  dataset: string;
  task: QaTask;
  probs: number[];
  /** Index of the true label in the head's labels (flip: 1 = mirrored, 0 = not). */
  truth: number;
}

function findHead(heads: Head[], task: QaTask): Head {
  const head = heads.find((h) => headName(h) === task);
  if (!head) throw new Error(`QA model has no "${task}" head (heads: ${heads.map(headName).join(', ')})`);
  return head;
}

function taskRows(head: Head, obs: Observation[], base: RowBase): EvalRow[] {
  const truth = obs.map((o) => o.truth);
  if (head.activation === 'sigmoid') {
    // Binary head (flip): one probability, positive = the head's single label.
    const threshold = head.thresholds?.[head.labels[0]]?.value ?? FLIP_THRESHOLD;
    return binaryRows(
      base,
      obs.map((o) => o.probs[0]),
      truth.map((t) => t === 1),
      threshold,
      false,
    );
  }
  const row = rowBuilder(base);
  const predicted = obs.map((o) => o.probs.indexOf(Math.max(...o.probs)));
  return [
    ...row(
      'macro_auc',
      macroAuc(
        obs.map((o) => o.probs),
        truth,
        head.labels.length,
      ),
      obs.length,
    ),
    ...row('accuracy', accuracy(predicted, truth), obs.length),
  ];
}

/**
 * QA model (cxr-qa): projection, rotation (4 rotated copies), flip (plain + mirrored, frontal films), body part. Chest rows
 * are chest radiographs: a set that records modality (dicom/) keeps its CT and MR slices out of radiograph QA.
 */
export function qaEvaluator(model: LoadedModel): Evaluator {
  const m = model.manifest;
  const heads = Object.fromEntries(QA_TASKS.map((t) => [t, findHead(m.heads, t)])) as Record<QaTask, Head>;
  const observations: Observation[] = [];

  async function predict(image: GrayImage): Promise<Record<QaTask, number[]>> {
    const outputs = await runModel(model, preprocessXr(image, m.preprocessing));
    return Object.fromEntries(QA_TASKS.map((t) => [t, headProbabilities(heads[t], outputTensor(outputs, heads[t].output, m.id).data)])) as Record<
      QaTask,
      number[]
    >;
  }

  /** Index of the row's body part among the head's labels; −1 (not evaluated) for CT/MR or unknown parts. */
  function bodyPartTruth(row: LabelRow): number {
    if (!isRadiograph(row)) return -1;
    return heads.body_part.labels.indexOf(isChest(row) ? 'CHEST' : row.body_part);
  }

  return {
    model,
    wants: (row) => isChestRadiograph(row) || bodyPartTruth(row) >= 0,
    async observe({ dataset, row, image }: Sample) {
      const plain = await predict(image);
      const record = (task: QaTask, probs: number[], truth: number) => {
        if (truth >= 0) observations.push({ dataset, task, probs, truth });
      };
      record('body_part', plain.body_part, bodyPartTruth(row));
      if (!isChestRadiograph(row)) return;
      record('projection', plain.projection, heads.projection.labels.indexOf(row.view_norm ?? ''));
      for (const r of ROTATIONS) {
        const probs = r === 0 ? plain.rotation : (await predict(rotateImageClockwise(image, r))).rotation;
        record('rotation', probs, heads.rotation.labels.indexOf(String(r)));
      }
      // Left and right are undefined on a lateral: a mirrored left lateral looks like a right lateral.
      if (row.view_norm === 'LATERAL') return;
      record('flip', plain.flip, 0);
      record('flip', (await predict(mirrorImage(image))).flip, 1);
    },
    rows(split) {
      const out: EvalRow[] = [];
      for (const [dataset, obs] of groupBy(observations, (o) => o.dataset)) {
        for (const task of QA_TASKS) {
          const taskObs = obs.filter((o) => o.task === task);
          if (taskObs.length > 0) out.push(...taskRows(heads[task], taskObs, { model: m.id, task, dataset, split }));
        }
      }
      return out;
    },
    binaryScores() {
      const flip = heads.flip;
      const label = flip.labels[0];
      if (flip.activation !== 'sigmoid' || flip.thresholds?.[label] === undefined) return [];
      return [...groupBy(observations, (o) => o.dataset)].flatMap(([dataset, obs]) => {
        const flips = obs.filter((o) => o.task === 'flip');
        const probs = flips.map((o) => o.probs[0]);
        return flips.length ? [{ model: m.id, task: 'flip', label, dataset, probs, positives: flips.map((o) => o.truth === 1) }] : [];
      });
    },
  };
}
