import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeImage, type ModelAnalysis } from '../../src/domain/ai/analyze';
import { validateManifest } from '../../src/domain/ai/manifest';
import { variantFileOf, VARIANT_SUFFIX, variantRefusal } from '../../src/domain/ai/quantization';
import { loadModel, type LoadedModel } from '../../src/domain/ai/runtime/load-model';
import { createOrtNodeBackend } from '../../src/services/inference/runtime/ort-node';
import { decodeImageFile } from '../../tools/models-eval/decode';
import { loadModelsFromDir } from '../../tools/models-eval/models';
import { MODELS_DIR, requireDataDir } from '../support/data-dir';

/** Real radiographs (chest of three sets, one limb), as in the float preprocessing parity test. */
const IMAGES = [
  'cxr_nih14_256/images/00000001_000.png',
  'cxr_covid_ieee8023/images/klebsiella-pneumonia-1.png',
  'cxr_pediatric_pneumonia_kermany/images/IM-0119-0001.png',
  'xr_body_parts/images/fracatlas_IMG0000002.png',
  'cxr_nih14_sample/images/00000001_000.png',
];
/**
 * Stated per-image tolerances of an int8 variant against its float model (measured worst on these images: 0.077
 * probability; mask Dice 0.995 on the chest films). Dice of two near-empty masks says nothing (cxr-lungs 1.1.0 on
 * the limb film: 172 float vs 51 int8 pixels of 215 552, Dice 0.46): below MASK_MIN_SHARE of the image, the masks
 * must instead differ in at most MASK_MAX_DIFFERING of its pixels.
 */
const PROBABILITY_TOLERANCE = 0.1;
const MASK_AGREEMENT = 0.95;
const MASK_MIN_SHARE = 0.01;
const MASK_MAX_DIFFERING = 0.001;
const OOD_RELATIVE_TOLERANCE = 0.1;

function probabilities(a: ModelAnalysis): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of a.heads) {
    if (h.kind === 'oneof') for (const [label, p] of Object.entries(h.probabilities)) out.set(`${h.head}/${label}`, p);
    else for (const f of h.findings) out.set(`${h.head}/${f.label}`, f.probability);
  }
  return out;
}

/** How far two masks agree: Dice, or for a near-empty float mask the share of the image where they differ. */
function maskDeviation(a: Uint8Array, b: Uint8Array): string | undefined {
  let both = 0;
  let sum = 0;
  let inFloat = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] > 0 ? 1 : 0;
    const y = b[i] > 0 ? 1 : 0;
    both += x & y;
    sum += x + y;
    inFloat += x;
  }
  if (inFloat < MASK_MIN_SHARE * a.length) {
    const differing = (sum - 2 * both) / a.length;
    return differing <= MASK_MAX_DIFFERING ? undefined : `near-empty masks differ in ${(100 * differing).toFixed(2)} % of the image`;
  }
  const agreement = (2 * both) / sum;
  return agreement >= MASK_AGREEMENT ? undefined : `Dice ${agreement.toFixed(3)} between float and int8`;
}

/** Every way the variant's analysis strays past the tolerances from the float one. */
function deviations(float: ModelAnalysis, quantized: ModelAnalysis): string[] {
  const out: string[] = [];
  const q = probabilities(quantized);
  for (const [key, p] of probabilities(float)) {
    const d = Math.abs(p - (q.get(key) ?? NaN));
    if (!(d <= PROBABILITY_TOLERANCE)) out.push(`${key}: float ${p.toFixed(3)} vs int8 ${q.get(key)?.toFixed(3)}`);
  }
  if (float.ood && quantized.ood) {
    const rel = Math.abs(float.ood.score - quantized.ood.score) / Math.max(1, Math.abs(float.ood.score));
    if (!(rel <= OOD_RELATIVE_TOLERANCE)) out.push(`ood score: float ${float.ood.score.toFixed(2)} vs int8 ${quantized.ood.score.toFixed(2)}`);
  }
  for (const [i, s] of (float.segmentation ?? []).entries()) {
    const problem = maskDeviation(s.mask.data, quantized.segmentation?.[i]?.mask.data ?? new Uint8Array(s.mask.data.length));
    if (problem) out.push(`${s.label} mask: ${problem}`);
  }
  return out;
}

describe('int8 variants (npm run models:quantize) agree with their float models', () => {
  const data = requireDataDir();
  const backend = createOrtNodeBackend();
  const pairs: { float: LoadedModel; quantized: LoadedModel }[] = [];
  beforeAll(async () => {
    for (const float of await loadModelsFromDir(MODELS_DIR, backend)) {
      const file = join(MODELS_DIR, `${float.manifest.id}${VARIANT_SUFFIX}.json`);
      if (!existsSync(file)) continue;
      const manifest = validateManifest(JSON.parse(readFileSync(file, 'utf8')), file);
      pairs.push({ float, quantized: await loadModel(backend, manifest, new Uint8Array(readFileSync(join(MODELS_DIR, manifest.file)))) });
    }
  });
  afterAll(async () => {
    for (const p of pairs) await Promise.all([p.float.session.release(), p.quantized.session.release()]);
  });

  it('has a variant of the current build for every model, gated and verified', () => {
    expect(pairs.length, `no <id>${VARIANT_SUFFIX}.json in ${MODELS_DIR}: run npm run models:quantize`).toBeGreaterThan(0);
    for (const { float, quantized } of pairs) {
      expect(quantized.manifest.file).toBe(variantFileOf(float.manifest.file));
      // A refusal here means the float model was retrained: re-run npm run models:quantize.
      const refusal = variantRefusal(float.manifest, quantized.manifest);
      if (quantized.manifest.quantization?.passed) expect(refusal).toBeNull();
      else expect(refusal).toMatch(/lost more accuracy|another build/);
    }
  });

  it('stays within the stated tolerances on real radiographs', { timeout: 120_000 }, async () => {
    const problems: string[] = [];
    let compared = 0;
    for (const path of IMAGES) {
      const image = decodeImageFile(resolve(data, path));
      for (const { float, quantized } of pairs) {
        const [a] = (await analyzeImage([float], image)).models;
        const [b] = (await analyzeImage([quantized], image)).models;
        problems.push(...deviations(a, b).map((d) => `${float.manifest.id} on ${path}: ${d}`));
        compared++;
      }
    }
    expect(compared).toBe(IMAGES.length * pairs.length);
    expect(problems).toEqual([]);
  });
});
