/**
 * Minimum detail similarity (NCC of the high-passed images, see high-pass.ts, over the mask at full resolution)
 * for an alignment good enough to subtract. Plain NCC cannot judge this: chest films of different people
 * correlate strongly. Measured with this registration (rigid, whole image, high-pass radius = side / 64):
 *   - synthetic moves of one film (tests/domain/priors/registration):           NCC ≥ 0.99, detail 0.96–0.99
 *   - unrelated NIH patients, 24 random PA pairs (256 px):  NCC 0.32–0.92, detail −0.02–0.20
 *   - same patient, NIH PA pairs (14) / covid Hannover (6): NCC 0.40–0.91, detail 0.00–0.57 (most < 0.3:
 *     posture, inspiration and processing differ beyond a rigid transform, so ribs do not superimpose)
 * 0.5 sits in the gap between unrelated films and true alignments; real priors mostly fail it, which is right:
 * their subtraction would be dominated by rib and edge artefacts (side-by-side comparison stays available).
 */
export const GOOD_ALIGNMENT_DETAIL = 0.5;

/** The aligned prior must cover this much of the compared region, or the difference image has holes. */
export const MIN_SUBTRACTION_OVERLAP = 0.8;

export type AlignmentVerdict = { verdict: 'good' } | { verdict: 'poor'; reason: 'flat-image' | 'low-overlap' | 'misaligned-detail' };

export function judgeAlignment(similarity: number, detailSimilarity: number, overlap: number): AlignmentVerdict {
  if (Number.isNaN(similarity) || Number.isNaN(detailSimilarity)) return { verdict: 'poor', reason: 'flat-image' };
  if (overlap < MIN_SUBTRACTION_OVERLAP) return { verdict: 'poor', reason: 'low-overlap' };
  if (detailSimilarity < GOOD_ALIGNMENT_DETAIL) return { verdict: 'poor', reason: 'misaligned-detail' };
  return { verdict: 'good' };
}
