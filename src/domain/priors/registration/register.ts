import { highPass } from './high-pass';
import { patternSearch } from './pattern-search';
import type { GrayPlane, PlaneMask } from './plane';
import { judgeAlignment, type AlignmentVerdict } from './quality';
import { buildPyramid, halveMask, halvePlane } from './pyramid';
import { fixedSamples, similarity, type FixedSamples } from './similarity';
import { inverseMap, type RigidTransform } from './transform';

export interface RegistrationOptions {
  /** Region of the current image that must align (e.g. its lung mask). Default: the whole image. */
  mask?: PlaneMask;
  /** Also estimate an isotropic scale (different magnification). Default false: rigid. */
  allowScale?: boolean;
  /** Coarse search range. Defaults: ±10°, ±20 % of the image size, scale 0.9–1.1. */
  maxRotationDeg?: number;
  maxShiftFraction?: number;
  maxScaleChange?: number;
}

export interface Registration {
  transform: RigidTransform;
  /** NCC of the aligned images over the mask at full resolution; NaN when either image is flat. */
  similarity: number;
  /** The same NCC on high-passed images (ribs, vessels, edges): high only when fine structure superimposes. */
  detailSimilarity: number;
  /** Fraction of the mask the aligned prior covers. */
  overlap: number;
  /** Whether the alignment is good enough to subtract (see GOOD_ALIGNMENT_DETAIL). */
  quality: AlignmentVerdict;
}

/** The coarsest pyramid level has its longer side in [32, 64): lungs and mediastinum are still distinct. */
const COARSEST_SIDE = 32;
/** Grid steps of 1/32 of the image and 2.5°: within the capture range of the refinement that follows. */
const COARSE_SHIFT_STEPS_PER_SIDE = 32;
const COARSE_ROTATION_STEP_DEG = 2.5;
const COARSE_SCALE_STEP = 0.05;
/** Alignments covering less of the mask than this are not trusted (NCC on a sliver is meaningless). */
const MIN_OVERLAP = 0.5;
/** Coarse candidates kept, and the largest level (longer side) on which they still compete. */
const CANDIDATES = 4;
const CANDIDATE_LEVEL_MAX_SIDE = 64;
/** High-pass radius for the detail similarity, as a fraction of the longer side (4 px at 256, 8 px at 512). */
const DETAIL_RADIUS_FRACTION = 1 / 64;
/** Step halvings per level: 1 px → 1/8 px at each level. */
const HALVINGS = 3;

interface Level {
  fixed: GrayPlane;
  samples: FixedSamples;
  moving: GrayPlane;
}

type Params = readonly number[]; // [tx, ty, rotationDeg, scale?] in the level's pixels

const toTransform = (p: Params): RigidTransform => ({ tx: p[0], ty: p[1], rotationDeg: p[2], scale: p[3] ?? 1 });

function scoreAt(level: Level, params: Params): number {
  const { ncc, overlap } = similarity(level.samples, level.moving, inverseMap(toTransform(params), level.fixed, level.moving));
  return overlap >= MIN_OVERLAP && !Number.isNaN(ncc) ? ncc : -Infinity;
}

const maxSide = (plane: GrayPlane): number => Math.max(plane.width, plane.height);

function range(limit: number, step: number): number[] {
  const values: number[] = [];
  for (let v = -Math.floor(limit / step) * step; v <= limit + 1e-9; v += step) values.push(v);
  return values;
}

interface Scored {
  params: Params;
  score: number;
}

/**
 * Exhaustive grid at the coarsest level (≈ 2 k pixels, cheap) → the best few mutually distant candidates.
 * Several survive because chest films have competing optima (rib cage vs diaphragm, different inspiration).
 */
function coarseCandidates(level: Level, options: RegistrationOptions): Params[] {
  const side = maxSide(level.fixed);
  const shiftStep = side / COARSE_SHIFT_STEPS_PER_SIDE;
  const shifts = range((options.maxShiftFraction ?? 0.2) * side, shiftStep);
  const rotations = range(options.maxRotationDeg ?? 10, COARSE_ROTATION_STEP_DEG);
  const scales = options.allowScale ? range(options.maxScaleChange ?? 0.1, COARSE_SCALE_STEP).map((s) => 1 + s) : [1];
  const scored: Scored[] = [];
  for (const scale of scales) {
    for (const rotation of rotations) {
      for (const ty of shifts) {
        for (const tx of shifts) {
          const params = [tx, ty, rotation, scale];
          const score = scoreAt(level, params);
          if (score > -Infinity) scored.push({ params, score });
        }
      }
    }
  }
  scored.sort((a, b) => b.score - a.score);
  const distinct = (a: Params, b: Params): boolean =>
    Math.abs(a[0] - b[0]) > 2 * shiftStep ||
    Math.abs(a[1] - b[1]) > 2 * shiftStep ||
    Math.abs(a[2] - b[2]) > 2 * COARSE_ROTATION_STEP_DEG ||
    Math.abs(a[3] - b[3]) > 2 * COARSE_SCALE_STEP;
  const picked: Params[] = [];
  for (const { params } of scored) {
    if (picked.length === CANDIDATES) break;
    if (picked.every((other) => distinct(other, params))) picked.push(params);
  }
  return picked.length ? picked : [[0, 0, 0, 1]];
}

/** Pattern search from `start` with steps that move the image border by about one pixel of this level. */
function refine(level: Level, start: Params, allowScale: boolean): Scored {
  const side = maxSide(level.fixed);
  const steps = [1, 1, (180 / Math.PI) * (2 / side), 2 / side].slice(0, allowScale ? 4 : 3);
  return patternSearch((p) => scoreAt(level, p), start.slice(0, steps.length), steps, HALVINGS);
}

/**
 * Align `prior` to `current` (both gray planes; sizes may differ): a coarse grid search on the coarsest pyramid
 * level, then pattern-search refinement of NCC level by level up to full resolution. The coarse candidates
 * compete while levels are small; only the best is refined at the costly fine levels.
 */
export function register(current: GrayPlane, prior: GrayPlane, options: RegistrationOptions = {}): Registration {
  for (const plane of [current, prior]) {
    if (plane.width < 16 || plane.height < 16 || plane.data.length !== plane.width * plane.height) {
      throw new Error(`registration needs images of at least 16x16 with width·height values, got ${plane.width}x${plane.height} (${plane.data.length} values)`);
    }
  }
  const fixedLevels = buildPyramid(current, halvePlane, COARSEST_SIDE);
  const movingLevels = buildPyramid(prior, halvePlane, COARSEST_SIDE).slice(0, fixedLevels.length);
  const maskLevels = options.mask ? buildPyramid(options.mask, halveMask, COARSEST_SIDE) : [];
  const levels: Level[] = fixedLevels.slice(0, movingLevels.length).map((fixed, i) => ({
    fixed,
    samples: fixedSamples(fixed, maskLevels[i]),
    moving: movingLevels[i],
  }));

  const allowScale = options.allowScale ?? false;
  let candidates = coarseCandidates(levels[levels.length - 1], options);
  for (let i = levels.length - 1; i > 0; i--) {
    const refined = candidates.map((start) => refine(levels[i], start, allowScale));
    refined.sort((a, b) => b.score - a.score);
    const survivors = maxSide(levels[i - 1].fixed) <= CANDIDATE_LEVEL_MAX_SIDE ? refined : refined.slice(0, 1);
    candidates = survivors.map(({ params }) => [params[0] * 2, params[1] * 2, ...params.slice(2)]);
  }
  const transform = toTransform(refine(levels[0], candidates[0], allowScale).params);
  const map = inverseMap(transform, current, prior);
  const final = similarity(levels[0].samples, prior, map);
  const radius = Math.max(1, Math.round(maxSide(current) * DETAIL_RADIUS_FRACTION));
  const detail = similarity(fixedSamples(highPass(current, radius), options.mask), highPass(prior, radius), map).ncc;
  return {
    transform,
    similarity: final.ncc,
    detailSimilarity: detail,
    overlap: final.overlap,
    quality: judgeAlignment(final.ncc, detail, final.overlap),
  };
}
