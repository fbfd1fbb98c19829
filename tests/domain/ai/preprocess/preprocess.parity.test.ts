import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { preprocessXr } from '../../../../src/domain/ai/preprocess';
import type { PreprocessingSpec } from '../../../../src/domain/ai/manifest';
import { decodeImageFile } from '../../../../tools/models-eval/decode';
import { MODELS_DIR, REPO_ROOT, requireDataDir } from '../../../support/data-dir';

/** Real radiographs of every shape in the data: square, landscape, portrait, tiny and 1024 px. */
const IMAGES = [
  'cxr_nih14_256/images/00000001_000.png',
  'cxr_covid_ieee8023/images/klebsiella-pneumonia-1.png',
  'cxr_pediatric_pneumonia_kermany/images/IM-0119-0001.png',
  'xr_body_parts/images/fracatlas_IMG0000002.png',
  'cxr_nih14_thumbs64/images/00000001_000.png',
  'cxr_nih14_sample/images/00000001_000.png',
];
const TOLERANCE = 1e-4;

/** The triage and QA input sizes from the committed manifests (224 and 256 before any exists). */
function modelSizes(): number[] {
  const manifests = existsSync(MODELS_DIR) ? readdirSync(MODELS_DIR).filter((f) => f.endsWith('.json')) : [];
  const sizes = manifests.map((f) => JSON.parse(readFileSync(join(MODELS_DIR, f), 'utf8')).preprocessing?.size as number);
  return [...new Set(sizes.length ? sizes : [224, 256])].sort((a, b) => a - b);
}

interface DumpEntry {
  file: string;
  shape: number[];
  k: number;
  w1: number;
  h1: number;
  nw: number;
  nh: number;
  ox: number;
  oy: number;
  tensor: string;
}

const work = mkdtempSync(join(tmpdir(), 'dokuei-parity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('preprocessing parity with models/training/preprocess.py', () => {
  const data = requireDataDir();
  const files = IMAGES.map((f) => resolve(data, f));

  it.each(modelSizes())('matches at S = %i', (size) => {
    const out = join(work, String(size));
    const dump = spawnSync('/usr/bin/python3', [join(REPO_ROOT, 'models/training/parity_dump.py'), '--size', String(size), '--out', out, ...files], {
      encoding: 'utf8',
    });
    expect(dump.status, `parity_dump.py failed: ${dump.stderr}`).toBe(0);
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as DumpEntry[];
    expect(index).toHaveLength(files.length);
    const spec: PreprocessingSpec = { id: 'dokuei-xr-v1', size, window: { method: 'percentile', low: 0.5, high: 99.5 }, normalize: { mean: 0.5, std: 0.25 } };
    let worst = 0;
    for (const entry of index) {
      const ts = preprocessXr(decodeImageFile(entry.file), spec);
      const { k, w1, h1, nw, nh, ox, oy } = ts.geometry;
      expect({ k, w1, h1, nw, nh, ox, oy }, entry.file).toEqual({
        k: entry.k,
        w1: entry.w1,
        h1: entry.h1,
        nw: entry.nw,
        nh: entry.nh,
        ox: entry.ox,
        oy: entry.oy,
      });
      const bytes = readFileSync(join(out, entry.tensor));
      const py = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      expect(py.length).toBe(ts.tensor.length);
      let diff = 0;
      for (let i = 0; i < py.length; i++) diff = Math.max(diff, Math.abs(py[i] - ts.tensor[i]));
      worst = Math.max(worst, diff);
      expect(diff, `${entry.file} at ${size}`).toBeLessThanOrEqual(TOLERANCE);
    }
    console.info(`preprocessing parity S=${size}: max |py − ts| = ${worst.toExponential(2)} over ${index.length} images`);
  });
});
